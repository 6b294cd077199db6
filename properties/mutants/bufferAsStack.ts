// Seeded bug: a receive takes the NEWEST buffered value (the buffer as a
// stack), where chanrecv takes buf[recvx], the oldest.
// Killed by: fifoPerChannel, closeSemantics (a closed channel drains in order).

import { mutant } from '../../model/semantics.ts';

export const bufferAsStack = mutant('chan', () => ({ bufTake: (buf) => buf.length - 1 }));

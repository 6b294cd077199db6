// Seeded bug: a receive takes the NEWEST buffered value (the buffer as a
// stack), where chanrecv takes buf[recvx], the oldest.
// Killed by: fifoPerChannel, closeSemantics (a closed channel drains in order).

import type { Semantics } from '../../model/semantics.ts';
import { goSemantics } from '../../model/semantics.ts';

export const bufferAsStack: Semantics = {
  ...goSemantics,
  chan: { ...goSemantics.chan, bufTake: (buf) => buf.length - 1 },
};

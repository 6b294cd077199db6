// Seeded bug: a sender does not see parked receivers: it buffers its value,
// or parks, while a receiver waits.
// Killed by: noReceiverWhileBuffered (a buffered value next to a parked receiver).

import { mutant } from '../../model/semantics.ts';

export const parkedReceiversInvisible = mutant('chan', (go) => ({ waitqServable: (n, queue) => (queue === 'recvq' ? [] : go.waitqServable(n, queue)) }));

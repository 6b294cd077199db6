// Seeded bug: a sender does not see parked receivers: it buffers its value,
// or parks, while a receiver waits.
// Killed by: noReceiverWhileBuffered (a buffered value next to a parked receiver).

import type { Semantics } from '../../model/semantics.ts';
import { goSemantics } from '../../model/semantics.ts';

export const parkedReceiversInvisible: Semantics = {
  ...goSemantics,
  chan: { ...goSemantics.chan, waitqServable: (n, level, queue) => (queue === 'recvq' ? [] : goSemantics.chan.waitqServable(n, level, queue)) },
};

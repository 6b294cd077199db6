// Seeded bug: at the gc level a receiver takes from the NEWEST parked sender,
// where runtime/chan.go's waitq.dequeue takes the oldest.
// Killed by: fifoPerChannel (values leave in the order their sends arrived).

import type { Semantics } from '../../model/semantics.ts';
import { goSemantics } from '../../model/semantics.ts';

export const lifoSendq: Semantics = {
  ...goSemantics,
  chan: { ...goSemantics.chan, waitqServable: (n, level, queue) => (queue === 'sendq' && level === 'gc' && n > 0 ? [n - 1] : goSemantics.chan.waitqServable(n, level, queue)) },
};

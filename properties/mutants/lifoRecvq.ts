// Seeded bug: at the gc level a sender serves the NEWEST parked receiver
// (waitq as a stack), where runtime/chan.go's waitq.dequeue takes the oldest.
// Killed by: fifoPerChannel (receivers are served in arrival order).

import type { Semantics } from '../../model/semantics.ts';
import { goSemantics } from '../../model/semantics.ts';

export const lifoRecvq: Semantics = {
  ...goSemantics,
  chan: { ...goSemantics.chan, waitqServable: (n, level, queue) => (queue === 'recvq' && level === 'gc' && n > 0 ? [n - 1] : goSemantics.chan.waitqServable(n, level, queue)) },
};

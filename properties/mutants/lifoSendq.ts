// Seeded bug: at the gc level a receiver takes from the NEWEST parked sender,
// where runtime/chan.go's waitq.dequeue takes the oldest.
// Killed by: fifoPerChannel (values leave in the order their sends arrived).

import { mutant } from '../../model/semantics.ts';

export const lifoSendq = mutant('chan', (go, level) => ({ waitqServable: (n, queue) => (queue === 'sendq' && level === 'gc' && n > 0 ? [n - 1] : go.waitqServable(n, queue)) }));

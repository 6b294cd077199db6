// Seeded bug: at the gc level a sender serves the NEWEST parked receiver
// (waitq as a stack), where runtime/chan.go's waitq.dequeue takes the oldest.
// Killed by: fifoPerChannel (receivers are served in arrival order).

import { mutant } from '../../model/semantics.ts';

export const lifoRecvq = mutant('chan', (go, level) => ({ waitqServable: (n, queue) => (queue === 'recvq' && level === 'gc' && n > 0 ? [n - 1] : go.waitqServable(n, queue)) }));

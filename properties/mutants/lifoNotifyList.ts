// Seeded bug: Cond.Signal readies the goroutine that joined the notify list
// last, at the gc level where runtime/sema.go notifyListNotifyOne readies
// the oldest ticket.
// Killed by: signalReadiesOldest (a Signal readies the newest waiter).

import { mutant } from '../../model/semantics.ts';

export const lifoNotifyList = mutant('sync', (go, level) => ({ notifyServable: (n) => (level === 'gc' && n > 0 ? [n - 1] : go.notifyServable(n)) }));

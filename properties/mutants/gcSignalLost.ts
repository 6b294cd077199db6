// Seeded bug: at the gc level Cond.Signal readies nobody even when
// goroutines wait (as if notifyListNotifyOne found no ticket), so a program
// the spec level lets finish deadlocks at gc.
// Killed by: condGcRefinesSpec (gc has an outcome the spec level has not).

import { mutant } from '../../model/semantics.ts';

export const gcSignalLost = mutant('sync', (go, level) => ({ notifyServable: (n) => (level === 'gc' ? [] : go.notifyServable(n)) }));

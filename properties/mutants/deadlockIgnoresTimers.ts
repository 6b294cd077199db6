// Seeded bug: checkdead ignores pending timers, so a program whose only
// live goroutines sleep is declared deadlocked — Go's checkdead instead
// waits while any P has a timer (runtime/proc.go).
// Killed by: sleepIsNoDeadlock (a deadlock is reported while a goroutine sleeps).

import { mutant } from '../../model/semantics.ts';

export const deadlockIgnoresTimers = mutant('time', () => ({ timersPostponeDeadlock: false }));

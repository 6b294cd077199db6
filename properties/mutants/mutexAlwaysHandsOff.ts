// Seeded bug: Unlock always hands the lock to the head of the queue, as if
// the mutex were starving all the time — a strictly FIFO mutex, with no
// barging in normal mode.
// Killed by: bargingHappens (no woken waiter ever loses the lock to a
// newcomer).

import { mutant } from '../../model/semantics.ts';

export const mutexAlwaysHandsOff = mutant('sync', () => ({ handsOff: () => true }));

// Seeded bug: any pending timer may fire, its deadline come or not — a
// timer heap that pops without comparing the deadline with the time now.
// Killed by: timersFireOnTime (a sleep wakes before its duration has passed).

import { mutant } from '../../model/semantics.ts';

export const timersFireEarly = mutant('time', () => ({ firable: (timers) => timers.map((_, i) => i) }));

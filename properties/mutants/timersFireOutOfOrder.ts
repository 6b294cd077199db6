// Seeded bug: while a timer is due, the next one in the heap may fire too,
// ahead of time — a heap that pops the two smallest deadlines together.
// Killed by: timerFiresOnTime (a timer fires before its deadline) and
// timersFireOnTime (a sleep wakes while an earlier one still sleeps).

import { mutant } from '../../model/semantics.ts';

export const timersFireOutOfOrder = mutant('time', (go) => ({
  firable: (timers) => {
    const due = go.firable(timers);
    return due.length > 0 && due.length < timers.length ? [...due, due.length] : due;
  },
}));

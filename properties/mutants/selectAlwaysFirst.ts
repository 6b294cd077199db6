// Seeded bug: only the first ready case of a select may win (a fixed poll
// order), where selectgo polls in a uniformly random order.
// Killed by: everyReadyCaseCanWin, selectUniform.

import { mutant } from '../../model/semantics.ts';

export const selectAlwaysFirst = mutant('select', () => ({ winners: (ready) => ready.slice(0, 1) }));

// Seeded bug: every ready case may win, but the first ready one is listed
// twice, so a uniform pick among the choices favours it 2:1 — a select whose
// poll order is not uniform (e.g. a shuffle with an off-by-one).
// Killed by: selectUniform (chi-square); everyReadyCaseCanWin cannot see it.

import { mutant } from '../../model/semantics.ts';

export const selectBiasedToFirst = mutant('select', () => ({ winners: (ready) => (ready.length > 0 ? [0, ...ready.map((_, i) => i)] : []) }));

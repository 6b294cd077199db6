// Seeded bug: a select never lets a ready case win on its first pass: it
// takes default (or parks) even when a case could proceed, as a selectgo
// that skipped pass 1 would.
// Killed by: defaultOnlyWhenNothingReady.

import { mutant } from '../../model/semantics.ts';

export const selectIgnoresReadyCases = mutant('select', () => ({ winners: () => [] }));

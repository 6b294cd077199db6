// Mutant: a promise takes only the values the program spells as literals
// (model/memory/values.ts literalUniverse), not every value a run may
// store — so `y = 3*2` is never promised 6 (LB+computed+data forbidden).
// Caught by: enginesAgreeOnBranches, corpusAgrees.

import { mutant } from '../../model/semantics.ts';

export const literalPromises = mutant('memory', () => ({ computedPromises: false }));

// Mutant: the control dependency of an `if` on a promised value lasts for
// everything after it, as a loop's does, instead of ending where the arms
// join — so a write after the `if`, which happens either way, is wrongly
// ordered after the read (LB+after-if+data forbidden).
// Caught by: enginesAgreeOnBranches, corpusAgrees.

import { mutant } from '../../model/semantics.ts';

export const stickyIfDeps = mutant('memory', () => ({ ifDepsEndAtJoin: false }));

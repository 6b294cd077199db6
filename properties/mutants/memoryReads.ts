// Seeded bugs in what a plain read may see (model/memory/words.ts):
//   showShadowedWrites  a write shadowed through happens-before stays
//                       visible (CoWR0's r0=0, MP+chan's r=0 appear);
//   noPromises          no read takes a later write's value (load
//                       buffering disappears: LB's r0=r1=1);
//   thinAir             a write may fulfil a promise its own value depends
//                       on (LB+datas' self-justifying 1s appear);
//   readWriteRacesIgnored  the race detector only sees write–write pairs.
// Killed by corpusAgrees (the corpus/memory cases named above),
// enginesAgree (the axiomatic checker disagrees) and, for the last,
// racyIsReported.

import { mutant } from '../../model/semantics.ts';

export const showShadowedWrites = mutant('memory', () => ({ hideShadowed: false }));
export const noPromises = mutant('memory', () => ({ promises: false }));
export const thinAir = mutant('memory', () => ({ noThinAir: false }));
export const readWriteRacesIgnored = mutant('memory', () => ({ readWriteRaces: false }));

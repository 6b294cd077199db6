// `walkSeeds(constraints)`: seeds for random walks (model/explore/random.ts).
// A walk is a function of its seed, so a list of seeds is a list of
// schedules; fast-check shrinks a failing list to the one seed that matters
// (and that seed towards 0), and every failure prints the seed it walked.

import fc from 'fast-check';

export interface WalkSeedsConstraints {
  /** How many walks (default 4). */
  readonly count?: number;
}

export function walkSeeds(constraints: WalkSeedsConstraints = {}): fc.Arbitrary<number[]> {
  const count = constraints.count ?? 4;
  return fc.array(fc.nat({ max: 0x7fffffff }), { minLength: 1, maxLength: count });
}

// Random walks: from the initial state, pick uniformly among the enabled
// choices until the program ends or the depth bound is hit. A walk is fully
// determined by its seed (pure-rand's xoroshiro128+), and returns the
// Schedule that replays it exactly (replay.ts).
//
// Picking a goroutine and then one of its ways uniformly gives select's
// uniform choice among ready cases at every level (runtime/select.go: a
// uniformly random pollorder), so the distributions of a walk can be tested.

import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { Scenario } from '../ir.ts';
import type { Outcome } from '../outcome.ts';
import type { Choice } from '../step.ts';
import { choiceLabel, enabled, initial, step, terminal } from '../step.ts';
import type { ExploreOptions } from './oracle.ts';
import { modelFor } from './oracle.ts';
import type { Schedule } from './strategy.ts';
import { typeOK } from '../state.ts';

export interface Walk {
  /** The outcome, or null when the depth bound stopped the walk first. */
  readonly outcome: Outcome | null;
  readonly schedule: Schedule;
}

export function randomWalk(s: Scenario, seed: number, o: ExploreOptions = {}): Walk {
  const m = modelFor(s, o);
  const rng = xoroshiro128plus(seed);
  let st = initial(m);
  const steps: string[] = [];
  for (let d = 0; d < m.config.bounds.maxDepth; d++) {
    const choices = enabled(m, st);
    if (choices.length === 0) return { outcome: terminal(m, st), schedule: { scenario: s.name, level: m.level, seed, steps } };
    // First the goroutine, then its way: each runnable goroutine is equally likely.
    const goids = [...new Set(choices.map((c) => c.goid))];
    const goid = goids[uniformInt(rng, 0, goids.length - 1)]!;
    const mine: Choice[] = choices.filter((c) => c.goid === goid);
    const c = mine[uniformInt(rng, 0, mine.length - 1)]!;
    steps.push(choiceLabel(m, st, c));
    st = step(m, st, c).state;
    if (o.debug) typeOK(st);
  }
  return { outcome: null, schedule: { scenario: s.name, level: m.level, seed, steps } };
}

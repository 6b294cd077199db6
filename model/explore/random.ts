// Random walks: from the initial state, pick uniformly among the enabled
// choices until the program ends or the depth bound is hit. A walk is fully
// determined by its seed (pure-rand's xoroshiro128+), and returns the
// Schedule that replays it exactly (replay.ts).
//
// A step picks a runnable goroutine uniformly, then, when that goroutine is
// at a select, one of its ready cases uniformly (runtime/select.go: a
// uniformly random pollorder), and only then one of the ways that case can
// go (which parked waiter serves it, at the spec level). Picking among ways
// directly would weigh a case by its number of parked partners. So a walk's
// select choices have Go's odds at every level, and can be tested.

import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { Scenario } from '../ir.ts';
import type { Outcome } from '../outcome.ts';
import { choiceLabel, initial, successors, terminal } from '../step.ts';
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
  // No promises on a walk: one that promised could end unfulfilled, which is no run at all.
  const m = modelFor(s, { ...o, config: { ...o.config, speculativeReads: false } });
  const rng = xoroshiro128plus(seed);
  let st = initial(m);
  const steps: string[] = [];
  for (let d = 0; d < m.config.bounds.maxDepth; d++) {
    const succ = successors(m, st);
    if (succ.length === 0) return { outcome: terminal(m, st), schedule: { scenario: s.name, level: m.level, seed, steps } };
    const pick = <T>(xs: readonly T[]): T => xs[uniformInt(rng, 0, xs.length - 1)]!;
    const goid = pick([...new Set(succ.map((x) => x.choice.goid))]);
    const mine = succ.filter((x) => x.choice.goid === goid);
    const cases = [...new Set(mine.map((x) => x.selectCase))];
    const selectCase = pick(cases);
    const chosen = pick(mine.filter((x) => x.selectCase === selectCase));
    steps.push(choiceLabel(m, st, chosen.choice));
    st = chosen.result.state;
    if (o.debug) typeOK(st);
  }
  return { outcome: null, schedule: { scenario: s.name, level: m.level, seed, steps } };
}

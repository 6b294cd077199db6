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
//
// When main returns with goroutines left behind, the walk runs them on the
// same way until they settle (settle.ts says where that is), so its outcome
// says who leaked, as the oracle's do.

import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { Scenario } from '../ir.ts';
import type { Outcome } from '../outcome.ts';
import type { ExploreOptions } from './oracle.ts';
import { modelFor } from './oracle.ts';
import type { Pick } from './search.ts';
import { walk } from './search.ts';
import type { Schedule } from './strategy.ts';

export interface Walk {
  /** The outcome, or null when the depth bound stopped the walk first. */
  readonly outcome: Outcome | null;
  readonly schedule: Schedule;
}

export function randomWalk(s: Scenario, seed: number, o: ExploreOptions = {}): Walk {
  // No promises on a walk: one that promised could end unfulfilled, which is no run at all.
  const m = modelFor(s, { ...o, config: { ...o.config, speculativeReads: false } });
  const r = walk(m, uniformPick(seed), { maxSteps: m.config.bounds.maxDepth, ...(o.debug ? { debug: true } : {}) });
  return { outcome: r.outcome, schedule: { scenario: s.name, level: m.level, seed, steps: r.steps.map((x) => x.label) } };
}

/**
 * The random strategy (see the header): a runnable goroutine uniformly, then
 * among its ways with odds (action.ts WayNote `uniform`) one odds group
 * uniformly, then one way of it. It stops once the run has settled.
 */
export function uniformPick(seed: number): Pick {
  const rng = xoroshiro128plus(seed);
  const pick = <T>(xs: readonly T[]): T => xs[uniformInt(rng, 0, xs.length - 1)]!;
  return (_st, succ, ctx) => {
    if (ctx.settled() || succ.length === 0) return null;
    const goid = pick([...new Set(succ.map((x) => x.choice.actor))]);
    const mine = succ.filter((x) => x.choice.actor === goid);
    const group = pick([...new Set(mine.map((x) => x.uniform))]);
    return succ.indexOf(pick(mine.filter((x) => x.uniform === group)));
  };
}

// The model itself as an implementation under test: N seeded random walks
// (model/explore/random.ts) folded into a histogram of outcomes.
//
// Why run the model against its own oracle: it checks the harness end to end
// (a walk can only reach outcomes the exhaustive search also reaches, so
// `gospec check --impl model` must pass on every case), and a mutant of the
// model (properties/mutants, via `semantics`) is the cheapest IUT with a
// known bug.
//
// Seeds: run i of scenario s uses `runSeed(seed, s.name, i)`, a mix of the
// run seed, the scenario's name and i. A case's runs do not depend on which
// other cases run or in what order, so one case's failure replays alone with
// the printed seed.

import type { Scenario } from '../../model/ir.ts';
import type { Outcome } from '../../model/outcome.ts';
import { outcomeKey } from '../../model/outcome.ts';
import type { ExploreOptions } from '../../model/explore/oracle.ts';
import { randomWalk } from '../../model/explore/random.ts';
import type { Adapter, Observed, RunOptions } from './adapter.ts';
import { HistogramBuilder } from './adapter.ts';

/** FNV-1a over the name's UTF-16 code units, 32 bits. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A 32-bit finaliser (murmur3's fmix32): nearby inputs give unrelated outputs. */
function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The seed of run `i` of scenario `name` under the run seed `seed`. */
export function runSeed(seed: number, name: string, i: number): number {
  return fmix32(fmix32(seed ^ fnv1a(name)) + i);
}

/**
 * A walk still running after this many steps counts as a run that hangs: the
 * outcome `may-not-terminate`, as a real IUT's run that outlives its per-run
 * timeout. Corpus cases end within a few hundred steps; the model's own
 * depth bound (100 000) would make one hanging walk take about a second.
 */
export const DEFAULT_MAX_WALK_STEPS = 1000;

export interface ModelAdapterOptions {
  /** The name reports print and `unsupportedBy` matches (default "model"). */
  readonly name?: string;
  /** Steps after which a walk counts as hanging (default DEFAULT_MAX_WALK_STEPS). */
  readonly maxWalkSteps?: number;
  /** Exploration options for the walks: a mutant's semantics, config overrides. */
  readonly explore?: ExploreOptions;
}

export function makeModelAdapter(o: ModelAdapterOptions = {}): Adapter {
  const name = o.name ?? 'model';
  return {
    name,
    run(scenario: Scenario, opts: RunOptions): Promise<Observed> {
      const eo = o.explore ?? {};
      const maxDepth = o.maxWalkSteps ?? DEFAULT_MAX_WALK_STEPS;
      const walkOptions: ExploreOptions = { ...eo, config: { ...(eo.config ?? {}), bounds: { ...(eo.config?.bounds ?? {}), maxDepth } } };
      return Promise.resolve(runWalks(name, scenario, opts, walkOptions));
    },
  };
}

/** The unmodified model. */
export const modelAdapter: Adapter = makeModelAdapter();

function runWalks(name: string, scenario: Scenario, opts: RunOptions, eo: ExploreOptions): Observed {
  const h = new HistogramBuilder(name);
  const t0 = performance.now();
  for (let i = 0; i < opts.runs; i++) {
    if (performance.now() - t0 > opts.timeoutMs) {
      h.failure('timeout', `stopped after ${i} of ${opts.runs} runs: the ${opts.timeoutMs} ms budget ran out`);
      break;
    }
    const seed = runSeed(opts.seed, scenario.name, i);
    try {
      const walk = randomWalk(scenario, seed, eo);
      if (walk.outcome === null) {
        // A run that does not end is an observation (Go hangs too), not an adapter failure.
        const hang: Outcome = { end: 'may-not-terminate', obs: {} };
        h.outcome(outcomeKey(hang), hang, { run: i, seed, schedule: walk.schedule, note: `still running after ${walk.schedule.steps.length} steps` });
      } else {
        h.outcome(outcomeKey(walk.outcome), walk.outcome, { run: i, seed, schedule: walk.schedule });
      }
    } catch (e) {
      // The model crashing is an IUT crash like any other: said plainly, the run goes on.
      h.error('crash', e instanceof Error ? e.message : String(e), { run: i, seed });
    }
  }
  return h.build();
}

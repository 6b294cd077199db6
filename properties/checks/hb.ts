// Happens-before as data against happens-before as clocks:
//   - hbEdgesInClocks: every edge Go's memory model draws between the steps
//     of a run, counted from the steps' records (model/memory/hbnotes.ts
//     `hbEdges`: the j-th receive after the j-th send, the (j−C)-th receive
//     before the j-th send, Unlock before a later Lock, …), is one the
//     model's vector clocks (model/memory/hb.ts) hold: after the target's
//     step, its clock knows the source's epoch at the source's step.
//   - hbEdgesInClocksOnCorpus: the same on walks of the corpus's cases,
//     which have the sync objects and atomics generated scenarios lack.
// The two are independent computations of the same rules: one counts along
// the run, the other carries clocks through the state. A rule the clocks
// drop (the dropHbRule mutants) leaves edges the records still draw.

import fc from 'fast-check';
import type { Level, Scenario } from '../../model/ir.ts';
import type { Semantics } from '../../model/semantics.ts';
import { hbEdges } from '../../model/memory/hbnotes.ts';
import { clockOf } from '../../model/memory/hb.ts';
import { at } from '../../model/memory/vclock.ts';
import { modelFor } from '../../model/explore/oracle.ts';
import { uniformPick } from '../../model/explore/random.ts';
import { walk } from '../../model/explore/search.ts';
import type { State } from '../../model/state.ts';
import { scenario } from '../arbitraries/scenario.ts';
import { walkSeeds } from '../arbitraries/schedule.ts';
import type { PropertyCheck } from '../check.ts';
import { assertProperty } from '../check.ts';
import { LEVELS } from '../states.ts';
import { runnableCases } from './corpus.ts';

/** The scenario with a plain word, so that the model keeps vector clocks (hb.ts: without one they are no-ops). */
export function withClocks(sc: Scenario): Scenario {
  return { ...sc, objects: { ...(sc.objects ?? {}), clocksOn: { kind: 'word' } } };
}

/** Walks sc (with clocks) once per seed and throws at the first edge the clocks do not hold. */
function edgesHold(raw: Scenario, sem: Semantics, level: Level, seeds: readonly number[]): void {
  const sc = withClocks(raw);
  const m = modelFor(sc, { semantics: sem, config: { level, speculativeReads: false } });
  for (const seed of seeds) {
    // The state before each step; after the last, the final one.
    const before: State[] = [];
    const pick = uniformPick(seed);
    const r = walk(m, (st, succ, ctx) => {
      const k = pick(st, succ, ctx);
      if (k !== null) before.push(st);
      return k;
    }, { maxSteps: m.config.bounds.maxDepth });
    const after = (j: number): State => before[j + 1] ?? r.final;
    for (const e of hbEdges(r.steps.map((x) => x.hb), r.steps.map((x) => x.choice.actor))) {
      const epoch = at(clockOf(before[e.from.step]!, e.from.goid), e.from.goid);
      const known = at(clockOf(after(e.to.step), e.to.goid), e.from.goid);
      if (known < epoch) {
        const steps = r.steps.map((x, i) => `    ${i + 1}. ${x.label}`).join('\n');
        throw new Error(`${raw.name}, seed ${seed}: rule ${e.rule}: g${e.to.goid} after step ${e.to.step + 1} knows g${e.from.goid}'s epoch ${known}, but the edge from step ${e.from.step + 1} brings ${epoch}\n${steps}`);
      }
    }
  }
}

export const hbEdgesInClocks: PropertyCheck = {
  name: 'hbEdgesInClocks',
  claim: "every happens-before edge counted from a run's records is one the vector clocks hold",
  run: (sem, over) => assertProperty(fc.tuple(scenario(), LEVELS, walkSeeds()), ([sc, level, seeds]) => edgesHold(sc, sem, level, seeds), 150, over),
};

/** The walks of the corpus's cases, seeds 0 to 7: the sync objects and atomics the generated scenarios lack. */
export const hbEdgesInClocksOnCorpus: PropertyCheck = {
  name: 'hbEdgesInClocksOnCorpus',
  claim: "on the corpus's walks too, every happens-before edge counted from the records is one the vector clocks hold",
  run: (sem) => {
    const seeds = [0, 1, 2, 3, 4, 5, 6, 7];
    for (const { scenario: sc } of runnableCases()) edgesHold(sc, sem, sc.level ?? 'spec', seeds);
  },
};

// The leak verdict (model/explore/settle.ts): a goroutine is leaked when,
// run on after main's return with main gone, no schedule lets it finish.
//   - leaksAreForever: for every outcome the explorer reaches, replay its
//     witness to where the goroutines left behind settled; there every
//     goroutine still alive is named (leaked or spinning: none forgotten),
//     the names are exactly theirs, and none of them can still finish on
//     any schedule from there — judged by a search of its own, not by
//     settle.ts's components. Channel scenarios only (the generator's):
//     with plain words, a stale loop may leave a goroutine that a fresh
//     read would let finish;
//   - leakCorpusAgrees: every case that states a leak verdict (`expect.leaks`,
//     or outcomes with `parked`, `leaked` or `spinning`) agrees with the
//     explorer, so that a leak verdict that changes is caught by the case
//     that tells.

import fc from 'fast-check';
import type { Outcome } from '../../model/outcome.ts';
import { explore } from '../../model/explore/oracle.ts';
import { replay } from '../../model/explore/replay.ts';
import { modelFor } from '../../model/explore/oracle.ts';
import type { Model } from '../../model/step.ts';
import { enabled, step } from '../../model/step.ts';
import type { State } from '../../model/state.ts';
import { resume, stateKey } from '../../model/state.ts';
import { scenario } from '../arbitraries/scenario.ts';
import type { PropertyCheck } from '../check.ts';
import { assertProperty } from '../check.ts';
import { LEVELS } from '../states.ts';
import { corpusProperty } from './corpus.ts';
import { GOROUTINE_LISTS } from '../../model/outcome.ts';

const BOUND = 20_000;

export const leaksAreForever: PropertyCheck = {
  name: 'leaksAreForever',
  claim: 'run on from where its goroutines settled, every outcome names exactly the goroutines still alive, and none of them can finish',
  run: (sem, over) =>
    assertProperty(fc.tuple(scenario({ form: 'main' }), LEVELS), ([sc, level]) => {
      const ex = explore(sc, { semantics: sem, config: { level, bounds: { maxStates: BOUND } } });
      fc.pre(ex.complete);
      const m = modelFor(sc, { semantics: sem, config: { level, speculativeReads: false } });
      for (const o of ex.outcomes) {
        if (o.outcome.end !== 'ok') continue;
        const r = replay(sc, o.witness, { semantics: sem });
        const at = r.final.exit ? resume(r.final) : r.final;
        const why = wrongLeak(m, at, o.outcome);
        if (why) throw new Error(`${o.key}: ${why}\n  witness: ${o.witness.steps.join(' ; ')}`);
      }
    }, 100, over),
};

/** What is wrong with the outcome's leak lists at the settled state `at`, or null. */
function wrongLeak(m: Model, at: State, o: Outcome): string | null {
  const alive = at.gs.filter((g) => g.status !== 'dead');
  const named = [...(o.leaked ?? []), ...(o.spinning ?? [])].sort();
  const labels = alive.map((g) => g.label).sort();
  if (named.join(',') !== labels.join(',')) {
    return `goroutines still alive where it settled: [${labels.join(', ')}]; the outcome names [${named.join(', ')}] as leaked or spinning`;
  }
  for (const g of alive) {
    if (canFinish(m, at, g.goid)) return `${g.label} (g${g.goid}) is named as never finishing, yet some schedule from where it settled lets it finish`;
  }
  return null;
}

/** Is some state reachable from `from` in which goroutine `goid` is dead? (depth-first, bounded) */
function canFinish(m: Model, from: State, goid: number): boolean {
  const seen = new Set<string>([stateKey(from)]);
  const stack = [from];
  while (stack.length > 0 && seen.size < BOUND) {
    const s = stack.pop()!;
    if (s.gs[goid - 1]!.status === 'dead') return true;
    for (const c of enabled(m, s)) {
      const next = step(m, s, c).state;
      const k = stateKey(next);
      if (!seen.has(k)) {
        seen.add(k);
        stack.push(next);
      }
    }
  }
  return false;
}

export const leakCorpusAgrees: PropertyCheck = corpusProperty(
  'leakCorpusAgrees',
  'every corpus case that states a leak verdict agrees with the explorer',
  (s) => s.expect?.leaks !== undefined || (s.expect?.allowed ?? []).some((o) => GOROUTINE_LISTS.some((l) => o[l] !== undefined)),
);

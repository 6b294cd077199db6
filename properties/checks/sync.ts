// Properties of the sync objects (model/sync/) over the sync corpus: the
// scenario generator (properties/arbitraries/) makes no sync statements yet,
// so these run over every case under corpus/sync/ — small, hand-checked
// programs — exhaustively rather than over random ones:
//   - syncInvariants: every sync object keeps its mechanism's named
//     invariants (mutexInvariants, rwmutexInvariants, waitgroupInvariants,
//     onceInvariants, condInvariants) in every reachable state, at both
//     levels;
//   - syncCorpusAgrees: every sync case's expectation (its whole outcome
//     set, its forbidden outcomes) agrees with what the explorer computes —
//     the corpus as a property, so that a seeded bug in a sync decision
//     point (properties/mutants/) is caught by the case that tells.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../../model/ir.ts';
import type { Semantics } from '../../model/semantics.ts';
import { explore } from '../../model/explore/oracle.ts';
import { brokenSyncInvariant, describeSync } from '../../model/sync/syncs.ts';
import { checkExpectation, describeExpectationFailure } from '../../harness/check.ts';
import { formatLoadError, loadCases } from '../../harness/load.ts';
import type { PropertyCheck } from '../check.ts';
import { everyState } from '../states.ts';

const SYNC_CORPUS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'corpus', 'sync');

let loaded: readonly Scenario[] | null = null;

/** The runnable cases of corpus/sync/ (loaded once; a load error fails the property that needs them). */
export function syncCases(): readonly Scenario[] {
  if (loaded) return loaded;
  const { cases, errors } = loadCases([SYNC_CORPUS]);
  if (errors.length > 0) throw new Error(`corpus/sync does not load: ${errors.map(formatLoadError).join('; ')}`);
  loaded = cases.map((c) => c.scenario).filter((s) => s.status !== 'skip');
  if (loaded.length === 0) throw new Error('corpus/sync has no cases');
  return loaded;
}

/**
 * One property over the whole sync corpus: `check` runs on every case and
 * returns what broke, or null; the first failure is thrown, naming the case.
 * The cases are the domain, each explored exhaustively, so there is no
 * sample to draw (as properties/checks/corpus.ts does for the memory model).
 */
function overSyncCorpus(name: string, claim: string, check: (s: Scenario, sem: Semantics) => string | null): PropertyCheck {
  return {
    name,
    claim,
    run: (sem) => {
      for (const s of syncCases()) {
        let bad: string | null;
        try {
          bad = check(s, sem);
        } catch (e) {
          // A Violation from a state search: its sentence and the schedule that reaches it.
          bad = e instanceof Error ? e.message : String(e);
        }
        if (bad !== null) throw new Error(`${s.name}: ${bad}`);
      }
    },
  };
}

export const syncInvariants: PropertyCheck = overSyncCorpus(
  'syncInvariants',
  'hold after every step of every corpus/sync case, at both levels',
  (s, sem) => {
    for (const level of ['spec', 'gc'] as const) {
      everyState(s, { semantics: sem, level }, ({ m, s: st }) => {
        for (const o of m.program.objects) {
          if (o.sync < 0) continue;
          const x = st.syncs[o.sync]!;
          const broken = brokenSyncInvariant(x, st.gs);
          if (broken) return `${broken} fails at ${level}: ${describeSync(o.name, x)}`;
        }
        return null;
      });
    }
    return null;
  },
);

export const syncCorpusAgrees: PropertyCheck = overSyncCorpus(
  'syncCorpusAgrees',
  "every corpus/sync case's expectation agrees with the explorer",
  (s, sem) => {
    const report = checkExpectation(s, explore(s, { semantics: sem }));
    return report.ok ? null : report.failures.map(describeExpectationFailure).join('; ');
  },
);

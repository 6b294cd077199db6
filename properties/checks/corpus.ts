// corpusAgrees: the memory-model corpus as a property. Every case under
// corpus/ that declares a plain word is explored under the given semantics
// and its expectation checked (harness/check.ts checkExpectation: the full
// outcome set, the question's answer, the race verdict). Under Go's
// semantics corpus/corpus.test.ts already runs this; here it is the killer
// of the memory mutants (properties/mutants.test.ts): dropping any one
// happens-before rule, or any part of the racy-read rule, must make some
// case disagree. `corpusProperty` makes such a property of any slice of the
// corpus (leak.ts's leakCorpusAgrees is another).

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../../model/ir.ts';
import { checkExpectation, describeExpectationFailure, exploreCase, hasPlainWords } from '../../harness/check.ts';
import { loadCases } from '../../harness/load.ts';
import type { PropertyCheck } from '../check.ts';

const CORPUS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'corpus');

let cached: readonly { file: string; scenario: Scenario }[] | undefined;

/** The corpus's runnable cases, loaded once. */
export function runnableCases(): readonly { file: string; scenario: Scenario }[] {
  cached ??= loadCases([CORPUS]).cases.filter((c) => c.scenario.status !== 'skip');
  return cached;
}

/**
 * A corpus slice as a property: the cases `pick` takes, each explored under
 * the given semantics and its expectation checked.
 */
export function corpusProperty(name: string, claim: string, pick: (s: Scenario) => boolean): PropertyCheck {
  return {
    name,
    claim,
    run: (sem) => {
      const cases = runnableCases().map((c) => c.scenario).filter(pick);
      if (cases.length === 0) throw new Error(`${name}: no such cases under corpus/`);
      for (const s of cases) {
        const r = exploreCase(s, { semantics: sem, config: { level: s.level ?? 'spec', bounds: { maxStates: 200_000 } } });
        if ('error' in r) throw new Error(`${s.name}: the model cannot explore it: ${r.error}`);
        const report = checkExpectation(s, r.result);
        if (!report.ok) throw new Error(`${s.name}: ${report.failures.map(describeExpectationFailure).join('; ')}`);
      }
    },
  };
}

export const corpusAgrees: PropertyCheck = corpusProperty('corpusAgrees', 'every memory-model corpus case agrees with the explorer', hasPlainWords);

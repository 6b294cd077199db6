// The corpus, data-driven (docs/style.md habit 17): one loop over every case
// under corpus/, no test function per file.
//
//   1. every case file loads (one test lists every load error, file:line:col);
//   2. per case, the explorer's outcome set agrees with the case's `expect`
//      (checkExpectation), failing with the differing outcome named;
//   3. per case, the model run as an implementation under test (seeded random
//      walks) shows only allowed outcomes: observed ⊆ allowed.
// Cases with `status: skip` appear as skipped tests whose title carries the
// reason; nothing is dropped silently.

import { basename, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../model/ir.ts';
import type { ExploreResult } from '../model/explore/oracle.ts';
import { modelAdapter } from '../harness/adapters/model.ts';
import { checkExpectation, checkObserved, describeAdapterError, describeExpectationFailure, exploreCase } from '../harness/check.ts';
import { formatLoadError, loadCases } from '../harness/load.ts';
import { formatCase } from '../harness/report/console.ts';
import { SEED } from '../properties/seed.ts';

const CORPUS = dirname(fileURLToPath(import.meta.url));
const { cases, errors } = loadCases([CORPUS]);

/** Runs per case for the adapter test: enough to exercise each case, few enough to keep the suite fast. */
const ADAPTER_RUNS = 60;

/** `chan/close-races-send`: the mechanism directory and the case's name. */
const title = (file: string, s: Scenario): string => `${relative(CORPUS, dirname(file)) || '.'}/${s.name}`;
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

// Both loops below need each case's oracle; explore it once.
const oracles = new Map<string, { result: ExploreResult } | { error: string }>();
function oracleOf(file: string, s: Scenario): ExploreResult {
  let r = oracles.get(file);
  if (!r) {
    r = exploreCase(s);
    oracles.set(file, r);
  }
  if ('error' in r) throw new Error(`${basename(file)}: the model cannot explore ${s.name}: ${r.error}`);
  return r.result;
}

describe(`corpus (${cases.length} cases under ${relative(process.cwd(), CORPUS) || '.'})`, () => {
  it('every case file loads', () => {
    expect(errors.map(formatLoadError), 'these case files do not load').toEqual([]);
  });

  it('has cases', () => {
    expect(cases.length).toBeGreaterThan(0);
  });
});

describe('corpus expectations: expect agrees with the explorer', () => {
  for (const { file, scenario } of cases) {
    const name = title(file, scenario);
    if (scenario.status === 'skip') {
      it.skip(`${name} — skipped: ${oneLine(scenario.reason ?? 'no reason given')}`, () => {});
      continue;
    }
    it(name, () => {
      // Arrange / Act
      const report = checkExpectation(scenario, oracleOf(file, scenario));
      // Assert: the differing outcomes, one per line, with the witness stories in the message
      const story = formatCase({ file, name: scenario.name, level: scenario.level ?? 'spec', status: 'expectation', expectation: report, ms: 0 }, scenario);
      expect(report.failures.map(describeExpectationFailure), story.join('\n')).toEqual([]);
    });
  }
});

describe(`corpus with the model as the implementation: observed ⊆ allowed (seed ${SEED}, ${ADAPTER_RUNS} runs per case)`, () => {
  for (const { file, scenario } of cases) {
    const name = title(file, scenario);
    if (scenario.status === 'skip') {
      it.skip(`${name} — skipped: ${oneLine(scenario.reason ?? 'no reason given')}`, () => {});
      continue;
    }
    if ((scenario.unsupportedBy ?? []).includes(modelAdapter.name)) {
      it.skip(`${name} — unsupported by ${modelAdapter.name}: ${oneLine(scenario.reason ?? 'no reason given')}`, () => {});
      continue;
    }
    it(name, async () => {
      // Arrange
      const oracle = oracleOf(file, scenario);
      // Act
      const observed = await modelAdapter.run(scenario, { runs: ADAPTER_RUNS, seed: SEED, timeoutMs: 30_000 });
      const verdict = checkObserved(oracle, observed);
      // Assert
      const story = formatCase({ file, name: scenario.name, level: scenario.level ?? 'spec', status: verdict.kind, oracle, observed, verdict, ms: 0 }, scenario);
      expect(verdict.forbidden.map((f) => f.key), story.join('\n')).toEqual([]);
      expect(verdict.errors.map(describeAdapterError)).toEqual([]);
    });
  }
});

// The generator laws (properties/laws/arbitraryLaws.ts) over every arbitrary,
// and a no-regression snapshot of what a fixed seed generates: a change to a
// generator shows up here as a diff to review, not as silently different runs.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Scenario } from '../../model/ir.ts';
import { compile } from '../../model/compile.ts';
import { formatPath, parseScenario } from '../../corpus/schema.ts';
import { explore } from '../../model/explore/oracle.ts';
import { scenario } from '../arbitraries/scenario.ts';
import { readySelect } from '../arbitraries/readySelect.ts';
import { walkSeeds } from '../arbitraries/schedule.ts';
import { arbitraryLaws } from './arbitraryLaws.ts';
import { SEED } from '../seed.ts';

/**
 * A scenario is well formed when the corpus schema accepts it (the IR's
 * invariants, as the loader checks them: generated scenarios can be written
 * out as cases), and it compiles and explores (bounded, typeOK after every step).
 */
function scenarioWellFormed(s: Scenario): void {
  const parsed = parseScenario(s);
  if (!parsed.ok) throw new Error(`the corpus schema rejects it: ${parsed.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('; ')}`);
  compile(s);
  explore(s, { debug: true, config: { bounds: { maxStates: 5_000 } } });
}

const arbitraries: [string, fc.Arbitrary<unknown>, (t: never) => void][] = [
  ['scenario()', scenario(), scenarioWellFormed],
  ['scenario({ form: litmus, maxChans: 1 })', scenario({ form: 'litmus', maxChans: 1 }), scenarioWellFormed],
  ['scenario({ level: gc, close: false, select: false })', scenario({ level: 'gc', close: false, select: false }), scenarioWellFormed],
  ['readySelect()', readySelect(), (r: { scenario: Scenario; ready: readonly number[] }) => {
    scenarioWellFormed(r.scenario);
    if (r.ready.length < 2) throw new Error('fewer than two ready cases');
  }],
  ['walkSeeds()', walkSeeds(), (seeds: number[]) => {
    if (seeds.length === 0 || seeds.some((s) => !Number.isSafeInteger(s) || s < 0)) throw new Error(`bad seeds ${JSON.stringify(seeds)}`);
  }],
];

describe(`arbitrary laws (seed ${SEED})`, () => {
  for (const [name, arb, wellFormed] of arbitraries) {
    for (const law of arbitraryLaws(arb, wellFormed as (t: unknown) => void)) {
      it(`${name}: ${law.name}`, () => law.run());
    }
  }
});

describe('generator no-regression (fixed seed 1)', () => {
  it('scenario() generates the same first scenarios', () => {
    // Arrange: a seed of its own, so GOSPEC_SEED never changes the snapshot.
    const params = { seed: 1, numRuns: 3 };
    // Act
    const sample = fc.sample(scenario(), params);
    // Assert
    expect(sample).toMatchSnapshot();
  });
});

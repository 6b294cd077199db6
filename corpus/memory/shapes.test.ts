// The memory corpus is what its table says: every file under corpus/memory/
// is generated from shapes.ts (no hand edits, no strays), every generated
// case loads back as built, and the table covers every shape in its plain
// and atomic forms. The explorer is not run here: corpus.test.ts checks each
// case's question, race verdict and outcome set against it.

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../model/ir.ts';
import { scenarioShapeSchema } from '../schema.ts';
import { formatLoadError, loadCaseFile } from '../../harness/load.ts';
import { canonical, fileOf, fileText, MEMORY_DIR } from './generate.ts';
import { memoryCases, shapes } from './shapes.ts';

const cases = memoryCases();

/** A case without what the explorer contributes: the allowed set, and a skip for a case it cannot run. */
function tablepart(s: Scenario): unknown {
  const { allowed: _allowed, ...expectRest } = s.expect ?? {};
  return { ...s, expect: expectRest, status: undefined, reason: undefined };
}

describe(`the memory corpus table (${cases.length} cases)`, () => {
  it('has at least 100 cases, each named once', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
    expect(new Set(cases.map((c) => c.scenario.name)).size).toBe(cases.length);
  });

  it('has every shape of the litmus table in its plain and all-atomic forms', () => {
    for (const s of shapes) {
      const variants = cases.filter((c) => c.shape === s.name).map((c) => c.variant);
      expect(variants, s.name).toEqual(expect.arrayContaining(['plain', 'atomics']));
    }
  });

  it('asks every case a question and says whether it is racy; all-atomic cases never are', () => {
    for (const c of cases) {
      expect(c.scenario.expect?.question, c.scenario.name).toBeDefined();
      expect(typeof c.scenario.expect?.racy, c.scenario.name).toBe('boolean');
      if (c.variant === 'atomics') expect(c.scenario.expect?.racy, c.scenario.name).toBe(false);
    }
  });

  it('marks each known race-detector divergence with its ref', () => {
    const marked = cases.filter((c) => c.scenario.refs?.includes('race-detector-divergence: go1.19')).map((c) => c.scenario.name);
    expect(marked).toEqual(['MP+cond-signal-unlocked', 'send-then-close+buffered1', 'semaphore-counter+zero-size', 'MP+finalizer']);
  });

  it('is accepted by the shape build behind docs/scenario.schema.json (final, question, racy included)', () => {
    for (const c of cases) {
      const shaped = scenarioShapeSchema().safeParse(JSON.parse(JSON.stringify(c.scenario)));
      expect(shaped.success, c.scenario.name).toBe(true);
      expect(canonical(shaped.data)).toBe(canonical(c.scenario));
    }
  });

  it('writes each case as YAML that loads back to the same scenario', () => {
    for (const c of cases) expect(() => fileText(c.scenario), c.scenario.name).not.toThrow();
  });
});

describe('corpus/memory/ is the generated table (regenerate: npx tsx corpus/memory/generate.ts --write)', () => {
  it('has one file per case and no other', () => {
    const files = readdirSync(MEMORY_DIR).filter((f) => f.endsWith('.yaml')).sort();
    expect(files).toEqual(cases.map((c) => `${c.scenario.name}.yaml`).sort());
  });

  it.each(cases.map((c) => [c.scenario.name, c] as const))('%s matches the table', (_name, c) => {
    // Arrange
    const loaded = loadCaseFile(fileOf(c.scenario.name));
    // Act / Assert
    if (!loaded.ok) throw new Error(loaded.errors.map(formatLoadError).join('\n'));
    expect(canonical(tablepart(loaded.case.scenario))).toBe(canonical(tablepart(c.scenario)));
    expect(loaded.case.scenario.expect?.allowed, 'expect.allowed comes from the explorer').toBeDefined();
  });
});

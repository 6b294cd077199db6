// Fuzzing the loader: random mutations of real case texts (line deletion,
// duplication, swaps and cuts, token replacement, random insertions,
// truncation) must never make loading throw, and must always yield exactly
// one of a case or at least one error that names the file at a line and
// column inside the text. No mutation may reach the loader's "internal error"
// fallback: that would be a bug here. The seed texts are the corpus as it
// stands plus the fixtures, so the fuzzer never runs on zero inputs.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scenarioIssues } from '../corpus/schema.ts';
import { formatLoadError, loadCaseText } from './load.ts';

const SEED = 42;
const FILE = 'fuzz.yaml';

function yamlFilesUnder(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return []; // the corpus may not exist yet
  }
  return entries.flatMap((e) => {
    const full = join(dir, e);
    if (statSync(full).isDirectory()) return yamlFilesUnder(full);
    return /\.ya?ml$/.test(e) ? [full] : [];
  });
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SEEDS = [...yamlFilesUnder(join(ROOT, 'harness', 'fixtures')), ...yamlFilesUnder(join(ROOT, 'corpus'))].map((f) =>
  readFileSync(f, 'utf8'),
);

/** Tokens a mutation may put in place of another: YAML punctuation, IR words, awkward values. */
const TOKENS = [
  ':', '-', '- ', '{', '}', '[', ']', ',', '"', "'", '&a', '*a', '!!str', '!tag', '|', '>', '#', '%', '@', '`', '? ',
  'send', 'recv', 'close', 'chan', 'kind', 'main', 'goroutines', 'procs', 'objects', 'expect', 'allowed', 'body', 'break',
  'null', '~', 'true', '-1', '1.5', '1e400', '99999999999999999999', '0x1F', '__proto__', 'constructor', 'len(', ')', '&&',
  '', ' ', '\t', '\n', '\r\n', '\u00a0', '\ufeff', 'é', '😀',
];

type Mutation =
  | { op: 'delete'; at: number }
  | { op: 'duplicate'; at: number }
  | { op: 'swap'; a: number; b: number }
  | { op: 'replace'; at: number; token: string }
  | { op: 'insert'; at: number; text: string }
  | { op: 'truncate'; at: number }
  | { op: 'cutLine'; at: number; col: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), token: fc.constantFrom(...TOKENS) }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }), fc.constantFrom(...TOKENS)),
  }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  // Cutting one line short leaves the `- ` and `key:` with no value that hand edits leave.
  fc.record({ op: fc.constant('cutLine' as const), at: fc.nat(), col: fc.nat() }),
);

function mutate(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const line = (i: number): number => i % Math.max(1, lines.length);
  switch (m.op) {
    case 'delete':
      lines.splice(line(m.at), 1);
      return lines.join('\n');
    case 'duplicate':
      lines.splice(line(m.at), 0, lines[line(m.at)] ?? '');
      return lines.join('\n');
    case 'swap': {
      const [a, b] = [line(m.a), line(m.b)];
      [lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? ''];
      return lines.join('\n');
    }
    case 'replace': {
      // Tokens as a YAML author sees them: words, numbers, single punctuation marks.
      const tokens = [...text.matchAll(/[A-Za-z_][A-Za-z0-9_]*|\d+|[^\sA-Za-z0-9_]/g)];
      if (tokens.length === 0) return m.token;
      const t = tokens[m.at % tokens.length]!;
      return text.slice(0, t.index) + m.token + text.slice(t.index + t[0].length);
    }
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
    case 'cutLine': {
      const i = line(m.at);
      const l = lines[i] ?? '';
      lines[i] = l.slice(0, m.col % (l.length + 1));
      return lines.join('\n');
    }
  }
}

/** The loader's contract on any text, asserted. */
function checkLoad(text: string): void {
  const r = loadCaseText(text, FILE);
  if (r.ok) {
    expect(r.case.file).toBe(FILE);
    expect(r.case.scenario.name.length).toBeGreaterThan(0);
    expect(scenarioIssues(r.case.scenario)).toEqual([]);
    return;
  }
  expect(r.errors.length).toBeGreaterThanOrEqual(1);
  const lineCount = text.split(/\r\n|\r|\n/).length;
  for (const e of r.errors) {
    expect(e.file).toBe(FILE);
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.line).toBeLessThanOrEqual(lineCount + 1);
    expect(e.column).toBeGreaterThanOrEqual(1);
    expect(e.message.length).toBeGreaterThan(0);
    expect(e.message).not.toMatch(/^internal error/);
    expect(formatLoadError(e).startsWith(`${FILE}:${e.line}:${e.column}: `)).toBe(true);
  }
}

describe(`loader fuzz (seed ${SEED})`, () => {
  it('has seed texts', () => {
    // Arrange / Act / Assert
    expect(SEEDS.length).toBeGreaterThanOrEqual(5);
  });

  it('every seed text loads without an internal error', () => {
    // Arrange / Act / Assert
    for (const text of SEEDS) checkLoad(text);
  });

  it('mutated case texts yield a case or located errors, and never throw', () => {
    // Arrange
    const mutated = fc
      .tuple(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 4 }))
      .map(([text, ms]) => ms.reduce(mutate, text));
    // Act / Assert
    fc.assert(fc.property(mutated, checkLoad), { seed: SEED, numRuns: 300 });
  });

  it('arbitrary text yields a case or located errors, and never throws', () => {
    // Arrange
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: fc.constantFrom(...TOKENS), maxLength: 60 }));
    // Act / Assert
    fc.assert(fc.property(text, checkLoad), { seed: SEED, numRuns: 300 });
  });
});

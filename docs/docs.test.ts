// The repository's citations against docs/: a clean clone has nothing but
// itself, so every design, style or Go-fact citation must point into docs/,
// and must name something that is there.
//
//   1. no file cites a document outside the repository (../shared/…), a bare
//      STYLE.md or DESIGN.md, or bare "facts §N" without saying which facts
//      file;
//   2. every "docs/facts/<file>.md §N[.M]" names a section of that file
//      (and "… item K" a numbered item of that section, "Appendix X" an
//      appendix, a quoted "Heading" right after the file name a heading);
//      every "docs/style.md habit N" (or "habits N and M") a habit; every
//      `docs/design.md, "Heading"` a heading of design.md;
//   3. the numbering the citations rely on is sound: style.md's habits are
//      1, 2, 3, … with no gap, and no facts section number appears twice.
//
// Files are every text file of the working tree but node_modules, .git and
// the directories .gitignore lists (nothing there is committed).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DOCS = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(DOCS);
const SELF = relative(ROOT, fileURLToPath(import.meta.url)).split(sep).join('/');

/** Directory names never searched: .git, node_modules, and .gitignore's directory entries. */
function skippedDirs(): Set<string> {
  const out = new Set(['.git', 'node_modules']);
  const ignore = join(ROOT, '.gitignore');
  if (existsSync(ignore)) {
    for (const l of readFileSync(ignore, 'utf8').split('\n')) {
      const m = /^\/?([^#*!\s/][^*\s]*)\/$/.exec(l.trim());
      if (m) out.add(m[1]!);
    }
  }
  return out;
}

const TEXT_FILE = /\.(?:ts|mts|mjs|js|md|txt|ya?ml|json)$/;

/** Every text file of the repository, as a path relative to ROOT with `/` separators. */
function repoFiles(): string[] {
  const skip = skippedDirs();
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) {
        if (!skip.has(e.name)) walk(join(dir, e.name));
      } else if (e.isFile() && (TEXT_FILE.test(e.name) || join(dir, e.name) === join(ROOT, '.ci', 'run'))) {
        out.push(relative(ROOT, join(dir, e.name)).split(sep).join('/'));
      }
    }
  };
  walk(ROOT);
  return out.filter((f) => f !== SELF && f !== 'package-lock.json').sort();
}

const FILES = repoFiles();
const text = new Map(FILES.map((f) => [f, readFileSync(join(ROOT, f), 'utf8')] as const));

/** 1-based line of an index into a text. */
const lineAt = (s: string, i: number): number => s.slice(0, i).split('\n').length;

/** What must not be cited, with why; `inDocs: false` for a pattern that is a correct relative path inside docs/. */
const FORBIDDEN: readonly (readonly [RegExp, string, { readonly inDocs: boolean }?])[] = [
  [/\.\.\/shared\b/g, 'a document outside the repository'],
  [/\bshared\/facts\b/g, 'the old facts digests outside the repository (use docs/facts/)'],
  [/\b(?:STYLE|DESIGN)\.md\b/g, 'a bare STYLE.md or DESIGN.md (use docs/style.md, docs/design.md)'],
  [/\bSTYLE\s+habits?\b/g, 'a bare style habit (use docs/style.md habit N)'],
  [/(?<!docs\/)\bfacts\/[\w-]+\.md\b/g, 'a facts file not under docs/ (use docs/facts/<file>.md)', { inDocs: false }],
  [/\bfacts\s+(?:§|Appendix\b)/g, 'bare "facts §N" or "facts Appendix" (say which: docs/facts/go-runtime.md or docs/facts/memory-model.md)'],
];

interface Heading {
  readonly level: number;
  readonly title: string;
  /** `2.1` of "### 2.1 Title", `A` of "## Appendix A. Title", or undefined. */
  readonly number: string | undefined;
  /** The text up to the next heading. */
  readonly body: string;
}

function headings(md: string): Heading[] {
  const lines = md.split('\n');
  const at: { level: number; title: string; line: number }[] = [];
  let fenced = false;
  lines.forEach((l, i) => {
    if (l.startsWith('```')) fenced = !fenced;
    const m = fenced ? null : /^(#{1,6})\s+(.*?)\s*$/.exec(l);
    if (m) at.push({ level: m[1]!.length, title: m[2]!, line: i });
  });
  return at.map((h, k) => {
    const num = /^(\d+(?:\.\d+)*)\.?\s/.exec(h.title)?.[1] ?? /^Appendix\s+([A-Z])\b/.exec(h.title)?.[1];
    const body = lines.slice(h.line + 1, at[k + 1]?.line ?? lines.length).join('\n');
    return { level: h.level, title: h.title, number: num, body };
  });
}

const docHeadings = new Map<string, Heading[]>();
function headingsOf(doc: string): Heading[] | undefined {
  if (!docHeadings.has(doc)) {
    const p = join(ROOT, doc);
    if (!existsSync(p)) return undefined;
    docHeadings.set(doc, headings(readFileSync(p, 'utf8')));
  }
  return docHeadings.get(doc);
}

/** Heading titles compare without case and without a trailing "(where)": "The model (model/)" is cited as "The model". */
const bareTitle = (t: string): string => t.replace(/\s*\([^()]*\)\s*$/, '').trim().toLowerCase();
const sameTitle = (heading: string, cited: string): boolean => bareTitle(heading) === bareTitle(cited);

/** Separators between a cited file and its references: spaces, punctuation, comment leaders, "and". */
const SEP = /^(?:[\s,;:(/*#]|and\b|or\b)*/;

/** The problems of one file's citations of docs/facts/, docs/style.md and docs/design.md. */
function citationProblems(file: string, s: string): string[] {
  const out: string[] = [];
  const at = (i: number): string => `${file}:${lineAt(s, i)}`;

  for (const m of s.matchAll(/docs\/facts\/([\w-]+\.md)/g)) {
    const doc = `docs/facts/${m[1]}`;
    const hs = headingsOf(doc);
    if (!hs) {
      out.push(`${at(m.index)}: ${doc} does not exist`);
      continue;
    }
    let rest = s.slice(m.index + m[0].length);
    // A quoted heading right after the file name: docs/facts/go-runtime.md "Harness pitfalls".
    const quoted = /^[\s,:]*"([^"\n]+)"/.exec(rest);
    if (quoted && /^\D/.test(quoted[1]!) && !quoted[1]!.startsWith('§')) {
      if (!hs.some((h) => sameTitle(h.title, quoted[1]!))) out.push(`${at(m.index)}: ${doc} has no heading "${quoted[1]}"`);
      continue;
    }
    for (;;) {
      rest = rest.slice(SEP.exec(rest)![0].length);
      const ref = /^(?:§(\d+(?:\.\d+)*)(?:\s+item\s+(\d+))?|Appendix\s+([A-Z])\b)/.exec(rest);
      if (!ref) break;
      const num = ref[1] ?? ref[3]!;
      const h = hs.find((x) => x.number === num);
      if (!h) out.push(`${at(m.index)}: ${doc} has no ${ref[1] ? `§${num}` : `Appendix ${num}`}`);
      else if (ref[2] && !new RegExp(`^\\s*${ref[2]}\\. `, 'm').test(h.body)) out.push(`${at(m.index)}: ${doc} §${num} has no item ${ref[2]}`);
      rest = rest.slice(ref[0].length);
    }
  }

  const styleHabits = new Set((headingsOf('docs/style.md') ?? []).map((h) => h.number).filter((n) => n !== undefined));
  for (const m of s.matchAll(/docs\/style\.md\s+habits?\s+(\d+(?:(?:\s*,\s*|\s+and\s+)\d+)*)/g)) {
    for (const n of m[1]!.split(/\s*,\s*|\s+and\s+/)) {
      if (!styleHabits.has(n)) out.push(`${at(m.index)}: docs/style.md has no habit ${n}`);
    }
  }

  const design = headingsOf('docs/design.md') ?? [];
  for (const m of s.matchAll(/docs\/design\.md[\s,:(]*"([^"\n]+)"/g)) {
    if (!design.some((h) => sameTitle(h.title, m[1]!))) out.push(`${at(m.index)}: docs/design.md has no heading "${m[1]}"`);
  }
  return out;
}

describe(`citations of the design, the style and the Go facts (${FILES.length} files)`, () => {
  it('finds the docs they point to', () => {
    for (const doc of ['docs/design.md', 'docs/style.md', 'docs/facts/go-runtime.md', 'docs/facts/memory-model.md']) {
      expect(existsSync(join(ROOT, doc)), doc).toBe(true);
    }
    expect(FILES).toContain('model/step.ts');
  });

  it('cite nothing outside the repository, and no bare STYLE.md, DESIGN.md or "facts §"', () => {
    // Arrange / Act
    const found: string[] = [];
    for (const [file, s] of text) {
      for (const [re, why, where] of FORBIDDEN) {
        if (where?.inDocs === false && file.startsWith('docs/')) continue;
        for (const m of s.matchAll(re)) found.push(`${file}:${lineAt(s, m.index)}: "${m[0]}" — ${why}`);
      }
    }
    // Assert
    expect(found, 'citations to repoint into docs/').toEqual([]);
  });

  it('name sections, items, habits and headings that exist', () => {
    const found = [...text].flatMap(([file, s]) => citationProblems(file, s));
    expect(found, 'citations of something the doc does not have').toEqual([]);
  });
});

describe('the numbering citations rely on', () => {
  it('docs/style.md numbers its habits 1, 2, 3, … without a gap', () => {
    const nums = headingsOf('docs/style.md')!.filter((h) => h.number !== undefined).map((h) => Number(h.number));
    expect(nums.length).toBeGreaterThan(0);
    expect(nums).toEqual(nums.map((_n, i) => i + 1));
  });

  for (const doc of ['docs/facts/go-runtime.md', 'docs/facts/memory-model.md']) {
    it(`${doc} gives each section number once`, () => {
      const nums = headingsOf(doc)!.map((h) => h.number).filter((n) => n !== undefined);
      expect(nums.length).toBeGreaterThan(0);
      expect(nums.filter((n, i) => nums.indexOf(n) !== i), 'numbers used twice').toEqual([]);
    });
  }

  it('finds a seeded bad citation (the checker itself works)', () => {
    const bad = [
      '// see ../shared/facts/go-runtime.md §7.1 and STYLE.md habit 6',
      '// (facts §2.1)',
      '// docs/facts/go-runtime.md §99.9, docs/facts/memory-model.md §4.7 item 42, Appendix Z',
      '// docs/style.md habits 6 and 99; docs/design.md, "No such heading"; docs/facts/nope.md §1',
    ].join('\n');
    const forbidden = FORBIDDEN.flatMap(([re]) => [...bad.matchAll(re)].map((m) => m[0]));
    expect(forbidden).toEqual(['../shared', 'shared/facts', 'STYLE.md', 'facts/go-runtime.md', 'facts §']);
    expect(citationProblems('seed.ts', bad)).toEqual([
      'seed.ts:3: docs/facts/go-runtime.md has no §99.9',
      'seed.ts:3: docs/facts/memory-model.md §4.7 has no item 42',
      'seed.ts:3: docs/facts/memory-model.md has no Appendix Z',
      'seed.ts:4: docs/facts/nope.md does not exist',
      'seed.ts:4: docs/style.md has no habit 99',
      'seed.ts:4: docs/design.md has no heading "No such heading"',
    ]);
  });
});

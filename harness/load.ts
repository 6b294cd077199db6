// Loading corpus cases: YAML text → Scenario (model/ir.ts) through
// corpus/schema.ts, with every problem reported at its place in the file as
// `file:line:column: field.path: message`.
//
// Invariants:
//   1. Nothing throws, for any text or path: YAML syntax errors, schema and
//      semantic issues, unreadable files and internal errors all become
//      LoadErrors (an unexpected one says so and asks for a report).
//   2. A load yields exactly one of: a case, or at least one error.
//   3. One broken case never stops the others: `loadCases` returns every good
//      case and every error, in a deterministic order (files sorted by path).
//   4. Lines and columns are 1-based and point at the YAML node of the field
//      at fault (its key, for an unknown or misplaced key), or at the nearest
//      enclosing node that exists when the field is missing.
//   5. Scenario text is data: YAML is parsed with the core schema, no custom
//      tags are executed, alias expansion is bounded, nothing is evaluated.

import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import type { Scenario } from '../model/ir.ts';
import type { CaseIssue } from '../corpus/schema.ts';
import { formatPath, parseScenario } from '../corpus/schema.ts';

export interface LoadedCase {
  /** The file as given (a path relative to where the run started stays relative). */
  readonly file: string;
  readonly scenario: Scenario;
}

export interface LoadError {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** The field at fault, as formatPath writes it (`goroutines.P0[2].send.chan`); '' for the whole file. */
  readonly path: string;
  readonly message: string;
}

export type LoadResult =
  | { readonly ok: true; readonly case: LoadedCase }
  | { readonly ok: false; readonly errors: readonly LoadError[] };

/** `corpus/chan/x.yaml:12:7: goroutines.P0[2].send.chan: unknown channel "d"` */
export function formatLoadError(e: LoadError): string {
  return `${e.file}:${e.line}:${e.column}: ${e.path === '' ? '' : `${e.path}: `}${e.message}`;
}

/** Aliases may not expand into more nodes than this (guards against "billion laughs"). */
const MAX_ALIAS_COUNT = 100;

/** Loads one case from its text; `file` names it in errors and gives the default name. */
export function loadCaseText(text: string, file: string): LoadResult {
  const fileError = (message: string): LoadResult => ({ ok: false, errors: [{ file, line: 1, column: 1, path: '', message }] });
  try {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const position = (offset: number): { line: number; column: number } => {
      const { line, col } = lines.linePos(Math.max(0, Math.min(offset, text.length)));
      return { line: Math.max(1, line), column: Math.max(1, col) };
    };
    if (doc.errors.length > 0) {
      const errors = doc.errors.map((e) => ({ file, ...position(e.pos[0]), path: '', message: `YAML: ${e.message}` }));
      return { ok: false, errors: sortErrors(errors) };
    }

    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      return fileError(`YAML: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (data === null || data === undefined) {
      return fileError('empty case: a case is a mapping with name, story, objects, main or goroutines, and expect');
    }
    if (typeof data !== 'object' || Array.isArray(data)) {
      return fileError('a case is a mapping with name, story, objects, main or goroutines, and expect');
    }
    const record = data as Record<string, unknown>;
    if (record.name === undefined) record.name = basename(file, extname(file));

    const r = parseScenario(record);
    if (r.ok) return { ok: true, case: { file, scenario: r.scenario } };
    const errors = r.issues.map((iss) => ({
      file,
      ...position(issueOffset(doc, text, iss)),
      path: formatPath(iss.path),
      message: iss.message,
    }));
    return { ok: false, errors: sortErrors(errors) };
  } catch (e) {
    // Invariant 1: a bug of ours must not hide the other cases.
    const detail = e instanceof Error ? e.message : String(e);
    return fileError(`internal error while loading this case (please report it): ${detail}`);
  }
}

/** Reads and loads one case file. */
export function loadCaseFile(path: string): LoadResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { ok: false, errors: [{ file: path, line: 1, column: 1, path: '', message: `cannot read: ${errorMessage(e)}` }] };
  }
  return loadCaseText(text, path);
}

/**
 * Loads every case named by `paths`: files as given, directories searched
 * recursively for *.yaml and *.yml (sorted by path). Each file is loaded once.
 */
export function loadCases(paths: readonly string[]): { cases: LoadedCase[]; errors: LoadError[] } {
  const cases: LoadedCase[] = [];
  const errors: LoadError[] = [];
  const files: string[] = [];
  for (const p of paths) {
    try {
      if (statSync(p).isDirectory()) files.push(...caseFilesUnder(p).sort(byCodePoint));
      else files.push(p);
    } catch (e) {
      errors.push({ file: p, line: 1, column: 1, path: '', message: `cannot read: ${errorMessage(e)}` });
    }
  }
  for (const f of [...new Set(files)]) {
    const r = loadCaseFile(f);
    if (r.ok) cases.push(r.case);
    else errors.push(...r.errors);
  }
  return { cases, errors };
}

// ---------------------------------------------------------------------------

/**
 * Case files under a directory. Hidden entries and node_modules are skipped
 * (a run over "." must not pick up tool configuration); symlinked
 * directories are followed once each, so a link cycle ends.
 */
function caseFilesUnder(dir: string, seen = new Set<string>()): string[] {
  const real = realpathSync(dir);
  if (seen.has(real)) return [];
  seen.add(real);
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = join(dir, entry.name);
    const isDir = entry.isDirectory() || (entry.isSymbolicLink() && statSync(full, { throwIfNoEntry: false })?.isDirectory() === true);
    if (isDir) out.push(...caseFilesUnder(full, seen));
    else if (/\.ya?ml$/i.test(entry.name)) out.push(full);
  }
  return out;
}

/** Locale-independent, so the order is the same on every machine. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortErrors(errors: LoadError[]): LoadError[] {
  return errors.sort((a, b) => a.line - b.line || a.column - b.column);
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

type Range = readonly [number, number, number?];

/**
 * The text offset an issue points at: the node at the issue's path (its key
 * when the issue is about the key), else the deepest enclosing node that
 * exists; inside an expression string, the column of the syntax error.
 */
function issueOffset(doc: Document, text: string, iss: CaseIssue): number {
  let node: unknown = doc.contents;
  let best: Range | undefined = rangeOf(node);
  let keyRange: Range | undefined;
  let complete = true;
  for (const seg of iss.path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (pair === undefined) {
        complete = false;
        break;
      }
      keyRange = rangeOf(pair.key);
      node = pair.value;
      // `break:` has an empty null scalar just after the colon: its key is the better place.
      const valueRange = rangeOf(node);
      best = valueRange !== undefined && valueRange[0] < valueRange[1] ? valueRange : (keyRange ?? best);
    } else if (isSeq(node) && typeof seg === 'number' && node.items[seg] !== undefined) {
      keyRange = undefined;
      node = node.items[seg];
      best = rangeOf(node) ?? best;
    } else {
      complete = false;
      break;
    }
  }
  if (complete && iss.at === 'key' && keyRange !== undefined) return keyRange[0];
  if (complete && iss.exprColumn !== undefined && isScalar(node)) {
    const inExpr = exprOffset(node, text, iss.exprColumn);
    if (inExpr !== undefined) return inExpr;
  }
  return best?.[0] ?? 0;
}

/** Where column `col` of an expression string falls in the file, when the scalar is written verbatim on one line. */
function exprOffset(node: YamlNode & { value?: unknown; type?: string | undefined }, text: string, col: number): number | undefined {
  const range = node.range;
  if (range === undefined || range === null || typeof node.value !== 'string') return undefined;
  const [start, end] = range;
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  const inner = quoted ? text.slice(start + 1, end - 1) : text.slice(start, end);
  if (node.type !== 'PLAIN' && !quoted) return undefined;
  if (inner !== node.value) return undefined; // escapes or folding: fall back to the scalar's start
  return start + (quoted ? 1 : 0) + col - 1;
}

function rangeOf(node: unknown): Range | undefined {
  const range = (node as { range?: Range | null } | null)?.range;
  return range ?? undefined;
}

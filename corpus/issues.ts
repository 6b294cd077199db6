// Issues a case can have, and how they are said: a field path into the case
// as written, a message in plain words, and a "did you mean" for a likely
// typo. Shared by the shape checks (corpus/schema.ts) and the meaning checks
// (corpus/wellformed.ts).

import { IDENTIFIER } from '../model/expr.ts';

/** A path into the case as written: record keys and list indices. */
export type IssuePath = readonly (string | number)[];

export interface CaseIssue {
  readonly path: IssuePath;
  readonly message: string;
  /** The issue is about the key at `path` itself (unknown field, bad name), not its value. */
  readonly at?: 'key';
  /** For a syntax error in an expression string: the 1-based column inside that string. */
  readonly exprColumn?: number;
}

/** `goroutines.P0[2].send.chan`; keys that are not identifiers are quoted. */
export function formatPath(path: IssuePath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENTIFIER.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}


/**
 * The known word nearest to `word`, if it is close enough to be a likely typo:
 * within an edit distance that grows with the word's length (transpositions
 * count once), or a prefix either way ("capacity" → "cap").
 */
export function suggest(word: string, known: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  const limit = w.length <= 2 ? 0 : w.length <= 5 ? 1 : w.length <= 8 ? 2 : 3;
  let best: string | undefined;
  let bestDist = limit + 1;
  for (const k of known) {
    const d = editDistance(w, k.toLowerCase());
    if (d < bestDist) {
      best = k;
      bestDist = d;
    }
  }
  return best ?? known.find((k) => k.length >= 2 && w.length >= 2 && (w.startsWith(k.toLowerCase()) || k.toLowerCase().startsWith(w)));
}

/** Optimal string alignment distance: Levenshtein plus adjacent transpositions. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

export function didYouMean(word: string, known: readonly string[], quote = '`'): string {
  const s = suggest(word, known);
  return s === undefined ? '' : `; did you mean ${quote}${s}${quote}?`;
}

/** A value as YAML shows it, for "found ..." in messages. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'nothing (null)';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v);
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v === 'number' ? 'the number ' : ''}${v}`;
  if (Array.isArray(v)) return 'a list';
  return 'a mapping';
}

// A small relation algebra over the events of one candidate execution, the
// vocabulary herd7's cat language gives a memory model (union `|`,
// sequence `;`, inverse `^-1`, transitive closure `+`, the restriction
// `[S];r;[T]`, and the checks `acyclic`, `irreflexive`, `empty`). The
// axiomatic checker (axiomatic.ts) writes Go's memory model in it.
//
// Events are numbered 0 … n-1. A relation is a set of pairs (a, b) of events,
// an event set a set of events; both are plain immutable bit matrices, so a
// candidate execution's relations can be printed, compared and hashed.
//
// Invariants:
//   1. sameSize: every operation takes relations and sets over the same n
//      and returns one over that n (mixing sizes throws);
//   2. immutable: no operation changes its arguments; each returns a new value;
//   3. bitsClean: bits at positions ≥ n in a row are always 0, so equal
//      relations have equal `bits` (and `sameRel` is bit equality).
//
// Rejected: relations as arrays of pairs (the cat reading, but closure and
// sequence cost O(n³) list scans per candidate, and the checker builds many
// candidates); relations as classes with methods (docs/style.md habit 3: values, not
// behaviour).

/** One 32-bit word per 32 events in a row. */
const WORD = 32;

/** A set of events over 0 … n-1. */
export interface EventSet {
  readonly n: number;
  readonly bits: Uint32Array;
}

/** A binary relation over events 0 … n-1: row a holds every b with (a, b). */
export interface Rel {
  readonly n: number;
  /** Words per row: ceil(n / 32). */
  readonly w: number;
  /** Row-major bit matrix, n rows of w words. */
  readonly bits: Uint32Array;
}

function wordsFor(n: number): number {
  return Math.max(1, Math.ceil(n / WORD));
}

function sameN(a: { n: number }, b: { n: number }): void {
  if (a.n !== b.n) throw new Error(`relations over ${a.n} and ${b.n} events do not mix`);
}

function bitOf(i: number): number {
  return (1 << (i % WORD)) >>> 0;
}

// ---------------------------------------------------------------------------
// Event sets

/** The set of the given events. */
export function setOf(n: number, ids: Iterable<number>): EventSet {
  const bits = new Uint32Array(wordsFor(n));
  for (const i of ids) {
    if (i < 0 || i >= n) throw new Error(`event ${i} outside 0..${n - 1}`);
    bits[i >>> 5]! |= bitOf(i);
  }
  return { n, bits };
}

/** The events for which `p` holds. */
export function setWhere(n: number, p: (i: number) => boolean): EventSet {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) if (p(i)) ids.push(i);
  return setOf(n, ids);
}

export function inSet(s: EventSet, i: number): boolean {
  return (s.bits[i >>> 5]! & bitOf(i)) !== 0;
}

/** The members, in increasing order. */
export function members(s: EventSet): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.n; i++) if (inSet(s, i)) out.push(i);
  return out;
}

export function setUnion(a: EventSet, b: EventSet): EventSet {
  sameN(a, b);
  return { n: a.n, bits: a.bits.map((x, k) => x | b.bits[k]!) };
}

export function setInter(a: EventSet, b: EventSet): EventSet {
  sameN(a, b);
  return { n: a.n, bits: a.bits.map((x, k) => x & b.bits[k]!) };
}

/** a ∖ b. */
export function setMinus(a: EventSet, b: EventSet): EventSet {
  sameN(a, b);
  return { n: a.n, bits: a.bits.map((x, k) => (x & ~b.bits[k]!) >>> 0) };
}

// ---------------------------------------------------------------------------
// Relations: construction and inspection

/** The empty relation (cat's `0`). */
export function emptyRel(n: number): Rel {
  const w = wordsFor(n);
  return { n, w, bits: new Uint32Array(n * w) };
}

/** The relation holding exactly the given pairs. */
export function relOf(n: number, pairs: Iterable<readonly [number, number]>): Rel {
  const r = emptyRel(n);
  for (const [a, b] of pairs) {
    if (a < 0 || a >= n || b < 0 || b >= n) throw new Error(`pair (${a}, ${b}) outside 0..${n - 1}`);
    r.bits[a * r.w + (b >>> 5)]! |= bitOf(b);
  }
  return r;
}

/** Does (a, b) belong to r? */
export function has(r: Rel, a: number, b: number): boolean {
  return (r.bits[a * r.w + (b >>> 5)]! & bitOf(b)) !== 0;
}

/** The pairs, sorted by source then target. */
export function pairsOf(r: Rel): [number, number][] {
  const out: [number, number][] = [];
  for (let a = 0; a < r.n; a++) for (let b = 0; b < r.n; b++) if (has(r, a, b)) out.push([a, b]);
  return out;
}

/** The events r relates a to (row a). */
export function successors(r: Rel, a: number): number[] {
  const out: number[] = [];
  for (let b = 0; b < r.n; b++) if (has(r, a, b)) out.push(b);
  return out;
}

/** The same pairs? (Invariant 3 makes this bit equality.) */
export function sameRel(a: Rel, b: Rel): boolean {
  sameN(a, b);
  return a.bits.every((x, k) => x === b.bits[k]);
}

/** S × T, every pair from S to T. */
export function cross(s: EventSet, t: EventSet): Rel {
  sameN(s, t);
  const r = emptyRel(s.n);
  for (let a = 0; a < s.n; a++) if (inSet(s, a)) r.bits.set(t.bits, a * r.w);
  return r;
}

/** [S], the identity on S (cat's `[S]`). */
export function ident(s: EventSet): Rel {
  return relOf(s.n, members(s).map((i) => [i, i] as const));
}

// ---------------------------------------------------------------------------
// Relations: the operators of cat

/** r1 | r2 | … */
export function union(first: Rel, ...rest: Rel[]): Rel {
  const bits = first.bits.slice();
  for (const r of rest) {
    sameN(first, r);
    for (let k = 0; k < bits.length; k++) bits[k]! |= r.bits[k]!;
  }
  return { n: first.n, w: first.w, bits };
}

/** r1 & r2 */
export function inter(a: Rel, b: Rel): Rel {
  sameN(a, b);
  return { n: a.n, w: a.w, bits: a.bits.map((x, k) => x & b.bits[k]!) };
}

/** r1 \ r2 */
export function minus(a: Rel, b: Rel): Rel {
  sameN(a, b);
  return { n: a.n, w: a.w, bits: a.bits.map((x, k) => (x & ~b.bits[k]!) >>> 0) };
}

/** r^-1: (b, a) for every (a, b). */
export function inverse(r: Rel): Rel {
  const out = emptyRel(r.n);
  for (let a = 0; a < r.n; a++) {
    for (let b = 0; b < r.n; b++) if (has(r, a, b)) out.bits[b * out.w + (a >>> 5)]! |= bitOf(a);
  }
  return out;
}

/** r1 ; r2 ; … : (a, c) when a r1 b and b r2 c for some b (left to right). */
export function seq(first: Rel, ...rest: Rel[]): Rel {
  let acc = first;
  for (const r of rest) {
    sameN(acc, r);
    const out = emptyRel(acc.n);
    for (let a = 0; a < acc.n; a++) {
      const row = a * out.w;
      for (let b = 0; b < acc.n; b++) {
        if (!has(acc, a, b)) continue;
        for (let k = 0; k < out.w; k++) out.bits[row + k]! |= r.bits[b * r.w + k]!;
      }
    }
    acc = out;
  }
  return acc;
}

/** r+, the transitive closure (Warshall's algorithm on bit rows). */
export function plus(r: Rel): Rel {
  const bits = r.bits.slice();
  const { n, w } = r;
  for (let k = 0; k < n; k++) {
    const kw = k >>> 5;
    const kb = bitOf(k);
    for (let a = 0; a < n; a++) {
      if ((bits[a * w + kw]! & kb) === 0) continue;
      for (let j = 0; j < w; j++) bits[a * w + j]! |= bits[k * w + j]!;
    }
  }
  return { n, w, bits };
}

/** [S] ; r ; [T]: the pairs of r from S to T. */
export function restrict(s: EventSet, r: Rel, t: EventSet): Rel {
  sameN(s, r);
  sameN(r, t);
  const out = emptyRel(r.n);
  for (let a = 0; a < r.n; a++) {
    if (!inSet(s, a)) continue;
    for (let k = 0; k < r.w; k++) out.bits[a * r.w + k] = r.bits[a * r.w + k]! & t.bits[k]!;
  }
  return out;
}

/** The domain of r: every a with some (a, b). */
export function domain(r: Rel): EventSet {
  return setWhere(r.n, (a) => successors(r, a).length > 0);
}

// ---------------------------------------------------------------------------
// Checks

/** cat's `empty r`. */
export function isEmpty(r: Rel): boolean {
  return r.bits.every((x) => x === 0);
}

/** cat's `irreflexive r`: no (a, a). */
export function irreflexive(r: Rel): boolean {
  for (let a = 0; a < r.n; a++) if (has(r, a, a)) return false;
  return true;
}

/** cat's `acyclic r`: r+ is irreflexive. */
export function acyclic(r: Rel): boolean {
  return irreflexive(plus(r));
}

/** `(a, b), (c, d)` with events named by `name`, for failure messages and stories. */
export function describeRel(r: Rel, name: (i: number) => string = String): string {
  return pairsOf(r).map(([a, b]) => `(${name(a)}, ${name(b)})`).join(', ');
}

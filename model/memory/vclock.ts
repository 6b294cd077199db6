// Vector clocks, the representation of happens-before that every race
// detector since DJIT+ uses (and Go's, through ThreadSanitizer): entry i of a
// goroutine's clock is how many release epochs of goroutine i+1 happen
// before its current point.
//
// Invariants:
//   1. a clock is a readonly array indexed by goid - 1; a missing entry is 0;
//   2. a goroutine's own entry is at least 1 from its start, so a clock
//      entry of 0 means "nothing of that goroutine happens before";
//   3. clocks are compared entrywise: `leq(a, b)` is a ⊑ b.

/** A vector clock: entry goid-1 counts goroutine goid's epochs. */
export type VC = readonly number[];

export const EMPTY: VC = [];

/** Entry of goroutine goid (0 when absent). */
export function at(c: VC, goid: number): number {
  return c[goid - 1] ?? 0;
}

/** a ⊔ b, entrywise maximum. */
export function join(a: VC, b: VC): VC {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  let same = a.length === n;
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    out[i] = x >= y ? x : y;
    if (out[i] !== x) same = false;
  }
  return same ? a : out;
}

/** The clock with goroutine goid's own entry advanced by one (a new epoch). */
export function tick(c: VC, goid: number): VC {
  const out = c.slice();
  while (out.length < goid) out.push(0);
  out[goid - 1] = (out[goid - 1] ?? 0) + 1;
  return out;
}

/** a ⊑ b. */
export function leq(a: VC, b: VC): boolean {
  for (let i = 0; i < a.length; i++) if ((a[i] ?? 0) > (b[i] ?? 0)) return false;
  return true;
}

/**
 * Does the event (goid, epoch) happen before the point whose clock is c?
 * goid 0 is the initial write, which happens before everything.
 */
export function hbAt(goid: number, epoch: number, c: VC): boolean {
  return goid === 0 || at(c, goid) >= epoch;
}

/** Short text for keys and reports: `1.0.3`. */
export function showVC(c: VC): string {
  return c.join('.');
}

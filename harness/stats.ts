// Statistical checks behind the `unfair` verdict (docs/design.md, "Outcomes and verdicts"): does an
// implementation's histogram fit a distribution the spec fixes (select picks
// uniformly among ready cases)?
//
// The threshold is p < 1e-6 (UNFAIR_P): with a fixed seed a check either
// always rejects or never does, and with a fresh seed a fair implementation
// is called unfair about once in a million runs, so a pass is never flaky
// and a rejection is worth reading.
//
// Rejected: a threshold of 0.05 or 0.01. Over a corpus of a hundred cases run
// on every commit that turns a fair implementation red every few runs.
//
// The tests here are textbook: Pearson's chi-square goodness of fit (its
// p-value is the regularized upper incomplete gamma Q(df/2, x/2)) and the
// exact two-sided binomial test (the probability of every count at most as
// likely as the one observed).

import type { UnfairFinding } from './check.ts';

export const UNFAIR_P = 1e-6;

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms: about 15 significant digits). */
export function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a). */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  if (x < a + 1) return 1 - gammaPSeries(a, x);
  return gammaQContinuedFraction(a, x);
}

function gammaPSeries(a: number, x: number): number {
  let sum = 1 / a;
  let term = sum;
  for (let n = 1; n < 10_000; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** Lentz's method for the continued fraction of Γ(a, x). */
function gammaQContinuedFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

export interface ChiSquare {
  readonly statistic: number;
  readonly df: number;
  readonly p: number;
}

/**
 * Pearson's goodness-of-fit test of `counts` against the probabilities
 * `probs` (same length, summing to 1). Categories of probability 0 must have
 * count 0 (else p = 0: the impossible was seen).
 */
export function chiSquareGoodnessOfFit(counts: readonly number[], probs: readonly number[]): ChiSquare {
  if (counts.length !== probs.length) throw new Error(`chiSquareGoodnessOfFit: ${counts.length} counts, ${probs.length} probabilities`);
  const n = counts.reduce((a, b) => a + b, 0);
  let statistic = 0;
  let categories = 0;
  for (let i = 0; i < counts.length; i++) {
    const expected = n * probs[i]!;
    if (expected === 0) {
      if (counts[i]! > 0) return { statistic: Infinity, df: Math.max(1, counts.length - 1), p: 0 };
      continue;
    }
    categories++;
    statistic += (counts[i]! - expected) ** 2 / expected;
  }
  const df = Math.max(1, categories - 1);
  return { statistic, df, p: n === 0 ? 1 : gammaQ(df / 2, statistic / 2) };
}

/** Pearson's test of counts against equal probabilities. */
export function chiSquareUniform(counts: readonly number[]): ChiSquare {
  return chiSquareGoodnessOfFit(counts, counts.map(() => 1 / counts.length));
}

/** The exact two-sided binomial test: P(a count at most as likely as k | n trials, success probability p). */
export function binomialTwoSided(k: number, n: number, p: number): number {
  if (p <= 0) return k === 0 ? 1 : 0;
  if (p >= 1) return k === n ? 1 : 0;
  const logPmf = (i: number): number =>
    logGamma(n + 1) - logGamma(i + 1) - logGamma(n - i + 1) + i * Math.log(p) + (n - i) * Math.log1p(-p);
  const observed = logPmf(k);
  // A relative tolerance, so counts exactly as likely as k are not lost to rounding.
  const limit = observed + 1e-7 * Math.abs(observed) + 1e-12;
  let total = 0;
  for (let i = 0; i <= n; i++) {
    const lp = logPmf(i);
    if (lp <= limit) total += Math.exp(lp);
  }
  return Math.min(1, total);
}

/**
 * A uniformity check over named categories (e.g. the cases of a select):
 * an UnfairFinding when the counts reject uniformity at p < UNFAIR_P.
 */
export function uniformity(check: string, counts: ReadonlyMap<string, number>): UnfairFinding | undefined {
  const names = [...counts.keys()];
  if (names.length < 2) return undefined;
  const values = names.map((k) => counts.get(k)!);
  const r = chiSquareGoodnessOfFit(values, names.map(() => 1 / names.length));
  if (r.p >= UNFAIR_P) return undefined;
  const n = values.reduce((a, b) => a + b, 0);
  const shown = names.map((k, i) => `${k}: ${values[i]}`).join(', ');
  return { check, p: r.p, message: `expected each of ${names.length} equally often (${(n / names.length).toFixed(1)} of ${n}); observed ${shown} (chi-square ${r.statistic.toFixed(1)}, df ${r.df})` };
}

/**
 * Does a histogram of outcomes fit the distribution the oracle computed
 * (model/explore/oracle.ts `distribution`: select's uniform choice pushed
 * through the program)? An UnfairFinding when it rejects at p < UNFAIR_P.
 * Outcomes outside the distribution are the `forbidden` check's business and
 * are left out here; fewer than `minRuns` runs decide nothing.
 */
export function fitsDistribution(
  check: string,
  counts: ReadonlyMap<string, number>,
  distribution: readonly { readonly key: string; readonly p: number }[],
  minRuns = 100,
): UnfairFinding | undefined {
  if (distribution.length < 2) return undefined;
  const observed = distribution.map((d) => counts.get(d.key) ?? 0);
  const n = observed.reduce((a, b) => a + b, 0);
  if (n < minRuns) return undefined;
  const r = chiSquareGoodnessOfFit(observed, distribution.map((d) => d.p));
  if (r.p >= UNFAIR_P) return undefined;
  const shown = distribution.map((d, i) => `${d.key}: ${observed[i]} (expected ${(n * d.p).toFixed(1)})`).join(', ');
  return { check, p: r.p, message: `the outcomes' frequencies do not fit the distribution select's uniform choice gives: ${shown} (chi-square ${r.statistic.toFixed(1)}, df ${r.df}, p ${r.p.toExponential(2)})` };
}

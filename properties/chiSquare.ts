// Pearson's chi-square goodness-of-fit test, for distributions the Go spec
// fixes (select: "a single one is chosen via a uniform pseudo-random
// selection"). The p-value is the upper tail of the chi-square distribution,
// Q(k/2, x/2) with Q the regularized upper incomplete gamma function,
// computed by its series (x < a + 1) or its continued fraction (otherwise),
// the textbook pair (Numerical Recipes §6.2). A test rejects only below p = 1e-6, so a
// pass is never flaky (DESIGN.md, "unfair").

/** The rejection threshold every distribution check uses. */
export const REJECT_BELOW_P = 1e-6;

/**
 * ln Γ(x) for x > 0: Stirling's series, after shifting x above 10 with
 * Γ(x) = Γ(x + n) / (x (x+1) … (x+n-1)); the series' error there is below 1e-14.
 */
export function lnGamma(x: number): number {
  let shift = 0;
  while (x < 10) {
    shift += Math.log(x);
    x += 1;
  }
  const x2 = x * x;
  const series = 1 / (12 * x) - 1 / (360 * x * x2) + 1 / (1260 * x * x2 * x2) - 1 / (1680 * x * x2 * x2 * x2);
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series - shift;
}

/** Q(a, x) = Γ(a, x) / Γ(a), the regularized upper incomplete gamma function. */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const lead = -x + a * Math.log(x) - lnGamma(a);
  if (x < a + 1) {
    // Series for P(a, x); Q = 1 - P.
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 1000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return 1 - sum * Math.exp(lead);
  }
  // Continued fraction for Q (modified Lentz).
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return Math.exp(lead) * h;
}

export interface ChiSquareResult {
  readonly statistic: number;
  readonly df: number;
  readonly p: number;
}

/** Tests observed counts against equal expected counts. */
export function chiSquareUniform(counts: readonly number[]): ChiSquareResult {
  const n = counts.reduce((a, b) => a + b, 0);
  const k = counts.length;
  const e = n / k;
  const statistic = counts.reduce((acc, o) => acc + ((o - e) * (o - e)) / e, 0);
  const df = k - 1;
  return { statistic, df, p: df > 0 ? gammaQ(df / 2, statistic / 2) : 1 };
}

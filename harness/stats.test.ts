// The statistical tests behind `unfair`: known values, and a fair and a
// biased sample on either side of the p < 1e-6 threshold.

import { describe, expect, it } from 'vitest';
import { binomialTwoSided, chiSquareGoodnessOfFit, chiSquareUniform, gammaQ, logGamma, UNFAIR_P, uniformity } from './stats.ts';

describe('stats: special functions', () => {
  it('logGamma matches factorials', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });

  it('gammaQ gives chi-square tail probabilities from the tables', () => {
    // chi-square 3.841 with 1 df and 5.991 with 2 df are the 5% critical values
    expect(gammaQ(0.5, 3.841 / 2)).toBeCloseTo(0.05, 4);
    expect(gammaQ(1, 5.991 / 2)).toBeCloseTo(0.05, 4);
    // with 2 df, Q(1, x/2) = exp(-x/2) exactly
    expect(gammaQ(1, 20)).toBeCloseTo(Math.exp(-20), 20);
  });

  it('the chi-square critical values for p = 1e-6 sit at the threshold (df 1..5)', () => {
    // Arrange: upper 1e-6 quantiles of chi-square, df 1..5, from published tables
    const critical = [23.928, 27.631, 30.664, 33.377, 35.888];
    // Act / Assert
    critical.forEach((x, i) => expect(gammaQ((i + 1) / 2, x / 2) / UNFAIR_P).toBeCloseTo(1, 2));
  });
});

describe('stats: tests', () => {
  it('chi-square: an exactly uniform sample has p = 1; the impossible seen has p = 0', () => {
    expect(chiSquareGoodnessOfFit([50, 50], [0.5, 0.5]).p).toBeCloseTo(1, 12);
    expect(chiSquareGoodnessOfFit([1, 99], [0, 1]).p).toBe(0);
    expect(chiSquareUniform([100, 100, 100]).p).toBeCloseTo(1, 12);
    expect(chiSquareUniform([200, 100]).p).toBeLessThan(UNFAIR_P);
  });

  it('binomial: symmetric cases and a known tail', () => {
    expect(binomialTwoSided(5, 10, 0.5)).toBeCloseTo(1, 12);
    // P(X <= 1) + P(X >= 9) for n = 10, p = 1/2 is 22/1024
    expect(binomialTwoSided(1, 10, 0.5)).toBeCloseTo(22 / 1024, 12);
    expect(binomialTwoSided(0, 100, 0.5)).toBeLessThan(UNFAIR_P);
  });

  it('uniformity: accepts a fair sample, rejects a biased one with a message that names the counts', () => {
    expect(uniformity('select-uniform', new Map([['case 0', 510], ['case 1', 490]]))).toBeUndefined();
    const f = uniformity('select-uniform', new Map([['case 0', 700], ['case 1', 300]]));
    expect(f?.p).toBeLessThan(UNFAIR_P);
    expect(f?.message).toMatch(/observed case 0: 700, case 1: 300/);
  });
});

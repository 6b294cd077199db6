// The chi-square tail the distribution checks rely on, against values with
// closed forms or published tables.

import { describe, expect, it } from 'vitest';
import { chiSquareUniform, gammaQ, lnGamma, REJECT_BELOW_P } from './chiSquare.ts';

describe('chi-square upper tail', () => {
  it('ln Γ matches factorials and Γ(1/2) = √π', () => {
    // Act / Assert
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 10);
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
    expect(lnGamma(0.25)).toBeCloseTo(1.2880225246980774, 10);
  });

  it('with 2 degrees of freedom the tail is exp(-x/2)', () => {
    for (const x of [0.1, 1, 3, 10, 40]) expect(gammaQ(1, x / 2)).toBeCloseTo(Math.exp(-x / 2), 10);
  });

  it('the critical values for p = 1e-6 sit at the threshold (df 1..5)', () => {
    // Arrange: upper 1e-6 quantiles of chi-square, df 1..5.
    const critical = [23.928, 27.631, 30.664, 33.377, 35.888];
    // Act / Assert
    critical.forEach((x, i) => expect(gammaQ((i + 1) / 2, x / 2) / REJECT_BELOW_P).toBeCloseTo(1, 2));
  });

  it('a uniform count passes, a 2:1 split over 300 draws is rejected', () => {
    // Act / Assert
    expect(chiSquareUniform([100, 100, 100])).toEqual({ statistic: 0, df: 2, p: 1 });
    expect(chiSquareUniform([200, 100]).p).toBeLessThan(REJECT_BELOW_P);
    expect(gammaQ(3, 0)).toBe(1);
  });
});

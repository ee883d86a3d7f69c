import { describe, expect, it } from 'vitest';
import { benjaminiHochberg, binomialUpperTail } from '@shared/stats/binomial';

describe('the binomial upper tail', () => {
  it('is the sum of the terms: P(X ≥ 2 | 3, ½) = (3 + 1)/8, P(X ≥ 3 | 3, ½) = 1/8, P(X ≥ 1 | 4, 0.2) = 1 − 0.8⁴', () => {
    expect(binomialUpperTail(2, 3, 0.5)).toBeCloseTo(0.5, 14);
    expect(binomialUpperTail(3, 3, 0.5)).toBeCloseTo(0.125, 14);
    expect(binomialUpperTail(1, 4, 0.2)).toBeCloseTo(1 - 0.8 ** 4, 14); // 0.5904
    // P(X ≥ 5 | 24, 0.2): 1 − Σ_{k<5} C(24,k) 0.2^k 0.8^(24−k) = 1 − (0.004722 + 0.028334 + 0.081461 + 0.149345 + 0.196015) = 0.540123.
    expect(binomialUpperTail(5, 24, 0.2)).toBeCloseTo(0.5401227, 6);
  });

  it('stays exact far into the tail, where 1 − P(X < x) would round to nothing', () => {
    // P(X = 24 | 24, 0.2) = 0.2^24 = 1.6777216e-17.
    expect(binomialUpperTail(24, 24, 0.2) / 0.2 ** 24).toBeCloseTo(1, 10);
  });

  it('is 1 from nothing, 0 past n, and refuses what is not a count or a probability', () => {
    expect(binomialUpperTail(0, 10, 0.3)).toBe(1);
    expect(binomialUpperTail(11, 10, 0.3)).toBe(0);
    expect(() => binomialUpperTail(1.5, 10, 0.3)).toThrow(RangeError);
    expect(() => binomialUpperTail(1, 10, 1.3)).toThrow(RangeError);
  });
});

describe('Benjamini–Hochberg', () => {
  it('adjusts in the order given: m · p_(i) / i, made monotone from the largest down', () => {
    // Sorted: 0.01 (1), 0.03 (2), 0.04 (3), 0.5 (4); m · p / i = 0.04, 0.06, 0.0533, 0.5; the running
    // minimum from the top: 0.5, 0.0533, 0.0533, 0.04.
    const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.5]);
    expect(q[0]).toBeCloseTo(0.04, 14);
    expect(q[1]).toBeCloseTo(0.16 / 3, 14);
    expect(q[2]).toBeCloseTo(0.16 / 3, 14);
    expect(q[3]).toBeCloseTo(0.5, 14);
    expect(benjaminiHochberg([])).toEqual([]);
    expect(benjaminiHochberg([1, 1])).toEqual([1, 1]);
  });
});

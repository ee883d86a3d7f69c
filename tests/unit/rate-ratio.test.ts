import { describe, expect, it } from 'vitest';
import { betaCdf, betaQuantile, logGamma } from '@shared/stats/beta';
import { rateRatio } from '@shared/stats/rate-ratio';

describe('the beta distribution', () => {
  it('has ln Γ right at integers and at ½', () => {
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12); // Γ(5) = 4!
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 9); // ln 100!
  });

  it('matches closed forms: Beta(2, 2) is 3x² − 2x³, Beta(a, 1) is xᵃ, Beta(1, b) is 1 − (1 − x)ᵇ', () => {
    expect(betaCdf(0.25, 2, 2)).toBeCloseTo(3 * 0.0625 - 2 * 0.015625, 14); // 0.15625
    expect(betaQuantile(0.15625, 2, 2)).toBeCloseTo(0.25, 12);
    expect(betaQuantile(0.5, 2, 2)).toBeCloseTo(0.5, 12);
    expect(betaQuantile(0.025, 10, 1)).toBeCloseTo(0.025 ** (1 / 10), 12); // 0.6915028922
    expect(betaQuantile(0.975, 1, 10)).toBeCloseTo(1 - 0.025 ** (1 / 10), 12); // 0.3084971078
  });

  it('gives the published Clopper–Pearson bounds: 5 of 10 → [0.1871, 0.8129], 1 of 10 → [0.00253, 0.4450]', () => {
    // Lower B(0.025; x, n − x + 1), upper B(0.975; x + 1, n − x).
    expect(betaQuantile(0.025, 5, 6)).toBeCloseTo(0.1870860284, 9);
    expect(betaQuantile(0.975, 6, 5)).toBeCloseTo(0.8129139716, 9);
    expect(betaQuantile(0.025, 1, 10)).toBeCloseTo(0.0025285785, 9);
    expect(betaQuantile(0.975, 2, 9)).toBeCloseTo(0.445016117, 9);
    expect(betaQuantile(0.975, 101, 400)).toBeCloseTo(0.237791830279907, 9);
    expect(betaCdf(0.3, 2.5, 7.25)).toBeCloseTo(0.6604822735819071, 12);
  });

  it('refuses what is not a distribution', () => {
    expect(() => betaQuantile(1.5, 2, 2)).toThrow(RangeError);
    expect(() => betaCdf(0.5, 0, 2)).toThrow(RangeError);
  });
});

describe('the rate ratio and its exact interval', () => {
  it('maps the binomial bounds to the ratio: 4 crashes on 6 market days, 2 on 24 other days', () => {
    // RR = (4/6)/(2/24) = 8. n = 6, x = 4: p ∈ [B(0.025; 4, 3), B(0.975; 5, 2)] = [0.2227780955, 0.9567281317],
    // RR = p/(1 − p) · 24/6: [0.2867… · 4, 22.1097… · 4] = [1.1465353419, 88.4388097352].
    const r = rateRatio(4, 6, 2, 24);
    expect(r.ratio).toBeCloseTo(8, 12);
    expect(r.low).toBeCloseTo(1.1465353419, 8);
    expect(r.high).toBeCloseTo(88.4388097352, 6);
  });

  it('is unbounded above with no crash on the other days, and from 0 with none on market days', () => {
    // x = n = 3: p_high = 1; p_low = B(0.025; 3, 1) = 0.025^(1/3) = 0.2924017738 → 0.41321… · 20/10.
    const none = rateRatio(3, 10, 0, 20);
    expect(none.ratio).toBeNull();
    expect(none.high).toBeNull();
    expect(none.low).toBeCloseTo((0.025 ** (1 / 3) / (1 - 0.025 ** (1 / 3))) * 2, 10);
    // x = 0: p_low = 0; p_high = B(0.975; 1, 3) = 1 − 0.025^(1/3) = 0.7075982262 → 2.41995… · 2.
    const zero = rateRatio(0, 10, 3, 20);
    expect(zero).toMatchObject({ ratio: 0, low: 0 });
    expect(zero.high).toBeCloseTo(((1 - 0.025 ** (1 / 3)) / 0.025 ** (1 / 3)) * 2, 10);
  });

  it('has nothing to say without crashes or without days', () => {
    expect(rateRatio(0, 10, 0, 20)).toEqual({ ratio: null, low: null, high: null });
    expect(rateRatio(2, 0, 3, 20)).toEqual({ ratio: null, low: null, high: null });
  });
});

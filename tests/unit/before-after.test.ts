import { describe, expect, it } from 'vitest';
import { comparisonGroup, empiricalBayes, naiveBeforeAfter, nightDayRatio } from '@shared/stats/before-after';

describe('the naive before/after comparison', () => {
  it('corrects θ for the bias of 1/K: 20 crashes before, 10 after', () => {
    // π = 20, θ' = 10/20 = 0.5, c = 1/K = 0.05; θ = 0.5/1.05 = 0.476190476.
    // Var = (L/π² + θ'²·c)/(1 + c)² = (10/400 + 0.25·0.05)/1.1025 = 0.0375/1.1025 = 0.034013605, SE = 0.184427778.
    // 1.96·SE = 0.361478446 → θ ∈ [0.114711, 0.837669] → [−88.528797 %, −16.233108 %].
    const e = naiveBeforeAfter(20, 10);
    expect(e).toMatchObject({ method: 'naive', before: 20, after: 10, expectedAfter: 20, significant: true, tooFew: false });
    expect(e.oddsRatio).toBeCloseTo(0.476190476, 8);
    expect(e.se).toBeCloseTo(0.184427778, 8);
    expect(e.change).toBeCloseTo(-52.380952, 5);
    expect(e.ci?.[0]).toBeCloseTo(-88.528797, 5);
    expect(e.ci?.[1]).toBeCloseTo(-16.233108, 5);
  });

  it('scales the before period to the after period: 20 crashes in 2 years, 15 in 3', () => {
    // π = 20·3/2 = 30, θ' = 0.5, c = 1/20 (Var(π) = 1.5²·20, /30² = 0.05): θ = 0.476190476 as above.
    // Var = (15/900 + 0.25·0.05)/1.1025 = 0.029166667/1.1025 = 0.026455026, SE = 0.162650012.
    const e = naiveBeforeAfter(20, 15, 2, 3);
    expect(e.expectedAfter).toBe(30);
    expect(e.oddsRatio).toBeCloseTo(0.476190476, 8);
    expect(e.se).toBeCloseTo(0.162650012, 8);
  });

  it('has no θ with no crash before, and a θ of 0 with none after', () => {
    expect(naiveBeforeAfter(0, 4)).toMatchObject({ expectedAfter: 0, oddsRatio: null, se: null, change: null, ci: null, significant: false, tooFew: true });
    // θ' = 0, c = 1/12: θ = 0, Var = (0 + 0)/(1 + c)² = 0 → the interval is the point −100 %.
    const none = naiveBeforeAfter(12, 0);
    expect(none).toMatchObject({ oddsRatio: 0, se: 0, change: -100, ci: [-100, -100], significant: true, tooFew: false });
  });

  it('is too few to tell under 10 crashes in all, and with a wide interval around 0', () => {
    // 4 + 3 < 10.
    expect(naiveBeforeAfter(4, 3).tooFew).toBe(true);
    // K = 10, L = 9: θ' = 0.9, c = 0.1, θ = 0.818182; Var = (0.09 + 0.081)/1.21 = 0.141322, SE = 0.375929,
    // interval 100·(0.818182 ± 0.736819 − 1) = [−91.86, 55.50]: 147 points wide and across 0.
    const wide = naiveBeforeAfter(10, 9);
    expect(wide.se).toBeCloseTo(0.375929, 6);
    expect(wide).toMatchObject({ significant: false, tooFew: true });
  });

  it('refuses negative counts and empty periods', () => {
    expect(() => naiveBeforeAfter(-1, 3)).toThrow(RangeError);
    expect(() => naiveBeforeAfter(5, 3, 0)).toThrow(RangeError);
  });
});

describe('the comparison group', () => {
  it('applies the comparison trend: K = 20, L = 10, M = 200, N = 220', () => {
    // r = (220/200)/(1 + 1/200) = 1.1/1.005 = 1.094527363, π = 20·r = 21.890547264.
    // θ' = 10/21.890547264 = 0.456818182; c = 1/20 + 1/200 + 1/220 = 0.059545455; θ = 0.456818182/1.059545455 = 0.431145431.
    // Var = (10/479.196060 + 0.208682851·0.059545455)/1.059545455² = (0.020868285 + 0.012426115)/1.122636570
    //     = 0.029657327, SE = 0.172213029; 1.96·SE = 0.337537537 → [−90.639211 %, −23.131703 %].
    const e = comparisonGroup({ K: 20, L: 10, M: 200, N: 220 });
    expect(e).toMatchObject({ method: 'comparison_group', before: 20, after: 10, significant: true, tooFew: false });
    expect(e.expectedAfter).toBeCloseTo(21.890547264, 8);
    expect(e.oddsRatio).toBeCloseTo(0.431145431, 8);
    expect(e.se).toBeCloseTo(0.172213029, 8);
    expect(e.change).toBeCloseTo(-56.885457, 5);
    expect(e.ci?.[0]).toBeCloseTo(-90.639211, 5);
    expect(e.ci?.[1]).toBeCloseTo(-23.131703, 5);
  });

  it('has no trend to apply without comparison crashes before', () => {
    expect(comparisonGroup({ K: 20, L: 10, M: 0, N: 5 })).toMatchObject({ oddsRatio: null, se: null, ci: null, tooFew: true });
  });

  it('has no θ with no treated crash before or no comparison crash after', () => {
    expect(comparisonGroup({ K: 0, L: 10, M: 200, N: 220 }).oddsRatio).toBeNull();
    expect(comparisonGroup({ K: 20, L: 10, M: 200, N: 0 }).oddsRatio).toBeNull();
  });
});

describe('night crashes against day crashes', () => {
  it('uses the day as the comparison group: night 30 → 12, day 100 → 110', () => {
    // r = 1.1/(1 + 1/100) = 1.089108911, expected = 30·r = 32.673267327; θ' = 12/32.673267327 = 0.367272727.
    // c = 1/30 + 1/100 + 1/110 = 0.052424242; θ = 0.367272727/1.052424242 = 0.348977829.
    // Var = (12/1067.542398 + 0.134889256·0.052424242)/1.107596786 = (0.011240771 + 0.007071467)/1.107596786
    //     = 0.016533308, SE = 0.128581910; 1.96·SE = 0.252020544 → [−90.304272 %, −39.900163 %].
    const e = nightDayRatio({ nightBefore: 30, nightAfter: 12, dayBefore: 100, dayAfter: 110 });
    expect(e).toMatchObject({ method: 'night_day', before: 30, after: 12, significant: true, tooFew: false });
    expect(e.expectedAfter).toBeCloseTo(32.673267327, 8);
    expect(e.oddsRatio).toBeCloseTo(0.348977829, 8);
    expect(e.se).toBeCloseTo(0.12858191, 8);
    expect(e.ci?.[0]).toBeCloseTo(-90.304272, 5);
    expect(e.ci?.[1]).toBeCloseTo(-39.900163, 5);
  });
});

describe('the empirical Bayes method', () => {
  const sites = [
    { predictedBefore: 4, predictedAfter: 2, observedBefore: 6, observedAfter: 1 },
    { predictedBefore: 2, predictedAfter: 2, observedBefore: 1, observedAfter: 2 },
    { predictedBefore: 6, predictedAfter: 3, observedBefore: 10, observedAfter: 3 },
  ];

  it('weighs prediction and record per site, then sums: three sites, k = 0.5', () => {
    // Site 1: w = 1/(1 + 0.5·4) = 1/3, N_exp,B = 4/3 + (2/3)·6 = 16/3, r = 0.5, N_exp,A = 8/3, Var = (8/3)·0.5·(2/3) = 8/9.
    // Site 2: w = 1/(1 + 0.5·2) = 1/2, N_exp,B = 1 + 0.5 = 1.5, r = 1, N_exp,A = 1.5, Var = 1.5·1·0.5 = 0.75.
    // Site 3: w = 1/(1 + 0.5·6) = 1/4, N_exp,B = 1.5 + 7.5 = 9, r = 0.5, N_exp,A = 4.5, Var = 4.5·0.5·0.75 = 1.6875.
    // ΣN_obs,A = 6, ΣN_exp,A = 26/3, ΣVar = 128/144 + 108/144 + 243/144 = 479/144.
    // OR' = 6/(26/3) = 9/13 = 0.692307692; c = (479/144)/(26/3)² = 479/10816 = 0.044286243; OR = OR'/(1 + c) = 0.662948207.
    // Var(OR) = (81/169)·(1/6 + c)/(1 + c)² = 0.479289941·0.210952909/1.090533756 = 0.092713872, SE = 0.304489527.
    // 1.96·SE = 0.596799474 → OR ∈ [0.066149, 1.259748] → [−93.385127 %, 25.974768 %]: 119 points wide, across 0.
    const e = empiricalBayes(sites, 0.5);
    expect(e.sites.map((s) => s.weight)).toEqual([1 / 3, 1 / 2, 1 / 4]);
    expect(e.sites[0].expectedBefore).toBeCloseTo(16 / 3, 12);
    expect(e.sites.map((s) => s.expectedAfter)).toEqual([expect.closeTo(8 / 3, 12), expect.closeTo(1.5, 12), expect.closeTo(4.5, 12)]);
    expect(e).toMatchObject({ method: 'empirical_bayes', before: 17, after: 6, significant: false, tooFew: true });
    expect(e.expectedAfter).toBeCloseTo(26 / 3, 12);
    expect(e.oddsRatio).toBeCloseTo(0.662948207, 8);
    expect(e.se).toBeCloseTo(0.304489527, 8);
    expect(e.change).toBeCloseTo(-33.705179, 5);
    expect(e.ci?.[0]).toBeCloseTo(-93.385127, 5);
    expect(e.ci?.[1]).toBeCloseTo(25.974768, 5);
  });

  it('trusts the prediction alone when k = 0', () => {
    // w = 1 everywhere: N_exp,B = N_pred,B, N_exp,A = N_pred,A = 2 + 2 + 3 = 7, Var = 0.
    // OR = 6/7 = 0.857142857, Var(OR) = (36/49)·(1/6) = 0.122448980, SE = 0.349927106.
    const e = empiricalBayes(sites, 0);
    expect(e.sites.map((s) => s.expectedBefore)).toEqual([4, 2, 6]);
    expect(e.expectedAfter).toBe(7);
    expect(e.oddsRatio).toBeCloseTo(0.857142857, 8);
    expect(e.se).toBeCloseTo(0.349927106, 8);
  });

  it('trusts the record alone when k is very large', () => {
    // w = 1/(1 + 1e9·N_pred,B) ≈ 0: N_exp,B → N_obs,B = 6, 1, 10; N_exp,A → 3, 1, 5.
    const e = empiricalBayes(sites, 1e9);
    expect(e.sites.map((s) => s.expectedBefore)).toEqual([expect.closeTo(6, 6), expect.closeTo(1, 6), expect.closeTo(10, 6)]);
    expect(e.expectedAfter).toBeCloseTo(9, 6);
  });

  it('has no θ without sites, and refuses a site with no prediction', () => {
    expect(empiricalBayes([], 0.5)).toMatchObject({ oddsRatio: null, sites: [] });
    expect(() => empiricalBayes([{ predictedBefore: 0, predictedAfter: 1, observedBefore: 2, observedAfter: 1 }], 0.5)).toThrow(RangeError);
    expect(() => empiricalBayes(sites, -1)).toThrow(RangeError);
  });
});

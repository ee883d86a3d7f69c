/**
 * Before/after evaluation of a road-safety treatment: did the treated sites have fewer crashes
 * after than they would have had without it? Four estimators of what "would have had" means,
 * each answering the same Effect so they can be shown side by side.
 *
 * All four are Hauer's odds-ratio estimator (Observational Before-After Studies in Road Safety,
 * 1997, ch. 3, 7, 9; HSM part B, 9A.2): with λ̂ = L the crashes observed after and π̂ the crashes
 * expected after without treatment,
 *   θ' = λ̂/π̂,  θ = θ' / (1 + Var(π̂)/π̂²)   (E[1/π̂] ≈ (1/π)(1 + Var(π̂)/π²): removes that bias),
 *   Var(θ) ≈ θ'²·(1/L + Var(π̂)/π̂²) / (1 + Var(π̂)/π̂²)².
 * The variance carries the uncorrected θ' as HSM eq. 9A.2-10 writes it (OR'): it is the delta
 * method's variance of θ'/(1 + c); the corrected θ there would shrink it by (1 + c)² twice.
 * θ'²/L is written L/π̂², which stays finite with no crash after.
 */

export type EffectMethod = 'naive' | 'comparison_group' | 'empirical_bayes' | 'night_day';

export interface Effect {
  method: EffectMethod;
  /** Observed crashes at the treated sites, before and after. */
  before: number;
  after: number;
  /** What the method expects after without treatment (naive: before scaled by afterYears/beforeYears). */
  expectedAfter: number;
  /** Index of effectiveness θ (odds ratio): < 1 fewer crashes than expected. null when it cannot be computed (no crash expected). */
  oddsRatio: number | null;
  /** Its standard error (null as above). */
  se: number | null;
  /** Percentage change 100·(θ − 1), negative = fewer crashes, and its 95 % interval [lo, hi] in the same units. */
  change: number | null;
  ci: [number, number] | null;
  /** true when the 95 % interval excludes 0: a significant change. */
  significant: boolean;
  /** true when there are too few crashes to tell (see effectOf). */
  tooFew: boolean;
}

export interface EbSite {
  /** The safety performance function's prediction, summed over the before years. */
  predictedBefore: number;
  /** Its prediction for the after years (with the after years' traffic). */
  predictedAfter: number;
  observedBefore: number;
  observedAfter: number;
  /**
   * The site's own overdispersion, when it is made of units of several SPFs (a stretch and the
   * junctions on it): Σ k_e·μ_e² / (Σ μ_e)², the k of their sum. Else the k given to empiricalBayes.
   */
  k?: number;
}

export interface EbEffect extends Effect {
  method: 'empirical_bayes';
  /** Per site, in the order given: the weight of the prediction, and the expected crashes before and after. */
  sites: { weight: number; expectedBefore: number; expectedAfter: number }[];
}

const Z95 = 1.96;
/** Fewer crashes than this, before and after together, is too few to tell. */
const MIN_CRASHES = 10;
/** An interval wider than this many percentage points that contains 0 tells nothing. */
const MAX_WIDTH = 100;

/**
 * Hauer's θ and its standard error from L crashes observed after, π expected after, and π's
 * squared coefficient of variation c = Var(π̂)/π̂². Null when nothing is expected.
 */
function hauerOddsRatio(L: number, pi: number, c: number): { theta: number; se: number } | null {
  if (!(pi > 0) || !Number.isFinite(c)) return null;
  const raw = L / pi;
  const theta = raw / (1 + c);
  const variance = (L / (pi * pi) + raw * raw * c) / ((1 + c) * (1 + c));
  return { theta, se: Math.sqrt(variance) };
}

/**
 * θ and its SE as an Effect: change 100(θ − 1), the interval 100(θ ± 1.96·SE − 1) cut at −100 %
 * (no place loses more than all its crashes; the normal interval can reach below when counts are
 * small). tooFew is the rule: no θ, or fewer than 10 crashes before and after together, or an
 * interval wider than 100 percentage points that contains 0 — with that little information a
 * "no significant change" says nothing about the treatment, only about the sample.
 */
function effectOf(
  method: EffectMethod,
  before: number,
  after: number,
  expectedAfter: number,
  estimate: { theta: number; se: number } | null,
): Effect {
  if (estimate === null) {
    return { method, before, after, expectedAfter, oddsRatio: null, se: null, change: null, ci: null, significant: false, tooFew: true };
  }
  const { theta, se } = estimate;
  const lo = Math.max(-100, 100 * (theta - Z95 * se - 1));
  const hi = 100 * (theta + Z95 * se - 1);
  const containsZero = lo <= 0 && hi >= 0;
  return {
    method,
    before,
    after,
    expectedAfter,
    oddsRatio: theta,
    se,
    change: 100 * (theta - 1),
    ci: [lo, hi],
    significant: !containsZero,
    tooFew: before + after < MIN_CRASHES || (hi - lo > MAX_WIDTH && containsZero),
  };
}

function checkCount(name: string, x: number): void {
  if (!(Number.isFinite(x) && x >= 0)) throw new RangeError(`${name} must be a count ≥ 0: ${x}`);
}

/**
 * The naive before/after comparison: without treatment the after period would have had the before
 * period's crashes, scaled to its length. π̂ = K·a/b, Var(π̂) = (a/b)²·K, so c = 1/K and
 * θ = (L/π̂)/(1 + 1/K), Var(θ) ≈ θ'²(1/L + 1/K)/(1 + 1/K)² (Hauer ch. 7). It credits the treatment
 * with any trend and with regression to the mean: the other methods exist to remove those.
 */
export function naiveBeforeAfter(before: number, after: number, beforeYears = 1, afterYears = beforeYears): Effect {
  checkCount('before', before);
  checkCount('after', after);
  if (!(beforeYears > 0 && afterYears > 0)) throw new RangeError(`periods must be positive: ${beforeYears}, ${afterYears}`);
  const expected = (before * afterYears) / beforeYears;
  return effectOf('naive', before, after, expected, hauerOddsRatio(after, expected, 1 / before));
}

/**
 * The comparison group: untreated sites with M crashes before and N after carry the trend
 * (traffic, weather, reporting). r = (N/M)/(1 + 1/M), the ratio corrected for the bias of 1/M
 * (E[N/M] ≈ (ν/μ)(1 + 1/μ)); π̂ = r·K. Taking the comparison ratio as Poisson-only (no extra
 * year-to-year variation of the odds ratio), Var(π̂)/π̂² ≈ 1/K + 1/M + 1/N (Hauer ch. 9), so
 * θ = (L/(rK))/(1 + 1/K + 1/M + 1/N) and Var(θ) ≈ θ'²(1/L + 1/K + 1/M + 1/N)/(1 + 1/K + 1/M + 1/N)².
 * No comparison crash before (M = 0) leaves no trend to apply: θ null.
 */
export function comparisonGroup(counts: { K: number; L: number; M: number; N: number }): Effect {
  return trendAdjusted('comparison_group', counts);
}

/**
 * Night crashes against day crashes, for lighting: the treatment (street lights) acts at night, so
 * day crashes at the same sites are the comparison group, night the treated. The same estimator as
 * comparisonGroup with K = night before, L = night after, M = day before, N = day after:
 * expected after = night before·(day after/day before)/(1 + 1/day before), and
 * θ = (night after/expected after)/(1 + 1/K + 1/M + 1/N).
 */
export function nightDayRatio(counts: { nightBefore: number; nightAfter: number; dayBefore: number; dayAfter: number }): Effect {
  const { nightBefore: K, nightAfter: L, dayBefore: M, dayAfter: N } = counts;
  return trendAdjusted('night_day', { K, L, M, N });
}

function trendAdjusted(method: 'comparison_group' | 'night_day', { K, L, M, N }: { K: number; L: number; M: number; N: number }): Effect {
  checkCount('K', K);
  checkCount('L', L);
  checkCount('M', M);
  checkCount('N', N);
  if (M === 0) return effectOf(method, K, L, 0, null);
  const r = N / M / (1 + 1 / M);
  const expected = r * K;
  return effectOf(method, K, L, expected, hauerOddsRatio(L, expected, 1 / K + 1 / M + 1 / N));
}

/**
 * The empirical Bayes method (HSM part B, ch. 9, appendix 9A.2): each site's expected crashes
 * before are a weighted mean of the safety performance function's prediction and what was
 * observed, which removes regression to the mean from sites chosen for their bad record.
 *   w = 1/(1 + k·N_pred,B)            k the SPF's overdispersion (NB2: Var = μ + kμ²)
 *   N_exp,B = w·N_pred,B + (1 − w)·N_obs,B
 *   r = N_pred,A/N_pred,B,  N_exp,A = r·N_exp,B,  Var(N_exp,A) = N_exp,A·r·(1 − w)
 * Summed over the sites: OR' = ΣN_obs,A/ΣN_exp,A, c = ΣVar/(ΣN_exp,A)², OR = OR'/(1 + c),
 * Var(OR) = OR'²(1/ΣN_obs,A + c)/(1 + c)². The HSM reports 100(1 − OR) as "safety
 * effectiveness"; we report the change 100(OR − 1), negative = fewer, as the other methods do.
 */
export function empiricalBayes(sites: EbSite[], k: number): EbEffect {
  if (!(Number.isFinite(k) && k >= 0)) throw new RangeError(`overdispersion k must be ≥ 0: ${k}`);
  let before = 0;
  let after = 0;
  let expected = 0;
  let variance = 0;
  const perSite = sites.map((s, i) => {
    if (!(s.predictedBefore > 0 && s.predictedAfter > 0 && Number.isFinite(s.predictedBefore) && Number.isFinite(s.predictedAfter))) {
      throw new RangeError(`site ${i}: predictions must be positive: ${s.predictedBefore}, ${s.predictedAfter}`);
    }
    checkCount(`site ${i} observedBefore`, s.observedBefore);
    checkCount(`site ${i} observedAfter`, s.observedAfter);
    const weight = 1 / (1 + (s.k ?? k) * s.predictedBefore);
    const expectedBefore = weight * s.predictedBefore + (1 - weight) * s.observedBefore;
    const r = s.predictedAfter / s.predictedBefore;
    const expectedAfter = r * expectedBefore;
    before += s.observedBefore;
    after += s.observedAfter;
    expected += expectedAfter;
    variance += expectedAfter * r * (1 - weight);
    return { weight, expectedBefore, expectedAfter };
  });
  const estimate = hauerOddsRatio(after, expected, variance / (expected * expected));
  return { ...effectOf('empirical_bayes', before, after, expected, estimate), method: 'empirical_bayes', sites: perSite };
}

import { betaQuantile } from './beta';

export interface RateRatio {
  /** (xA / dA) / (xB / dB); null when undefined (no crash at all) or unbounded (none in B). */
  ratio: number | null;
  /** The exact interval's bounds; `high` null when unbounded. Both null when there is no crash. */
  low: number | null;
  high: number | null;
}

/**
 * The ratio of two Poisson rates, xA events in dA units of exposure against xB in dB, with its
 * exact interval conditional on the total (the Clopper–Pearson interval mapped to the ratio):
 * given n = xA + xB, xA ~ Binomial(n, p) with p = RR·dA / (RR·dA + dB), so RR = p/(1 − p) · dB/dA.
 * p's bounds are beta quantiles: low = B(α/2; x, n − x + 1) (0 when x = 0), high = B(1 − α/2;
 * x + 1, n − x) (1, an unbounded ratio, when x = n).
 */
export function rateRatio(xA: number, dA: number, xB: number, dB: number, level = 0.95): RateRatio {
  const n = xA + xB;
  if (n === 0 || dA <= 0 || dB <= 0) return { ratio: null, low: null, high: null };
  const alpha = 1 - level;
  const toRatio = (p: number) => (p / (1 - p)) * (dB / dA);
  const pLow = xA === 0 ? 0 : betaQuantile(alpha / 2, xA, n - xA + 1);
  const pHigh = xA === n ? 1 : betaQuantile(1 - alpha / 2, xA + 1, n - xA);
  return {
    ratio: xB === 0 ? null : xA / dA / (xB / dB),
    low: toRatio(pLow),
    high: pHigh === 1 ? null : toRatio(pHigh),
  };
}

/** A rate ratio as the API answers it: the ratio, and its exact interval [low, high | null] (null with no crash). */
export interface RatioInterval {
  ratio: number | null;
  ci: [number, number | null] | null;
}

export function ratioInterval(xA: number, dA: number, xB: number, dB: number): RatioInterval {
  const rr = rateRatio(xA, dA, xB, dB);
  return { ratio: rr.ratio, ci: rr.low === null ? null : [rr.low, rr.high] };
}

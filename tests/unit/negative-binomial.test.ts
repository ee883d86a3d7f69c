import { describe, expect, it } from 'vitest';
import { fitNegativeBinomial, predictNb } from '@shared/stats/negative-binomial';

/** mulberry32: a seeded uniform generator on [0, 1), so the simulated data are the same every run. */
function uniforms(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(u: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** Gamma(shape, 1) by Marsaglia and Tsang (2000), boosted by U^(1/shape) for shape < 1. */
function gamma(u: () => number, shape: number): number {
  if (shape < 1) return gamma(u, shape + 1) * u() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(u);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const U = u();
    if (Math.log(U) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Poisson(λ) by inversion (λ stays well below 700 here, where e^−λ would underflow). */
function poisson(u: () => number, lambda: number): number {
  let p = Math.exp(-lambda);
  let cdf = p;
  let x = 0;
  const target = u();
  while (target > cdf && p > 0) {
    x++;
    p *= lambda / x;
    cdf += p;
  }
  return x;
}

/**
 * Segments with an intercept, a continuous covariate, a 0/1 covariate and length as exposure:
 * μ = length·exp(−1.2 + 0.8x − 0.5d); y ~ Poisson(μ·G), G ~ Gamma(1/k, scale k) (mean 1, variance
 * k), so y ~ NB2(μ, k). k = 0 draws plain Poisson.
 */
function simulate(n: number, k: number, seed: number) {
  const u = uniforms(seed);
  const X: number[][] = [];
  const y: number[] = [];
  const offset: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = normal(u);
    const d = u() < 0.4 ? 1 : 0;
    const length = 0.2 + 2.8 * u();
    const mu = length * Math.exp(-1.2 + 0.8 * x - 0.5 * d);
    X.push([1, x, d]);
    offset.push(Math.log(length));
    y.push(poisson(u, k === 0 ? mu : mu * k * gamma(u, 1 / k)));
  }
  return { X, y, offset };
}

/** ln P(y) for NB2(μ, k), written out: Γ(y + 1/k)/Γ(1/k) = Π_{j<y} (1/k + j). */
function nbLogPmf(y: number, mu: number, k: number): number {
  const r = 1 / k;
  let s = 0;
  for (let j = 0; j < y; j++) s += Math.log(r + j) - Math.log(j + 1);
  return s + r * Math.log(r / (r + mu)) + y * Math.log(mu / (r + mu));
}

describe('the negative binomial regression', () => {
  it('recovers β and k from 5 000 simulated segments', () => {
    // ±0.1 is about 2 SE for the 0/1 covariate's coefficient (SE ≈ 0.05) and k's about 3 (SE ≈ 0.05).
    const { X, y, offset } = simulate(5000, 0.6, 4);
    const fit = fitNegativeBinomial(X, y, { offset });
    expect(fit.converged).toBe(true);
    expect(fit.n).toBe(5000);
    expect(fit.coefficients[0]).toBeGreaterThan(-1.3);
    expect(fit.coefficients[0]).toBeLessThan(-1.1);
    expect(fit.coefficients[1]).toBeGreaterThan(0.7);
    expect(fit.coefficients[1]).toBeLessThan(0.9);
    expect(fit.coefficients[2]).toBeGreaterThan(-0.6);
    expect(fit.coefficients[2]).toBeLessThan(-0.4);
    expect(fit.k).toBeGreaterThan(0.45);
    expect(fit.k).toBeLessThan(0.75);
    for (const se of [...fit.se, fit.kSe ?? NaN]) {
      expect(se).toBeGreaterThan(0);
      expect(Number.isFinite(se)).toBe(true);
    }
  });

  it('finds k near 0 in Poisson data', () => {
    const { X, y, offset } = simulate(5000, 0, 7);
    const fit = fitNegativeBinomial(X, y, { offset });
    expect(fit.converged).toBe(true);
    expect(fit.k).toBeLessThan(0.05);
    expect(fit.coefficients[1]).toBeCloseTo(0.8, 1);
  });

  // Its speed is measured in scripts/bench/, not here.
  it('fits 20 000 segments × 10 columns and recovers k', () => {
    const u = uniforms(99);
    const beta = [-1, 0.3, -0.2, 0.1, 0.4, -0.3, 0.2, 0.5, -0.1, 0.15];
    const X: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 20000; i++) {
      const row = [1];
      for (let j = 1; j < 10; j++) row.push(j % 3 === 0 ? (u() < 0.5 ? 1 : 0) : normal(u));
      const mu = Math.exp(row.reduce((s, x, j) => s + x * beta[j], 0));
      X.push(row);
      y.push(poisson(u, mu * 0.8 * gamma(u, 1 / 0.8)));
    }
    const fit = fitNegativeBinomial(X, y);
    expect(fit.converged).toBe(true);
    expect(fit.k).toBeCloseTo(0.8, 1);
  });

  it('fits the mean with an intercept alone, at the k of highest likelihood: y = 0, 1, 2, 5', () => {
    // The score for β₀ is Σ(y − μ)/(1 + kμ) = 0 with one μ for all: μ = ȳ = 2, β₀ = ln 2 whatever k.
    const y = [0, 1, 2, 5];
    const fit = fitNegativeBinomial(y.map(() => [1]), y);
    expect(fit.coefficients[0]).toBeCloseTo(Math.log(2), 8);
    const logLik = (k: number) => y.reduce((s, v) => s + nbLogPmf(v, 2, k), 0);
    expect(fit.logLik).toBeCloseTo(logLik(fit.k), 10);
    expect(logLik(fit.k * 1.01)).toBeLessThan(fit.logLik);
    expect(logLik(fit.k * 0.99)).toBeLessThan(fit.logLik);
  });

  it('predicts exp(offset + x·β)', () => {
    const fit = { coefficients: [-1, 0.5], se: [0.1, 0.1], k: 0.3, kSe: 0.05, logLik: -10, iterations: 3, converged: true, n: 10 };
    expect(predictNb(fit, [1, 2], Math.log(3))).toBeCloseTo(3, 12); // 3·e^(−1 + 1)
    expect(() => predictNb(fit, [1])).toThrow(/2 coefficients/);
  });

  it('refuses rows of different length, numbers that are not, and negative counts', () => {
    expect(() => fitNegativeBinomial([[1, 2], [1]], [1, 2])).toThrow(/row 1 of X has 1 columns/);
    expect(() => fitNegativeBinomial([[1, NaN]], [1])).toThrow(/X\[0\]\[1\]/);
    expect(() => fitNegativeBinomial([[1], [1]], [1, -1])).toThrow(/y\[1\]/);
    expect(() => fitNegativeBinomial([[1], [1]], [1])).toThrow(/2 rows but y has 1/);
    expect(() => fitNegativeBinomial([[1, 2], [1, 2], [1, 2]], [1, 0, 3])).toThrow(/singular/);
  });
});

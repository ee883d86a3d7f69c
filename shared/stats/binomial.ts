import { betaCdf } from './beta';

/**
 * P(X ≥ x) for X ~ Binomial(n, p), exactly: the upper tail is the regularized incomplete beta
 * I_p(x, n − x + 1), which stays accurate far into the tail where summing 1 − P(X < x) would
 * round to 0.
 */
export function binomialUpperTail(x: number, n: number, p: number): number {
  if (!Number.isInteger(x) || !Number.isInteger(n) || n < 0) throw new RangeError(`counts must be whole numbers: ${x} of ${n}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`probability must be in [0, 1]: ${p}`);
  if (x <= 0) return 1;
  if (x > n) return 0;
  return betaCdf(p, x, n - x + 1);
}

/**
 * Benjamini–Hochberg adjusted p-values (q-values), in the order given: q_(i) = min over j ≥ i of
 * m · p_(j) / j for the p sorted ascending, at most 1. Rejecting every q ≤ α keeps the expected
 * share of false discoveries at most α for independent (or positively dependent) tests.
 */
export function benjaminiHochberg(p: number[]): number[] {
  const m = p.length;
  const order = p.map((_, i) => i).sort((a, b) => p[a] - p[b] || a - b);
  const q = new Array<number>(m);
  let running = 1;
  for (let k = m - 1; k >= 0; k--) {
    running = Math.min(running, (m * p[order[k]]) / (k + 1));
    q[order[k]] = running;
  }
  return q;
}

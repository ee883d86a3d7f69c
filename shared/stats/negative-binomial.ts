/**
 * Negative binomial (NB2) regression by maximum likelihood, for safety performance functions:
 * crashes on a segment y ~ NB(μ, k), Var(y) = μ + k·μ², log μ = offset + X·β. The overdispersion
 * k is what the empirical Bayes weight w = 1/(1 + k·μ) needs (before-after.ts).
 *
 * β given k by iteratively reweighted least squares (Fisher scoring: weights μ/(1 + kμ), the
 * normal equations XᵀWX solved by Cholesky); k given β by Brent's 1-D minimisation of −ℓ in
 * log k; alternated from the Poisson fit (k = 0) until ℓ stops changing. β and k are orthogonal
 * in NB2's information, so the alternation converges in a few rounds.
 *
 * The log-likelihood uses Γ(y + 1/k)/Γ(1/k) = Π_{j<y} (1/k + j) for whole y, which gives
 *   ℓ_i = Σ_{j<y} log(1 + jk) − ln y! + y·log μ − (y + 1/k)·log(1 + kμ):
 * exact as k → 0 (where it tends to Poisson), whereas lnΓ(y + 1/k) − lnΓ(1/k) subtracts two
 * numbers near 1/k·ln(1/k) and loses the digits the k search needs. Σ_i Σ_{j<y_i} depends on y
 * only through c_j = #{i : y_i > j}, so each evaluation costs n + max y.
 */

export interface NbFit {
  coefficients: number[];
  se: number[];
  k: number;
  /** From ℓ's second derivative in k at β̂; null at the Poisson boundary (k ≈ 0), where it means nothing. */
  kSe: number | null;
  logLik: number;
  /** Rounds of (β given k, k given β). */
  iterations: number;
  converged: boolean;
  n: number;
}

interface Data {
  n: number;
  p: number;
  /** Row-major n × p. */
  X: Float64Array;
  y: Float64Array;
  offset: Float64Array;
  /** c_j = #{i : y_i > j}, j < max y. */
  tail: Float64Array;
  /** Σ ln y_i!. */
  logFactorials: number;
}

const MAX_IRLS = 50;
const MAX_HALVINGS = 30;
/** log k is searched in [ln 1e-8, ln 1e4]; below, NB is Poisson to every digit that matters. */
const LOG_K_MIN = Math.log(1e-8);
const LOG_K_MAX = Math.log(1e4);
const K_BOUNDARY = 1e-6;

/** y ~ NB2(μ, k): Var(y) = μ + k·μ², log μ = offset + X·β. X rows include the intercept column if wanted. */
export function fitNegativeBinomial(
  X: number[][],
  y: number[],
  opts: { offset?: number[]; maxIterations?: number; tolerance?: number } = {},
): NbFit {
  const data = prepare(X, y, opts.offset);
  const maxIterations = opts.maxIterations ?? 50;
  const tolerance = opts.tolerance ?? 1e-10;
  // Changes are relative to |ℓ|: a sum of n terms is not exact to better than ~n·ε·|ℓ|.
  const settled = (a: number, b: number) => Math.abs(a - b) <= tolerance * (Math.abs(b) + 1);

  let fit = irls(data, 0, null, tolerance);
  let k = 0;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    k = maximiseK(data, fit.mu);
    const next = irls(data, k, fit.beta, tolerance);
    const done = settled(next.logLik, fit.logLik);
    fit = next;
    if (done) {
      converged = fit.converged;
      break;
    }
  }

  const se = standardErrors(data, fit.mu, k);
  const info = k < K_BOUNDARY ? 0 : -kCurvature(data, fit.mu, k);
  return {
    coefficients: Array.from(fit.beta),
    se,
    k,
    kSe: info > 0 ? 1 / Math.sqrt(info) : null,
    logLik: fit.logLik,
    iterations,
    converged,
    n: data.n,
  };
}

export function predictNb(fit: NbFit, x: number[], offset = 0): number {
  if (x.length !== fit.coefficients.length) throw new Error(`x has ${x.length} values, the fit ${fit.coefficients.length} coefficients`);
  let eta = offset;
  for (let j = 0; j < x.length; j++) eta += x[j] * fit.coefficients[j];
  return Math.exp(eta);
}

function prepare(X: number[][], y: number[], offset: number[] | undefined): Data {
  const n = X.length;
  if (n === 0) throw new Error('no rows to fit');
  if (y.length !== n) throw new Error(`X has ${n} rows but y has ${y.length} values`);
  if (offset !== undefined && offset.length !== n) throw new Error(`X has ${n} rows but the offset has ${offset.length} values`);
  const p = X[0].length;
  if (p === 0) throw new Error('X has no columns');
  const flat = new Float64Array(n * p);
  const yy = new Float64Array(n);
  const off = new Float64Array(n);
  let maxY = 0;
  for (let i = 0; i < n; i++) {
    const row = X[i];
    if (row.length !== p) throw new Error(`row ${i} of X has ${row.length} columns, row 0 has ${p}`);
    for (let j = 0; j < p; j++) {
      if (!Number.isFinite(row[j])) throw new Error(`X[${i}][${j}] is not a finite number: ${row[j]}`);
      flat[i * p + j] = row[j];
    }
    if (!(Number.isInteger(y[i]) && y[i] >= 0)) throw new Error(`y[${i}] is not a count (a whole number ≥ 0): ${y[i]}`);
    yy[i] = y[i];
    if (y[i] > maxY) maxY = y[i];
    if (offset !== undefined) {
      if (!Number.isFinite(offset[i])) throw new Error(`offset[${i}] is not a finite number: ${offset[i]}`);
      off[i] = offset[i];
    }
  }
  // Σ_i Σ_{j<y_i} f(j) = Σ_j c_j f(j): c_j by counting each y, then a suffix sum.
  const tail = new Float64Array(maxY + 1);
  for (let i = 0; i < n; i++) tail[yy[i]]++;
  for (let j = maxY - 1; j >= 0; j--) tail[j] += tail[j + 1];
  const c = tail.subarray(1); // c_j = #{y > j} = #{y ≥ j + 1}
  let logFactorials = 0;
  for (let j = 0; j < c.length; j++) logFactorials += c[j] * Math.log(j + 1);
  return { n, p, X: flat, y: yy, offset: off, tail: c, logFactorials };
}

function computeMu(d: Data, beta: Float64Array, mu: Float64Array): void {
  const { n, p, X, offset } = d;
  for (let i = 0; i < n; i++) {
    let eta = offset[i];
    for (let j = 0; j < p; j++) eta += X[i * p + j] * beta[j];
    // A coefficient running off (a covariate whose rows are all 0) must not overflow μ.
    mu[i] = Math.exp(Math.min(100, Math.max(-700, eta)));
  }
}

/** The part of ℓ that depends on k, at fixed μ: Σ_j c_j log(1 + jk) − Σ_i (y_i + 1/k) log(1 + kμ_i); −Σμ at k = 0. */
function kPart(d: Data, mu: Float64Array, k: number): number {
  let s = 0;
  if (k === 0) {
    for (let i = 0; i < d.n; i++) s -= mu[i];
    return s;
  }
  for (let j = 1; j < d.tail.length; j++) s += d.tail[j] * Math.log1p(j * k);
  for (let i = 0; i < d.n; i++) s -= (d.y[i] + 1 / k) * Math.log1p(k * mu[i]);
  return s;
}

function logLikelihood(d: Data, mu: Float64Array, k: number): number {
  let s = kPart(d, mu, k) - d.logFactorials;
  for (let i = 0; i < d.n; i++) if (d.y[i] > 0) s += d.y[i] * Math.log(mu[i]);
  return s;
}

/** d²ℓ/dk² at fixed μ: −Σ_j c_j j²/(1 + jk)² + Σ_i [2μ/(k²(1 + kμ)) − 2 log(1 + kμ)/k³ + (y + 1/k) μ²/(1 + kμ)²]. */
function kCurvature(d: Data, mu: Float64Array, k: number): number {
  let s = 0;
  for (let j = 1; j < d.tail.length; j++) s -= (d.tail[j] * j * j) / ((1 + j * k) * (1 + j * k));
  for (let i = 0; i < d.n; i++) {
    const m = mu[i];
    const q = 1 + k * m;
    s += (2 * m) / (k * k * q) - (2 * Math.log1p(k * m)) / (k * k * k) + ((d.y[i] + 1 / k) * m * m) / (q * q);
  }
  return s;
}

/** The k maximising ℓ at fixed μ: Brent in log k, then k = 0 if the Poisson limit is no worse. */
function maximiseK(d: Data, mu: Float64Array): number {
  const best = brentMinimise((t) => -kPart(d, mu, Math.exp(t)), LOG_K_MIN, LOG_K_MAX, 1e-7);
  return -best.fx > kPart(d, mu, 0) ? Math.exp(best.x) : 0;
}

/**
 * β maximising ℓ for this k by Fisher scoring: β ← (XᵀWX)⁻¹XᵀWz, W = μ/(1 + kμ), z = Xβ + (y − μ)/μ,
 * halving a step that lowers ℓ. Without a start, from μ = y + 0.1 as R's glm starts a Poisson fit.
 */
function irls(d: Data, k: number, start: Float64Array | null, tolerance: number) {
  const { n, p, X, y, offset } = d;
  const mu = new Float64Array(n);
  const trial = new Float64Array(n);
  const w = new Float64Array(n);
  const z = new Float64Array(n);
  let beta: Float64Array = start ? start.slice() : new Float64Array(p);
  let logLik = -Infinity;
  if (start) {
    computeMu(d, beta, mu);
    logLik = logLikelihood(d, mu, k);
  } else {
    for (let i = 0; i < n; i++) mu[i] = y[i] + 0.1;
  }
  for (let iter = 0; iter < MAX_IRLS; iter++) {
    for (let i = 0; i < n; i++) {
      w[i] = mu[i] / (1 + k * mu[i]);
      z[i] = Math.log(mu[i]) - offset[i] + (y[i] - mu[i]) / mu[i];
    }
    const { A, b } = normalEquations(X, n, p, w, z);
    const proposal = solve(cholesky(A, p), p, b);
    computeMu(d, proposal, trial);
    let trialLogLik = logLikelihood(d, trial, k);
    for (let h = 0; h < MAX_HALVINGS && !(trialLogLik >= logLik); h++) {
      for (let j = 0; j < p; j++) proposal[j] = (proposal[j] + beta[j]) / 2;
      computeMu(d, proposal, trial);
      trialLogLik = logLikelihood(d, trial, k);
    }
    // Fisher scoring climbs: a step that cannot, even cut 2³⁰-fold, starts at the top already.
    if (!(trialLogLik >= logLik)) return { beta, mu, logLik, converged: true };
    const change = trialLogLik - logLik;
    beta = proposal;
    mu.set(trial);
    logLik = trialLogLik;
    if (change <= tolerance * (Math.abs(logLik) + 1)) return { beta, mu, logLik, converged: true };
  }
  return { beta, mu, logLik, converged: false };
}

/** Lower triangle of XᵀWX, and XᵀWz. */
function normalEquations(X: Float64Array, n: number, p: number, w: Float64Array, z: Float64Array) {
  const A = new Float64Array(p * p);
  const b = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const row = i * p;
    const wi = w[i];
    for (let a = 0; a < p; a++) {
      const xa = X[row + a] * wi;
      b[a] += xa * z[i];
      for (let c = 0; c <= a; c++) A[a * p + c] += xa * X[row + c];
    }
  }
  return { A, b };
}

/** In place: the lower triangle of A becomes L with A = LLᵀ. */
function cholesky(A: Float64Array, p: number): Float64Array {
  for (let j = 0; j < p; j++) {
    let s = A[j * p + j];
    for (let m = 0; m < j; m++) s -= A[j * p + m] * A[j * p + m];
    if (!(s > 1e-12 * Math.max(1, A[j * p + j]))) {
      throw new Error(`XᵀWX is singular at column ${j}: the columns of X are collinear, or one is all zero`);
    }
    const ljj = Math.sqrt(s);
    A[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let t = A[i * p + j];
      for (let m = 0; m < j; m++) t -= A[i * p + m] * A[j * p + m];
      A[i * p + j] = t / ljj;
    }
  }
  return A;
}

/** x with LLᵀx = b. */
function solve(L: Float64Array, p: number, b: Float64Array): Float64Array {
  const x = Float64Array.from(b);
  for (let i = 0; i < p; i++) {
    for (let m = 0; m < i; m++) x[i] -= L[i * p + m] * x[m];
    x[i] /= L[i * p + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    for (let m = i + 1; m < p; m++) x[i] -= L[m * p + i] * x[m];
    x[i] /= L[i * p + i];
  }
  return x;
}

/** √diag((XᵀWX)⁻¹) at the optimum: the inverse Fisher information for β. */
function standardErrors(d: Data, mu: Float64Array, k: number): number[] {
  const w = new Float64Array(d.n);
  for (let i = 0; i < d.n; i++) w[i] = mu[i] / (1 + k * mu[i]);
  const L = cholesky(normalEquations(d.X, d.n, d.p, w, new Float64Array(d.n)).A, d.p);
  const se: number[] = [];
  for (let j = 0; j < d.p; j++) {
    const unit = new Float64Array(d.p);
    unit[j] = 1;
    se.push(Math.sqrt(solve(L, d.p, unit)[j]));
  }
  return se;
}

/** Brent's minimisation on [a, b] (golden section with parabolic steps; Numerical Recipes §10.3). */
function brentMinimise(f: (x: number) => number, a: number, b: number, tol: number): { x: number; fx: number } {
  const GOLDEN = 0.381966011250105;
  let x = a + GOLDEN * (b - a);
  let w = x;
  let v = x;
  let fx = f(x);
  let fw = fx;
  let fv = fx;
  let d = 0;
  let e = 0;
  for (let iter = 0; iter < 200; iter++) {
    const m = 0.5 * (a + b);
    const tol1 = tol * Math.abs(x) + 1e-10;
    const tol2 = 2 * tol1;
    if (Math.abs(x - m) <= tol2 - 0.5 * (b - a)) break;
    let golden = true;
    if (Math.abs(e) > tol1) {
      const r = (x - w) * (fx - fv);
      let q = (x - v) * (fx - fw);
      let pp = (x - v) * q - (x - w) * r;
      q = 2 * (q - r);
      if (q > 0) pp = -pp;
      else q = -q;
      const eOld = e;
      e = d;
      if (Math.abs(pp) < Math.abs(0.5 * q * eOld) && pp > q * (a - x) && pp < q * (b - x)) {
        d = pp / q;
        const u = x + d;
        if (u - a < tol2 || b - u < tol2) d = x < m ? tol1 : -tol1;
        golden = false;
      }
    }
    if (golden) {
      e = (x < m ? b : a) - x;
      d = GOLDEN * e;
    }
    const u = Math.abs(d) >= tol1 ? x + d : x + (d > 0 ? tol1 : -tol1);
    const fu = f(u);
    if (fu <= fx) {
      if (u < x) b = x;
      else a = x;
      v = w;
      fv = fw;
      w = x;
      fw = fx;
      x = u;
      fx = fu;
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    }
  }
  return { x, fx };
}

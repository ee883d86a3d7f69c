import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/test-app';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** Φ(z) by Marsaglia's series (J. Stat. Software 11(4), 2004), exact to double precision for |z| < 8. */
function normalCdf(z: number): number {
  let term = z;
  let sum = z;
  for (let i = 3; sum + term !== sum; i += 2) {
    term = (term * z * z) / i;
    sum += term;
  }
  return 0.5 + sum * Math.exp(-0.5 * z * z - 0.91893853320467274178);
}

/** The Mann-Kendall test written out plainly, as a reference for the SQL function. */
function mannKendall(series: (number | null)[]) {
  const x = series.filter((v): v is number => v !== null);
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) s += Math.sign(x[j] - x[i]);
  const groups = new Map<number, number>();
  for (const v of x) groups.set(v, (groups.get(v) ?? 0) + 1);
  let ties = 0;
  for (const k of groups.values()) ties += k * (k - 1) * (2 * k + 5);
  const variance = n < 2 ? 0 : (n * (n - 1) * (2 * n + 5) - ties) / 18;
  if (n < 3 || variance <= 0 || s === 0) return { s, variance, z: 0, p: 1 };
  const z = (s - Math.sign(s)) / Math.sqrt(variance);
  return { s, variance, z, p: 2 * normalCdf(-Math.abs(z)) };
}

const mk = async (x: (number | null)[] | null) =>
  (await t.pool.query('SELECT s, variance, z, p FROM mann_kendall($1::float8[])', [x])).rows[0];
const label = async (x: (number | null)[] | null, alpha?: number) =>
  (
    await t.pool.query(alpha === undefined ? 'SELECT trend_label($1::float8[]) AS l' : 'SELECT trend_label($1::float8[], $2) AS l',
      alpha === undefined ? [x] : [x, alpha])
  ).rows[0].l;

describe('mann_kendall (SQL)', () => {
  it('scores a strictly increasing series of five', async () => {
    // S = 10 pairs up; Var = 5·4·15/18 = 50/3; z = (10 − 1)/√(50/3) = 2.204541; p = 2(1 − Φ(z)) = 0.027486.
    const r = await mk([1, 2, 3, 4, 5]);
    expect(r.s).toBe(10);
    expect(r.variance).toBeCloseTo(50 / 3, 10);
    expect(r.z).toBeCloseTo(2.204541, 6);
    expect(r.p).toBeCloseTo(0.027486, 6);
  });

  it('corrects the variance for ties', async () => {
    // 1, 2, 2, 3: five pairs up, one tie: S = 5. One group of t = 2:
    // Var = (4·3·13 − 2·1·9)/18 = 138/18 = 7.6667; z = 4/√7.6667 = 1.444630; p = 0.148562.
    const r = await mk([1, 2, 2, 3]);
    expect(r.s).toBe(5);
    expect(r.variance).toBeCloseTo(138 / 18, 10);
    expect(r.z).toBeCloseTo(1.44463, 5);
    expect(r.p).toBeCloseTo(0.148562, 5);
  });

  it('corrects z towards zero for a falling series', async () => {
    const r = await mk([5, 4, 3, 2, 1]);
    expect(r.s).toBe(-10);
    expect(r.z).toBeCloseTo(-2.204541, 6); // (S + 1)/√Var
    expect(r.p).toBeCloseTo(0.027486, 6);
  });

  it('gives z = 0 and p = 1 when every value is equal (Var = 0)', async () => {
    expect(await mk([4, 4, 4, 4])).toEqual({ s: 0, variance: 0, z: 0, p: 1 });
  });

  it('gives z = 0 and p = 1 for S = 0', async () => {
    const flat = await mk([2, 1, 1, 2]); // −1 −1 0 0 +1 +1
    expect(flat).toMatchObject({ s: 0, z: 0, p: 1 });
    expect(flat.variance).toBeCloseTo((4 * 3 * 13 - 2 * 2 * 1 * 9) / 18, 10);
  });

  it('does not test fewer than three values', async () => {
    expect(await mk([1, 2])).toEqual({ s: 1, variance: 1, z: 0, p: 1 });
    expect(await mk([7])).toEqual({ s: 0, variance: 0, z: 0, p: 1 });
    expect(await mk([])).toEqual({ s: 0, variance: 0, z: 0, p: 1 });
    expect(await mk(null)).toEqual({ s: 0, variance: 0, z: 0, p: 1 });
  });

  it('drops NULL periods', async () => {
    expect(await mk([1, null, 2, 3])).toEqual(await mk([1, 2, 3]));
  });

  it.each([
    [[3, 5, 2, 8, 8, 6, 9, 12, 7, 10]],
    [[0, 0, 1, 0, 2, 2, 2, 5, 4, 9]],
    [[12, 11, 11, 9, 10, 7, 7, 7, 3, 1]],
    [[4, 6, 5, 5, 7, 6]],
    [[0, 0, 0, 0, 1]],
    [[2, 9, 1, 8, 3, 7, 4, 6]],
  ])('agrees with a plain implementation on %j', async (x) => {
    const r = await mk(x);
    const ref = mannKendall(x);
    expect(r.s).toBe(ref.s);
    expect(r.variance).toBeCloseTo(ref.variance, 9);
    expect(r.z).toBeCloseTo(ref.z, 9);
    // The SQL p comes from the erfc fit (relative error < 1.2e-7).
    expect(Math.abs(r.p - ref.p)).toBeLessThan(1e-7 * ref.p + 1e-12);
  });
});

describe('trend_label (SQL)', () => {
  it.each([
    [[0, 0, 0, 0, 4], 'new'],
    [[0, 0, 0, 0, 1], 'new'],
    [[1, 2, 3, 4, 5], 'intensifying'],
    [[2, 2, 3, 5, 8, 13], 'intensifying'],
    [[9, 7, 6, 4, 1], 'diminishing'],
    [[5, 0, 0, 0, 0], 'none'],
    [[3, 3, 3, 3, 3], 'none'],
    [[4, 6, 3, 5, 4], 'none'],
    [[0, 0, 0, 0, 0], 'none'],
    [[1, 2], 'none'],
  ])('%j is %s', async (x, expected) => {
    expect(await label(x)).toBe(expected);
  });

  it('takes "new" before a trend: only the last period counts', async () => {
    // 0…0, 9 over ten periods: S = 9 > 0 but new is the more telling label.
    expect(await label([0, 0, 0, 0, 0, 0, 0, 0, 0, 9])).toBe('new');
    expect(await label([0, 0, 0, 1, 9])).not.toBe('new');
  });

  it('tests at alpha = 0.05 unless told otherwise: p = 0.096 is no trend', async () => {
    // 0, 0, 0, 2, 6: S = 7, Var = (300 − 66)/18 = 13, z = 6/√13 = 1.664, p = 0.096.
    expect(await label([0, 0, 0, 2, 6])).toBe('none');
    expect(await label([0, 0, 0, 2, 6], 0.1)).toBe('intensifying');
    expect(await label([6, 2, 0, 0, 0])).toBe('none');
    expect(await label([6, 2, 0, 0, 0], 0.1)).toBe('diminishing');
  });
});

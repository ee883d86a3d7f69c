import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/test-app';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

// Reference values: Φ(z) and two-sided p from standard tables (e.g. R's pnorm), to 9 digits.
describe('normal_cdf / normal_p_two_sided (SQL)', () => {
  it.each([
    [0, 0.5],
    [1, 0.841344746],
    [-1, 0.158655254],
    [1.644853627, 0.95],
    [1.959963985, 0.975],
    [2.575829304, 0.995],
    [-3, 0.001349898],
  ])('Φ(%f) = %f', async (z, expected) => {
    const r = await t.pool.query('SELECT normal_cdf($1) AS p', [z]);
    expect(r.rows[0].p).toBeCloseTo(expected, 6);
  });

  it('keeps relative precision in the tails', async () => {
    // Two-sided p for z = 5 is 5.733031e-7; for z = -8, 1.244192e-15.
    const r = await t.pool.query('SELECT normal_p_two_sided(5) AS a, normal_p_two_sided(-8) AS b');
    expect(Math.abs(r.rows[0].a / 5.733031e-7 - 1)).toBeLessThan(1e-5);
    expect(Math.abs(r.rows[0].b / 1.244192e-15 - 1)).toBeLessThan(1e-5);
  });

  it('gives the usual thresholds for 90, 95 and 99 % confidence', async () => {
    const r = await t.pool.query(
      'SELECT normal_p_two_sided(1.645) AS p90, normal_p_two_sided(1.96) AS p95, normal_p_two_sided(2.576) AS p99',
    );
    expect(r.rows[0].p90).toBeCloseTo(0.1, 3);
    expect(r.rows[0].p95).toBeCloseTo(0.05, 3);
    expect(r.rows[0].p99).toBeCloseTo(0.01, 3);
  });
});

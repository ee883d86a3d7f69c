import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSeeded, seedWorld } from '../../api/seed/seed-world';
import { TEST_ACCIDENTS } from '../support/global-db';
import { createTestApp } from '../support/test-app';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const counts = async () =>
  (
    // Imported records (another test file's, for the moment it runs) are not the seed's.
    await t.pool.query(`SELECT (SELECT count(*) FROM accidents WHERE source IS NULL) AS accidents, (SELECT count(*) FROM roads) AS roads,
                               (SELECT count(*) FROM villages) AS villages, (SELECT count(*) FROM jurisdictions) AS jurisdictions`)
  ).rows[0];

describe('the demo seed', () => {
  it('loaded the generated world, labelled synthetic, plus the fixtures', async () => {
    expect(await isSeeded(t.pool)).toBe(true);
    const r = await t.pool.query(
      `SELECT count(*) FILTER (WHERE synthetic) AS synthetic,
              count(*) FILTER (WHERE synthetic AND external_id LIKE 'LC%') AS generated,
              count(*) FILTER (WHERE NOT synthetic AND external_id NOT LIKE 'LC%') AS fixtures,
              count(*) AS total
       FROM accidents`,
    );
    // Every generated accident is labelled synthetic; the hand-made ones of tests/support/fixtures.sql are not.
    const { synthetic, generated, fixtures, total } = r.rows[0];
    expect({ synthetic, generated }).toEqual({ synthetic: TEST_ACCIDENTS, generated: TEST_ACCIDENTS });
    expect(fixtures).toBe(total - TEST_ACCIDENTS);
    expect(fixtures).toBeGreaterThan(0);
    const c = await counts();
    expect(c.villages).toBe(2408);
    expect(c.jurisdictions).toBe(1 + 8 + 136);
  });

  it('puts every accident inside Liaocheng and on its road', async () => {
    const r = await t.pool.query(`
      SELECT count(*) FILTER (WHERE NOT ST_Intersects(a.geom, c.geom)) AS outside,
             max(ST_Distance(a.geom_m, r.geom_m)) AS max_off_road_m
      FROM accidents a CROSS JOIN (SELECT geom FROM jurisdictions WHERE level = 'city') c
      LEFT JOIN roads r ON r.id = a.road_id
      WHERE a.synthetic`);
    expect(r.rows[0].outside).toBe(0);
    expect(r.rows[0].max_off_road_m).toBeLessThan(10);
  });

  it('rolls a failed seed back whole: nothing saved before is lost or doubled', async () => {
    const before = await counts();
    // Seeding an already seeded database fails part-way (the city row exists): all or nothing.
    await expect(seedWorld(t.pool, { seed: 1, accidents: 10 })).rejects.toThrow(/duplicate key/);
    expect(await counts()).toEqual(before);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/test-app';

// The 2012 hotspot of tests/support/fixtures.sql: HS-1…HS-6 on a 45 m line, HS-N ~900 m away,
// HS-P1 and HS-P2 at the same place in 2011.
let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const year2012 = 'from=2012-01-01&to=2012-12-31';
const clusters = async (q: string) => {
  const res = await t.app.request(`/api/hotspots/clusters?${q}`);
  expect(res.status).toBe(200);
  return res.json();
};

describe('GET /api/hotspots/clusters', () => {
  it('finds the one cluster with its counts, EPDO, night share and vehicles', async () => {
    const fc = await clusters(`${year2012}&eps=50&minPoints=5`);
    expect(fc.features).toHaveLength(1);
    const p = fc.features[0].properties;
    expect(p).toMatchObject({ rank: 1, count: 6, fatal: 1, injury: 2, pdo: 3, deaths: 1, injuries: 3 });
    expect(p.epdo).toBe(10 * 1 + 5 * 2 + 1 * 3); // default weights 10 / 5 / 1
    expect(p.nightShare).toBeCloseTo(2 / 6, 3);
    expect(p.topVehicleTypes).toEqual([
      { type: 'car', count: 5 },
      { type: 'ebike', count: 3 },
      { type: 'truck', count: 2 },
    ]);
    expect(p.centroid[0]).toBeCloseTo(116.30025, 5);
    expect(p.centroid[1]).toBeCloseTo(36.3, 5);
  });

  it('compares with the same period a year earlier (同比)', async () => {
    const p = (await clusters(`${year2012}&eps=50&minPoints=5`)).features[0].properties;
    expect(p.previous).toEqual({ count: 2, epdo: 5 + 1 });
    expect(p.change).toEqual({ count: 4, percent: 200 });
  });

  it('draws a hull that holds every member and leaves the noise point out', async () => {
    const fc = await clusters(`${year2012}&eps=50&minPoints=5`);
    const r = await t.pool.query(
      `SELECT a.external_id, ST_Contains(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), a.geom) AS inside
       FROM accidents a WHERE a.external_id LIKE 'HS-%' AND a.occurred_at >= '2012-01-01' ORDER BY 1`,
      [JSON.stringify(fc.features[0].geometry)],
    );
    expect(Object.fromEntries(r.rows.map((x) => [x.external_id, x.inside]))).toEqual({
      'HS-1': true, 'HS-2': true, 'HS-3': true, 'HS-4': true, 'HS-5': true, 'HS-6': true, 'HS-N': false,
    });
  });

  it('follows eps and minPoints in metres and points', async () => {
    expect((await clusters(`${year2012}&eps=50&minPoints=7`)).features).toHaveLength(0);
    // Points are ~9 m apart. Within 10 m a point has at most 3 (itself and two neighbours): no core
    // point. Within 20 m HS-3 and HS-4 have 5: core points, and their neighbours join as border points.
    expect((await clusters(`${year2012}&eps=10&minPoints=5`)).features).toHaveLength(0);
    expect((await clusters(`${year2012}&eps=20&minPoints=5`)).features[0].properties.count).toBe(6);
    expect((await clusters(`${year2012}&eps=10&minPoints=3`)).features[0].properties.count).toBe(6);
  });

  it('filters by severity and night', async () => {
    expect((await clusters(`${year2012}&severity=pdo&minPoints=5`)).features).toHaveLength(0);
    expect((await clusters(`${year2012}&severity=pdo&minPoints=3`)).features[0].properties.count).toBe(3);
    const night = await clusters(`${year2012}&night=true&minPoints=2&eps=50`);
    expect(night.features[0].properties).toMatchObject({ count: 2, nightShare: 1 });
  });

  it('filters by county', async () => {
    const r = await t.pool.query(
      `SELECT code FROM jurisdictions WHERE level = 'county' AND ST_Contains(geom, ST_SetSRID(ST_MakePoint(116.3, 36.3), 4326))`,
    );
    const home = r.rows[0].code;
    const other = (await t.pool.query(`SELECT code FROM jurisdictions WHERE level = 'county' AND code <> $1 LIMIT 1`, [home])).rows[0].code;
    expect((await clusters(`${year2012}&county=${home}`)).features).toHaveLength(1);
    expect((await clusters(`${year2012}&county=${other}`)).features).toHaveLength(0);
  });

  it('returns an empty collection for a period with no accidents', async () => {
    expect(await clusters('from=2005-01-01&to=2005-12-31')).toEqual({ type: 'FeatureCollection', features: [] });
  });

  it.each([
    ['eps=0', 'eps', /at least 5/],
    ['eps=5000', 'eps', /at most 1000/],
    ['minPoints=1', 'minPoints', /at least 2/],
    ['minPoints=abc', 'minPoints', /number/],
    ['night=maybe', 'night', /true or false/],
    ['county=12', 'county', /6-digit/],
    ['county=999999', 'county', /no county with code 999999/],
    ['from=2013-01-01&to=2012-01-01', 'from', /after to/],
  ])('rejects %s with a 400 naming %s', async (q, param, reason) => {
    const res = await t.app.request(`/api/hotspots/clusters?${q}`);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.details[0].param).toBe(param);
    expect(body.error.details[0].reason).toMatch(reason);
  });
});

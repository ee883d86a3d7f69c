import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wgs84ToGcj02 } from '@api/lib/china-crs';
import { marketSites } from '../support/market-sites';
import { errorOf, okJson, signIn, type Client } from '../support/session';
import { createTestApp } from '../support/test-app';

/**
 * A market registered at a point (what the cycle finder gives): its stretch is the nearest
 * non-expressway road through it, as the seed and the import build it. In 东昌府区, where no other
 * test writes markets.
 */
let t: Awaited<ReturnType<typeof createTestApp>>;
let officer: Client;
let site: [number, number];

beforeAll(async () => {
  t = await createTestApp();
  officer = await signIn(t.app, 'officer.dongchangfu');
  [site] = await marketSites(t.pool, '371502', 1, 8103, { nearRoad: true });
});
afterAll(() => t?.close());

const body = (extra: Record<string, unknown>) => ({ name: '周期发现集', calendar: 'lunar', days: [1, 6, 11, 16, 21, 26], hours: { from: '07:00', to: '13:00' }, ...extra });

describe('POST /api/markets with a point', () => {
  it('stores the stretch of the nearest road within 300 m, placed in its county', async () => {
    const m = await okJson(officer.send('POST', '/api/markets', body({ point: site })), 201);
    expect(m).toMatchObject({ name: '周期发现集', countyCode: '371502', calendar: 'lunar', status: 'active', synthetic: false });
    const r = await t.pool.query<{ kind: string; near: number; on_road: boolean; same: boolean }>(
      `SELECT GeometryType(m.geom) AS kind,
              ST_Distance(m.geom_m, ST_Transform(ST_SetSRID(ST_MakePoint($2, $3), 4326), metric_srid())) AS near,
              EXISTS (SELECT 1 FROM roads r WHERE r.class <> 'expressway' AND ST_DWithin(r.geom_m, m.geom_m, 0.5)
                        AND ST_Length(ST_Intersection(r.geom_m, ST_Buffer(m.geom_m, 0.5))) > 0.9 * ST_Length(m.geom_m)) AS on_road,
              ST_HausdorffDistance(m.geom_m, ST_Transform(market_stretch(ST_SetSRID(ST_MakePoint($2, $3), 4326), 1, 300), metric_srid())) < 0.01 AS same
       FROM markets m WHERE m.id = $1`,
      [m.id, site[0], site[1]],
    );
    expect(r.rows[0]).toMatchObject({ on_road: true, same: true });
    expect(['LINESTRING', 'MULTILINESTRING']).toContain(r.rows[0].kind);
    expect(r.rows[0].near).toBeLessThan(300);
  });

  it('converts a GCJ-02 point first, as every other input', async () => {
    const [lon, lat] = wgs84ToGcj02(site[0] + 0.0004, site[1]);
    const m = await okJson(officer.send('POST', '/api/markets', body({ name: '火星坐标集', point: [lon, lat], crs: 'gcj02' })), 201);
    // Converted back to WGS84 within centimetres, so the road's stretch ends where the WGS84 point's does (to a metre).
    const stored = (
      await t.pool.query(
        `SELECT ST_HausdorffDistance(geom_m, ST_Transform(market_stretch(ST_SetSRID(ST_MakePoint($2, $3), 4326), 1, 300), metric_srid())) AS d FROM markets WHERE id = $1`,
        [m.id, site[0] + 0.0004, site[1]],
      )
    ).rows[0];
    expect(stored.d).toBeLessThan(1);
  });

  it('refuses a point outside Liaocheng, one with no road near, and both or neither of point and geometry, naming the field', async () => {
    const bad = async (extra: Record<string, unknown>, param: string, rule?: string) => {
      const e = await errorOf(officer.send('POST', '/api/markets', body(extra)), 400);
      expect(e.details[0]).toMatchObject({ param, ...(rule && { rule }) });
    };
    await bad({ point: [116.9, 36.6] }, 'point', 'outside_liaocheng');
    await bad({ point: [site[1], site[0]] }, 'point');
    await bad({}, 'geometry');
    await bad({ point: site, geometry: { type: 'LineString', coordinates: [site, [site[0] + 0.001, site[1]]] } }, 'geometry');
    // A field far from every road: the middle of the widest gap between the county's roads.
    const far = (
      await t.pool.query<{ lon: number; lat: number }>(
        `SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (
           SELECT (ST_Dump(ST_GeneratePoints(ST_Buffer(geom, -0.02), 300, 7))).geom AS p FROM jurisdictions WHERE code = '371502') x
         WHERE NOT EXISTS (SELECT 1 FROM roads r WHERE r.class <> 'expressway' AND ST_DWithin(r.geom_m, ST_Transform(x.p, metric_srid()), 400))
         LIMIT 1`,
      )
    ).rows[0];
    expect(far, 'a point of 东昌府区 400 m from any road').toBeTruthy();
    await bad({ point: [far.lon, far.lat] }, 'point', 'no_road');
  });

  it('lets only the brigade place a market: another county’s officer is refused', async () => {
    const other = await signIn(t.app, 'officer.linqing');
    await errorOf(other.send('POST', '/api/markets', body({ point: site })), 403);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/test-app';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const json = async (path: string) => {
  const res = await t.app.request(path);
  expect(res.status).toBe(200);
  return res.json();
};

describe('GET /api/jurisdictions', () => {
  it('lists the 8 counties with population and real (not approximate) boundaries', async () => {
    const fc = await json('/api/jurisdictions?level=county');
    expect(fc.features).toHaveLength(8);
    const names = fc.features.map((f: { properties: { name: string } }) => f.properties.name).sort();
    expect(names).toEqual(['东昌府区', '东阿县', '临清市', '冠县', '茌平区', '莘县', '阳谷县', '高唐县'].sort());
    for (const f of fc.features) {
      expect(f.properties.approximate).toBe(false);
      expect(f.properties.population).toBeGreaterThan(100_000);
      expect(f.geometry.type).toBe('MultiPolygon');
    }
  });

  it('answers one area by its code with its bbox, for a map to fit (a link to /map?area=371524)', async () => {
    const fc = await json('/api/jurisdictions?code=371524');
    expect(fc.features.map((f: { properties: { name: string } }) => f.properties.name)).toEqual(['东阿县']);
    const [w, s, e, n] = fc.features[0].bbox;
    const r = await t.pool.query(`SELECT ST_XMin(geom) AS w, ST_YMin(geom) AS s, ST_XMax(geom) AS e, ST_YMax(geom) AS n FROM jurisdictions WHERE code = '371524'`);
    for (const [got, want] of [[w, r.rows[0].w], [s, r.rows[0].s], [e, r.rows[0].e], [n, r.rows[0].n]]) expect(got).toBeCloseTo(want, 5);
    const township = (await t.pool.query(`SELECT code, name FROM jurisdictions WHERE parent_code = '371524' ORDER BY code LIMIT 1`)).rows[0];
    const one = await json(`/api/jurisdictions?code=${township.code}`);
    expect(one.features.map((f: { properties: { name: string; level: string } }) => [f.properties.name, f.properties.level])).toEqual([[township.name, 'township']]);
    const missing = await t.app.request('/api/jurisdictions?code=371599');
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.details[0]).toMatchObject({ param: 'code', rule: 'unknown' });
  });

  it('stores the county polygons in WGS84, not GCJ-02: 东昌府区 contains the real city centre', async () => {
    // The city government (WGS84 ≈ 115.985, 36.457) lies in 东昌府区.
    const r = await t.pool.query(
      `SELECT name FROM jurisdictions WHERE level = 'county' AND ST_Contains(geom, ST_SetSRID(ST_MakePoint(115.985, 36.457), 4326))`,
    );
    expect(r.rows.map((x) => x.name)).toEqual(['东昌府区']);
  });

  it('gives townships approximate areas that tile their county without overlap', async () => {
    const fc = await json('/api/jurisdictions?level=township');
    expect(fc.features.length).toBeGreaterThan(120);
    expect(fc.features.every((f: { properties: { approximate: boolean } }) => f.properties.approximate)).toBe(true);
    const r = await t.pool.query(`
      SELECT c.name, ST_Area(c.geom_m) AS county, sum(ST_Area(t.geom_m)) AS townships
      FROM jurisdictions c JOIN jurisdictions t ON t.parent_code = c.code AND t.geom IS NOT NULL
      WHERE c.level = 'county' GROUP BY c.name, c.geom_m`);
    expect(r.rows).toHaveLength(8);
    for (const row of r.rows) expect(row.townships / row.county).toBeCloseTo(1, 2);
  });
});

type RoadFeature = { properties: { ref: string | null; designSpeed: number; designSpeedFrom: 'road' | 'class' } };

describe('GET /api/roads and /api/places', () => {
  it('returns roads with class, design speed and the synthetic flag', async () => {
    const fc = await json('/api/roads?class=county');
    expect(fc.features.length).toBeGreaterThan(10);
    for (const f of fc.features.slice(0, 20)) {
      expect(f.geometry.type).toBe('LineString');
      expect(f.properties).toMatchObject({ class: 'county', synthetic: true });
    }
    // A generated county road has no speed of its own: it takes the class default (60 km/h); the
    // hand-built fixture road (X999) was given its own.
    const from = (f: RoadFeature) => `${f.properties.ref === 'X999' ? 'fixture' : 'generated'} ${f.properties.designSpeed} ${f.properties.designSpeedFrom}`;
    expect(new Set(fc.features.map(from))).toEqual(new Set(['generated 60 class', 'fixture 60 road']));
  });

  it('keeps a generated road’s own design speed where it differs from its class default', async () => {
    const streets = (await json('/api/roads?class=urban_street')).features.map((f: RoadFeature) => f.properties) as RoadFeature['properties'][];
    // Short streets were generated at 30 km/h (their own), longer ones at the class's 40.
    expect(streets.filter((p) => p.designSpeedFrom === 'road').every((p) => p.designSpeed === 30)).toBe(true);
    expect(streets.filter((p) => p.designSpeedFrom === 'class').every((p) => p.designSpeed === 40)).toBe(true);
    expect(new Set(streets.map((p) => p.designSpeedFrom))).toEqual(new Set(['road', 'class']));
  });

  it('limits roads to a bbox', async () => {
    const all = (await json('/api/roads')).features.length;
    const some = (await json('/api/roads?bbox=115.95,36.42,116.02,36.48')).features.length;
    expect(some).toBeGreaterThan(0);
    expect(some).toBeLessThan(all);
  });

  it('returns county seats, townships and villages as label points', async () => {
    const seats = await json('/api/places?kind=county_seat');
    expect(seats.features).toHaveLength(8);
    const villages = await json('/api/places?kind=village');
    expect(villages.features.length).toBeGreaterThan(2000);
    expect(villages.features[0].properties.synthetic).toBe(true);
  });

  it('says in /api/config what is synthetic and where Liaocheng is', async () => {
    const cfg = await json('/api/config');
    expect(cfg.data).toEqual({ accidentsSynthetic: true, roadsSynthetic: true, townshipAreasApproximate: true });
    const [minLon, minLat, maxLon, maxLat] = cfg.bounds;
    expect(minLon).toBeGreaterThan(115);
    expect(maxLon).toBeLessThan(117);
    expect(minLat).toBeGreaterThan(35.5);
    expect(maxLat).toBeLessThan(37.2);
    expect(cfg.basemap.tiandituKey).toBeNull();
    // The weights every EPDO is computed with, for the UI's explanation of the term.
    expect(cfg.epdoWeights).toEqual({ fatal: 10, injury: 5, pdo: 1 });
  });
});

describe('place labels', () => {
  it('name the place, not its committee', async () => {
    const r = await t.pool.query(
      `SELECT short_place_name(n) AS label FROM unnest($1::text[]) WITH ORDINALITY AS t(n, i) ORDER BY i`,
      [['宋小屯村村委会', '宋小屯村委会', '文化社区居民委员会', '新区社区居委会', '香江光彩大市场服务中心', '居委会']],
    );
    expect(r.rows.map((x) => x.label)).toEqual(['宋小屯村', '宋小屯村', '文化社区', '新区社区', '香江光彩大市场服务中心', '居委会']);
  });

  it('give county seats their English name', async () => {
    const seats = await json('/api/places?kind=county_seat');
    const dong = seats.features.find((f: { properties: { name: string } }) => f.properties.name === '东阿县');
    expect(dong.properties.nameEn).toBe("Dong'e");
  });
});

describe('base map configuration', () => {
  it('offers the Tianditu layer and a custom XYZ layer only when configured', async () => {
    const { createApp } = await import('../../api/app');
    const { loadEnv } = await import('../../api/env');
    const env = loadEnv({ TIANDITU_KEY: 'abc123', BASEMAP_XYZ_URL: 'https://tiles.example.org/{z}/{x}/{y}.png' });
    const app = createApp({ pool: t.pool, engine: t.info.engine, env, extent: [115.3, 35.8, 116.7, 37.0] });
    const cfg = await (await app.request('/api/config')).json();
    expect(cfg.basemap).toEqual({ tiandituKey: 'abc123', xyzUrl: 'https://tiles.example.org/{z}/{x}/{y}.png', styleUrl: null });
  });
});

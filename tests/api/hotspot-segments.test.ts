import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minusMonths } from '../../api/hotspots/segments-query';
import { createTestApp } from '../support/test-app';

// Road X999 of tests/support/fixtures.sql: 3 000 m in two pieces, accidents at known metres.
let t: Awaited<ReturnType<typeof createTestApp>>;
let routeId: number;
beforeAll(async () => {
  t = await createTestApp();
  const r = await t.pool.query(`SELECT route_id FROM roads WHERE id = 900001`);
  routeId = r.rows[0].route_id;
});
afterAll(() => t.close());

const year2009 = 'from=2009-01-01&to=2009-12-31';
const segments = async (q: string) => {
  const res = await t.app.request(`/api/hotspots/segments?${q}`);
  expect(res.status).toBe(200);
  return res.json();
};
const ids = (p: { rules: { id: string }[] }) => p.rules.map((r) => r.id);

describe('snapping accidents to roads when they are stored', () => {
  it('joins the two pieces of X999 into one 3 km route', async () => {
    const r = await t.pool.query(
      `SELECT rr.length_m, (SELECT array_agg(DISTINCT route_id) FROM roads WHERE id IN (900001, 900002)) AS routes
       FROM road_routes rr WHERE rr.id = $1`,
      [routeId],
    );
    expect(r.rows[0].routes).toEqual([routeId]);
    expect(r.rows[0].length_m).toBeCloseTo(3000, 0);
  });

  it('stores the route and the metres along it for each accident', async () => {
    const r = await t.pool.query(
      `SELECT external_id, snap_route_id, snap_m, snap_distance_m FROM accidents
       WHERE external_id IN ('SG-A1', 'SG-A3', 'SG-B5', 'SG-N', 'SG-F') ORDER BY external_id`,
    );
    const by = Object.fromEntries(r.rows.map((x) => [x.external_id, x]));
    expect(by['SG-A1'].snap_route_id).toBe(routeId);
    expect(by['SG-A1'].snap_m).toBeCloseTo(1350, 0);
    expect(by['SG-A3'].snap_m).toBeCloseTo(1550, 0); // on the second piece, measured along the route
    expect(by['SG-B5'].snap_m).toBeCloseTo(2950, 0);
    expect(by['SG-N']).toMatchObject({ snap_route_id: routeId });
    expect(by['SG-N'].snap_m).toBeCloseTo(1000, 0);
    expect(by['SG-N'].snap_distance_m).toBeCloseTo(20, 0);
    expect(by['SG-F'].snap_route_id).not.toBe(routeId); // 80 m off: beyond the 50 m tolerance
  });

  it('snaps again when an accident is moved', async () => {
    const client = await t.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `UPDATE accidents SET geom = ST_Transform(ST_Translate(
           ST_Transform(ST_SetSRID(ST_MakePoint(115.70, 36.60), 4326), metric_srid()), 700, 5), 4326)
         WHERE external_id = 'SG-F'`,
      );
      const r = await client.query(`SELECT snap_route_id, snap_m, snap_distance_m FROM accidents WHERE external_id = 'SG-F'`);
      expect(r.rows[0].snap_route_id).toBe(routeId);
      expect(r.rows[0].snap_m).toBeCloseTo(700, 0);
      expect(r.rows[0].snap_distance_m).toBeCloseTo(5, 0);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});

describe('GET /api/hotspots/segments', () => {
  it('flags, merges and ranks the windows by the default rules', async () => {
    const fc = await segments(year2009);
    expect(fc.features.map((f: any) => [f.properties.routeId, f.properties.start, f.properties.end])).toEqual([
      [routeId, 1300, 1800], // A: the window starting at the first crash's 100 m step
      [routeId, 1800, 2400], // C: windows 1800–2300 and 1900–2400 overlap and merge
      [routeId, 2500, 3000], // B: clipped at the road's end
    ]);
    const [a, c, b] = fc.features.map((f: any) => f.properties);
    expect(a).toMatchObject({ rank: 1, count: 3, fatal: 3, deaths: 3, epdo: 30, length: 500 });
    expect(ids(a)).toEqual(['fatal-3-in-12m', 'koroad-3y']);
    expect(c).toMatchObject({ rank: 2, count: 6, injury: 6, epdo: 30 });
    expect(ids(c)).toEqual(['any-5-in-3y']);
    expect(c.peak).toMatchObject({ start: 1800, end: 2300, count: 5 });
    // B's crashes are from 2008: flagged by the three-year rule, none in the ranking year.
    expect(b).toMatchObject({ rank: 3, count: 0, epdo: 0 });
    expect(ids(b)).toEqual(['any-5-in-3y']);
    expect(a.road).toEqual({ name: 'X999测试线', ref: 'X999', class: 'county' });
    expect(fc.meta.rules.map((r: any) => r.id)).toEqual(['fatal-3-in-12m', 'any-5-in-3y', 'koroad-3y']);
  });

  it('draws each segment along the road', async () => {
    const fc = await segments(year2009);
    const r = await t.pool.query(
      `SELECT ST_Length(ST_Transform(g, metric_srid())) AS len,
              ST_HausdorffDistance(ST_Transform(g, metric_srid()),
                                   ST_LineSubstring(rr.geom_m, 1300 / rr.length_m, 1800 / rr.length_m)) AS off
       FROM ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS g, road_routes rr WHERE rr.id = $2`,
      [JSON.stringify(fc.features[0].geometry), routeId],
    );
    expect(r.rows[0].len).toBeCloseTo(500, 0);
    expect(r.rows[0].off).toBeLessThan(0.5);
  });

  it('profiles a segment by hour, weekday and vehicle', async () => {
    const a = (await segments(year2009)).features[0].properties;
    const hour = Array(24).fill(0);
    hour[8] = 1;
    hour[20] = 2;
    expect(a.profile.hour).toEqual(hour);
    expect(a.profile.weekday).toEqual([1, 0, 1, 0, 0, 0, 1]); // Monday, Wednesday, Sunday
    expect(a.profile.vehicles).toEqual([{ type: 'car', count: 3 }, { type: 'truck', count: 3 }]);
    expect(a.nightShare).toBeCloseTo(2 / 3, 3);
  });

  it('counts a rule only over its own months before the end of the window', async () => {
    // The 2005 fatal crashes at 300–400 m are too old in 2009, but flag their road in 2005.
    expect((await segments(year2009)).features.some((f: any) => f.properties.start < 1000)).toBe(false);
    const fc = await segments('from=2005-01-01&to=2005-12-31');
    expect(fc.features[0].properties).toMatchObject({ start: 300, end: 800, fatal: 3 });
    expect(ids(fc.features[0].properties)).toEqual(['fatal-3-in-12m', 'koroad-3y']);
  });

  it('counts a rule over its own months inside a longer window', async () => {
    // Ranked over 2005–2006: the 2005 fatal crashes are in the window and in KoROAD's 3 years, but
    // not in the last 12 months that the fatal-3-in-12m rule looks at.
    const fc = await segments('from=2005-01-01&to=2006-12-31');
    expect(fc.features[0].properties).toMatchObject({ start: 300, end: 800, fatal: 3 });
    expect(ids(fc.features[0].properties)).toEqual(['koroad-3y']);
    // Ranked over 2005–2009: the 2005 crashes are counted in the window, but no rule looks back that far.
    const five = await segments('from=2005-01-01&to=2009-12-31');
    expect(five.features.some((f: any) => f.properties.start < 1000)).toBe(false);
  });

  it('dates rule periods as PostgreSQL does (month ends clamp)', async () => {
    const cases: [string, number][] = [
      ['2026-11-01', 12], ['2026-03-31', 1], ['2024-03-31', 1], ['2024-02-29', 12], ['2026-05-31', 3],
      ['2026-01-15', 36], ['2000-03-30', 13], ['2026-12-31', 120], ['2026-10-31', 8],
    ];
    for (const [date, months] of cases) {
      const r = await t.pool.query(`SELECT ($1::date - make_interval(months => $2))::date::text AS d`, [date, months]);
      expect(minusMonths(date, months), `${date} − ${months} months`).toBe(r.rows[0].d);
    }
  });

  it('takes rules as JSON: a name, months and a readable condition', async () => {
    const rules = JSON.stringify([
      { id: 'night-2', name: '夜间2起', months: 12, condition: 'night >= 2 and deaths >= 2' },
    ]);
    const fc = await segments(`${year2009}&rules=${encodeURIComponent(rules)}`);
    // Windows from 1 300 m (A1–A3) and 1 400 m (A2, A3, C1) each hold A2 and A3, at night: merged.
    expect(fc.features).toHaveLength(1);
    expect(fc.features[0].properties).toMatchObject({ start: 1300, end: 1900, count: 4, deaths: 3 });
    expect(fc.features[0].properties.rules).toEqual([
      { id: 'night-2', name: '夜间2起', nameEn: null, condition: 'night >= 2 and deaths >= 2', months: 12 },
    ]);
  });

  it('follows window and step', async () => {
    // 200 m windows never hold all of A's three crashes, 100 m apart.
    const fc = await segments(`${year2009}&window=200&step=100`);
    expect(fc.features.some((f: any) => ids(f.properties).includes('fatal-3-in-12m'))).toBe(false);
    // One 1 000 m window from 1 300 m holds A and C's first crashes.
    const wide = await segments(`${year2009}&window=1000&step=100&rules=${encodeURIComponent(
      JSON.stringify([{ id: 'w', name: 'w', months: 12, condition: 'crashes >= 8' }]),
    )}`);
    expect(wide.features[0].properties).toMatchObject({ start: 1300, end: 2400, count: 9 });
    expect(wide.meta).toMatchObject({ window: 1000, step: 100 });
  });

  it('filters by severity', async () => {
    const fc = await segments(`${year2009}&severity=injury`);
    expect(fc.features).toHaveLength(1);
    expect(fc.features[0].properties).toMatchObject({ start: 1800, injury: 6, fatal: 0 });
  });

  it('returns an empty collection for a period with no accidents', async () => {
    const fc = await segments('from=2000-01-01&to=2000-12-31');
    expect(fc.features).toEqual([]);
    expect(fc.type).toBe('FeatureCollection');
  });

  it('lists the built-in rule sets', async () => {
    const res = await t.app.request('/api/hotspots/segments/rules');
    const body = await res.json();
    expect(body.default.map((r: any) => r.condition)).toEqual(['fatal >= 3', 'crashes >= 5', 'fatal >= 3 or injury >= 10']);
  });

  const rule = (r: object) => `rules=${encodeURIComponent(JSON.stringify([{ id: 'x', name: 'x', months: 12, condition: 'crashes >= 2', ...r }]))}`;
  it.each([
    ['window=20', 'window', /at least 50/],
    ['window=500&step=600', 'step', /must not exceed window/],
    ['window=500&step=300', 'step', /whole number of steps/],
    ['window=5000&step=10', 'step', /at most 50 steps/],
    ['step=abc', 'step', /number/],
    ['rules=nonsense', 'rules', /rule-set name/],
    ['rules=%5B%5D', 'rules', /1–20 rules/],
    [rule({ condition: 'crash >= 5' }), 'rules', /rule 1 \(x\): condition: unknown metric "crash"/],
    [rule({ condition: 'fatal = 3' }), 'rules', /cannot read "fatal = 3"/],
    [rule({ condition: 'fatal >= 0' }), 'rules', /above 0/],
    [rule({ months: 0 }), 'rules', /rule 1: months: months must be at least 1/],
    ['from=2010-01-01&to=2009-01-01', 'from', /after to/],
  ])('rejects %s with a 400 naming %s', async (q, param, reason) => {
    const res = await t.app.request(`/api/hotspots/segments?${q}`);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.details[0].param).toBe(param);
    expect(body.error.details[0].reason).toMatch(reason);
  });
});

describe('segment trend', () => {
  it('counts each of the last years on the segment and labels the trend', async () => {
    // B (2 500–3 000 m) had five crashes in 2008 and none in 2009; A had three in 2009 only.
    const fc = await segments(`${year2009}&years=5`);
    const [a, , b] = fc.features.map((f: any) => f.properties);
    expect(a.trend.periods).toEqual([
      { from: '2005-01-01', to: '2005-12-31', count: 0 },
      { from: '2006-01-01', to: '2006-12-31', count: 0 },
      { from: '2007-01-01', to: '2007-12-31', count: 0 },
      { from: '2008-01-01', to: '2008-12-31', count: 0 },
      { from: '2009-01-01', to: '2009-12-31', count: 3 },
    ]);
    expect(a.trend.label).toBe('new');
    expect(b.trend.periods.map((p: any) => p.count)).toEqual([0, 0, 0, 5, 0]);
    expect(b.trend.label).toBe('none');
    expect((await segments(`${year2009}&years=3`)).features[0].properties.trend.periods).toHaveLength(3);
  });

  it('rejects years outside 3–10', async () => {
    const res = await t.app.request(`/api/hotspots/segments?${year2009}&years=2`);
    expect(res.status).toBe(400);
    expect((await res.json()).error.details[0].param).toBe('years');
  });
});

describe('limit', () => {
  it('returns the top-ranked segments and says how many there were', async () => {
    const fc = await segments(`${year2009}&limit=2`);
    expect(fc.features.map((f: any) => f.properties.rank)).toEqual([1, 2]);
    expect(fc.meta).toMatchObject({ total: 3, limit: 2 });
    const res = await t.app.request(`/api/hotspots/segments?${year2009}&limit=0`);
    expect((await res.json()).error.details[0].param).toBe('limit');
  });
});

describe('segments by area', () => {
  it('keeps the accidents inside the county asked for', async () => {
    const home = (await t.pool.query(
      `SELECT code FROM jurisdictions WHERE level = 'county' AND ST_Contains(geom, ST_SetSRID(ST_MakePoint(115.72, 36.60), 4326))`,
    )).rows[0].code;
    const other = (await t.pool.query(`SELECT code FROM jurisdictions WHERE level = 'county' AND code <> $1 LIMIT 1`, [home])).rows[0].code;
    expect((await segments(`${year2009}&county=${home}`)).features).toHaveLength(3);
    expect((await segments(`${year2009}&county=${other}`)).features).toHaveLength(0);
  });
});

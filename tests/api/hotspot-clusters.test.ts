import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlFile } from '../../api/lib/sql-file';
import { createTestApp } from '../support/test-app';

// The 2012 hotspot of tests/support/fixtures.sql: HS-1…HS-6 on a 45 m line, HS-N ~900 m away,
// HS-P1 and HS-P2 at the same place in 2011. The trend places TR-A, TR-B, TR-C have 2014–2018.
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

  it('survives a cluster of nearly collinear crashes (a segfault in GEOS < 3.12.1)', async () => {
    // Fourteen crashes along a road, from a 200 000-crash demo world: the concave hull of these
    // points killed the server process on Debian 12's PostGIS 3.3 (GEOS 3.11.1). Inserted in a
    // transaction that is rolled back, so the query runs on the client that sees them.
    const lon = [115.734999, 115.735025, 115.735475, 115.73562, 115.735947, 115.736052, 115.736394,
      115.736442, 115.736515, 115.736526, 115.736672, 115.736672, 115.737067, 115.737072];
    const lat = [36.83723, 36.83723, 36.837223, 36.837221, 36.837216, 36.837214, 36.837209,
      36.837208, 36.837207, 36.837207, 36.837205, 36.837205, 36.837199, 36.837199];
    const client = await t.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO accidents (external_id, occurred_at, severity, deaths, injuries, vehicle_types, light, weather, synthetic, geom)
         SELECT format('CL-%s', i), '2019-03-01 12:00+08'::timestamptz + i * interval '9 days', 'pdo', 0, 0, '{car}', 'day',
                'clear', false, ST_SetSRID(ST_MakePoint(x, y), 4326)
         FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS p(x, y, i)`,
        [lon, lat],
      );
      // The parameters of api/hotspots/clusters.ts: 2019, eps 50, minPoints 5, no filters, EPDO 10/5/1, 5 years, top 500.
      const sql = sqlFile(new URL('../../api/hotspots/clusters.sql', import.meta.url));
      const r = await client.query(sql, ['2019-01-01', '2019-12-31', 50, 5, null, null, null, 10, 5, 1, 5, 500]);
      const counts = JSON.parse(r.rows[0].fc).features.map((f: { properties: { count: number } }) => f.properties.count);
      expect(counts).toContain(14);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('returns an empty collection for a period with no accidents', async () => {
    expect(await clusters('from=2005-01-01&to=2005-12-31')).toEqual({
      type: 'FeatureCollection', meta: { total: 0, limit: 500 }, features: [],
    });
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
    ['years=2', 'years', /at least 3/],
    ['years=11', 'years', /at most 10/],
    ['years=4.5', 'years', /whole number/],
  ])('rejects %s with a 400 naming %s', async (q, param, reason) => {
    const res = await t.app.request(`/api/hotspots/clusters?${q}`);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.details[0].param).toBe(param);
    expect(body.error.details[0].reason).toMatch(reason);
  });
});

describe('GET /api/hotspots/clusters: profile', () => {
  it('counts the HS crashes by local hour and weekday (Monday first)', async () => {
    const p = (await clusters(`${year2012}&eps=50&minPoints=5`)).features[0].properties;
    // HS-1…HS-6 at 09:00, 19:30, 08:15, 21:00, 12:00, 17:00 (+08), on Wed 1 Feb, Mon 5 Mar,
    // Tue 10 Apr, Wed 20 Jun, Sun 9 Sep, Fri 30 Nov 2012.
    const hour = Array(24).fill(0);
    for (const h of [9, 19, 8, 21, 12, 17]) hour[h] = 1;
    expect(p.profile.hour).toEqual(hour);
    expect(p.profile.weekday).toEqual([1, 1, 2, 0, 1, 0, 1]);
  });

  it('takes hour and weekday in local time across midnight', async () => {
    // FX-1…FX-3: Mon 1 Mar 2010 08:00 and 23:30, Tue 2 Mar 00:30 (+08) — in UTC the last two
    // are 15:30 and 16:30 on Monday. FX-2 is within 150 m of both others: one cluster of three.
    const fc = await clusters('from=2010-01-01&to=2010-12-31&eps=150&minPoints=3');
    expect(fc.features).toHaveLength(1);
    const p = fc.features[0].properties;
    expect(p.count).toBe(3);
    const hour = Array(24).fill(0);
    hour[8] = hour[23] = hour[0] = 1;
    expect(p.profile.hour).toEqual(hour);
    expect(p.profile.weekday).toEqual([2, 1, 0, 0, 0, 0, 0]);
  });

  it('lists every vehicle type by distinct accidents, most first, then by name', async () => {
    const p = (await clusters(`${year2012}&eps=50&minPoints=5`)).features[0].properties;
    // HS-4 is {car,car}: one accident for car.
    expect(p.profile.vehicles).toEqual([
      { type: 'car', count: 5 },
      { type: 'ebike', count: 3 },
      { type: 'truck', count: 2 },
      { type: 'tricycle', count: 1 },
    ]);
    expect(p.topVehicleTypes).toEqual(p.profile.vehicles.slice(0, 3));
  });
});

describe('GET /api/hotspots/clusters: trend', () => {
  const year2018 = 'from=2018-01-01&to=2018-12-31&eps=50&minPoints=3';
  const calendarYears = (first: number, last: number) =>
    Array.from({ length: last - first + 1 }, (_, i) => ({ from: `${first + i}-01-01`, to: `${first + i}-12-31` }));
  interface Trend {
    periods: { from: string; to: string; count: number }[];
    s: number;
    z: number;
    p: number;
    label: string;
  }
  /** The trend of the one cluster whose centroid lies at the TR place starting at `lon`. */
  const trendAt = async (q: string, lon: number): Promise<Trend> => {
    const fc = await clusters(q);
    const f = fc.features.filter((x: { properties: { centroid: number[] } }) => Math.abs(x.properties.centroid[0] - lon) < 0.001);
    expect(f).toHaveLength(1);
    return f[0].properties.trend;
  };
  const counts = (t: Trend) => t.periods.map((p) => p.count);

  it('counts the hull in 12-month periods ending at the window end, oldest first', async () => {
    const t = await trendAt(year2018, 115.9);
    // TR-A's crashes at 23:30 on 31 Dec 2017 and 00:30 on 1 Jan 2018 (local) fall on either side.
    expect(t.periods).toEqual(calendarYears(2014, 2018).map((p, i) => ({ ...p, count: [1, 2, 3, 4, 5][i] })));
  });

  it('labels an increasing series intensifying, with Mann-Kendall S, z and p', async () => {
    const t = await trendAt(year2018, 115.9);
    // n = 5, no ties: S = 10, Var = 5·4·15/18 = 50/3, z = 9/√(50/3) = 2.2045, p = 0.0275.
    expect(t.s).toBe(10);
    expect(t.z).toBeCloseTo(2.2045, 4);
    expect(t.p).toBeCloseTo(0.02749, 4);
    expect(t.label).toBe('intensifying');
  });

  it('labels a place with crashes only in the last period new', async () => {
    const t = await trendAt(year2018, 115.92);
    expect(counts(t)).toEqual([0, 0, 0, 0, 3]);
    expect(t.label).toBe('new');
  });

  it('labels a decreasing series diminishing', async () => {
    const t = await trendAt(year2018, 115.94);
    expect(counts(t)).toEqual([7, 6, 5, 4, 3]);
    expect(t).toMatchObject({ s: -10, label: 'diminishing' });
    expect(t.z).toBeCloseTo(-2.2045, 4);
  });

  it('follows years, and ends the periods at an arbitrary to date', async () => {
    const three = await trendAt(`${year2018}&years=3`, 115.9);
    // 3, 4, 5: S = 3, Var = 3·2·11/18, z = 2/√(11/3) = 1.044, p = 0.296: no significant trend.
    expect(three.periods).toEqual(calendarYears(2016, 2018).map((p, i) => ({ ...p, count: [3, 4, 5][i] })));
    expect(three).toMatchObject({ s: 3, label: 'none' });
    expect(three.p).toBeCloseTo(0.2963, 4);

    const mid = await trendAt('from=2017-07-01&to=2018-06-30&eps=50&minPoints=3', 115.9);
    expect(mid.periods[0]).toEqual({ from: '2013-07-01', to: '2014-06-30', count: 1 });
    expect(mid.periods[4]).toMatchObject({ from: '2017-07-01', to: '2018-06-30' });
    // Mid-month crashes: 2014 Jan; 2015 Jan–Feb; 2016 Jan–Mar; 2017 Jan–Mar, then 31 Dec;
    // 2018 1 Jan, Feb–May.
    expect(counts(mid)).toEqual([1, 2, 3, 3, 6]);
  });

  it('keeps the periods contiguous when to is 29 February', async () => {
    // Generated crashes: any cluster will do, the periods depend only on `to`.
    const fc = await clusters('from=2023-03-01&to=2024-02-29&eps=300&minPoints=2');
    expect(fc.features.length).toBeGreaterThan(0);
    const t: Trend = fc.features[0].properties.trend;
    expect(t.periods.map((p) => [p.from, p.to])).toEqual([
      ['2019-03-01', '2020-02-29'],
      ['2020-03-01', '2021-02-28'],
      ['2021-03-01', '2022-02-28'],
      ['2022-03-01', '2023-02-28'],
      ['2023-03-01', '2024-02-29'],
    ]);
    // The last period is the window, and the hull holds every member.
    expect(t.periods[4].count).toBeGreaterThanOrEqual(fc.features[0].properties.count);
  });

  it('applies the filters to the periods', async () => {
    // The HS place with the default 5 years: 2011 has HS-P1 (injury) and HS-P2 (pdo), 2012 has
    // six. Ties among the three zero years: S = 7, Var = (300 − 3·2·11)/18 = 13, p = 0.096: no
    // trend at the 5 % level.
    const all: Trend = (await clusters(`${year2012}&eps=50&minPoints=5`)).features[0].properties.trend;
    expect(counts(all)).toEqual([0, 0, 0, 2, 6]);
    expect(all).toMatchObject({ s: 7, label: 'none' });
    expect(all.p).toBeCloseTo(0.0961, 4);
    const pdo: Trend = (await clusters(`${year2012}&eps=50&minPoints=3&severity=pdo`)).features[0].properties.trend;
    expect(counts(pdo)).toEqual([0, 0, 0, 1, 3]);
  });
});

describe('clusters limit', () => {
  it('returns the top-ranked clusters and says how many there were', async () => {
    const all = await clusters('from=2021-01-01&to=2026-12-31&eps=100&minPoints=3');
    expect(all.meta.total).toBeGreaterThan(2);
    expect(all.features).toHaveLength(Math.min(all.meta.total, 500));
    const top = await clusters('from=2021-01-01&to=2026-12-31&eps=100&minPoints=3&limit=2');
    expect(top.meta).toEqual({ total: all.meta.total, limit: 2 });
    expect(top.features.map((f: any) => f.properties)).toEqual(all.features.slice(0, 2).map((f: any) => f.properties));
    const res = await t.app.request('/api/hotspots/clusters?limit=10001');
    expect((await res.json()).error.details[0].param).toBe('limit');
  });
});

import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { analyseMarkets, type MarketAnalysisParams } from '@api/markets/analysis';
import { createApp } from '@api/app';
import { loadEnv } from '@api/env';
import { sqlFile } from '@api/lib/sql-file';
import { readExtent } from '@api/start';
import { dayNumber, isoDate } from '@shared/calendar/day-number';
import { rateRatio } from '@shared/stats/rate-ratio';
import { ensureCalendar } from '@api/seed/calendar';
import { ensureMarkets } from '@api/seed/markets';
import { marketTowns } from '@data/generator/accidents';
import { loadBase } from '@data/generator/base-data';
import { TEST_SEED } from '../support/global-db';
import { errorOf, okJson, signIn } from '../support/session';
import { createTestApp } from '../support/test-app';

const LIST_SQL = sqlFile(new URL('../../api/markets/list.sql', import.meta.url));

/** A connection of its own, for transactions that are rolled back (PGlite has one session for all). */
let db: pg.Client;
let t: Awaited<ReturnType<typeof createTestApp>>;

beforeAll(async () => {
  db = new pg.Client(inject('db').connection);
  await db.connect();
  t = await createTestApp();
});

afterAll(async () => {
  await db?.end();
  await t?.close();
});

describe('calendar_days', () => {
  it('holds the lunar date, weekday and holiday of known days', async () => {
    const r = await db.query(
      `SELECT day::text, lunar_month, leap, lunar_day, weekday, holiday, workday FROM calendar_days
       WHERE day IN ('2026-02-17', '2026-02-14', '2023-03-22', '2024-09-17') ORDER BY day`,
    );
    expect(r.rows).toEqual([
      { day: '2023-03-22', lunar_month: 2, leap: true, lunar_day: 1, weekday: 3, holiday: null, workday: true },
      { day: '2024-09-17', lunar_month: 8, leap: false, lunar_day: 15, weekday: 2, holiday: '中秋节', workday: false },
      { day: '2026-02-14', lunar_month: 12, leap: false, lunar_day: 27, weekday: 6, holiday: null, workday: true },
      { day: '2026-02-17', lunar_month: 1, leap: false, lunar_day: 1, weekday: 2, holiday: '春节', workday: false },
    ]);
  });

  it('covers the year before the earliest accident to two years ahead, without a gap', async () => {
    const r = await db.query(
      `SELECT min(day)::text AS first, max(day)::text AS last, count(*)::int AS n, max(day) - min(day) + 1 AS span,
              extract(year FROM now() AT TIME ZONE 'Asia/Shanghai')::int + 2 AS ahead FROM calendar_days`,
    );
    // The fixtures' earliest accidents are in 2005 (tests/support/fixtures.sql).
    expect(r.rows[0]).toMatchObject({ first: '2004-01-01', last: `${r.rows[0].ahead}-12-31` });
    expect(r.rows[0].n).toBe(r.rows[0].span);
  });

  it('adds only the days that are missing', async () => {
    await db.query('BEGIN');
    try {
      expect(await ensureCalendar(db)).toBe(0);
      await db.query(`DELETE FROM calendar_days WHERE day IN ('2026-02-17', '2010-07-01')`);
      expect(await ensureCalendar(db)).toBe(2);
      const back = await db.query(`SELECT lunar_month, lunar_day, holiday FROM calendar_days WHERE day = '2026-02-17'`);
      expect(back.rows).toEqual([{ lunar_month: 1, lunar_day: 1, holiday: '春节' }]);
      expect(await ensureCalendar(db)).toBe(0);
    } finally {
      await db.query('ROLLBACK');
    }
  });
});

describe('the seeded markets', () => {
  const towns = marketTowns(loadBase(), TEST_SEED);
  const registered = towns.filter((t) => t.registered);
  const unregistered = towns.filter((t) => !t.registered);

  /** Each stored market with its town from the generator (by township), in metres from the town point. */
  async function stored() {
    const r = await db.query(
      `SELECT m.id, m.name, m.township_code, m.days, m.hours_from::text, m.hours_to::text, m.status, m.status_on::text,
              m.source, m.synthetic, GeometryType(m.geom) AS type,
              ST_Covers(ST_Buffer(t.pm, 301), m.geom_m) AS near_town,
              round(ST_Distance(t.pm, ST_Transform(m.relocated_to, metric_srid()))) AS moved
       FROM markets m
       JOIN unnest($1::text[], $2::float8[], $3::float8[]) AS x(code, lon, lat) ON x.code = m.township_code
       CROSS JOIN LATERAL (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326), metric_srid()) AS pm) t
       WHERE m.synthetic
       ORDER BY m.id`,
      [towns.map((t) => t.townshipCode), towns.map((t) => t.point[0]), towns.map((t) => t.point[1])],
    );
    return r.rows;
  }

  it('are the registered market towns of the generator, in their own townships, synthetic', async () => {
    expect(registered.length).toBeGreaterThan(20);
    const rows = await stored();
    expect((await db.query('SELECT count(*)::int AS n FROM markets WHERE synthetic')).rows[0].n).toBe(registered.length);
    expect(rows.map((m) => m.township_code)).toEqual(registered.map((t) => t.townshipCode));
    for (const [m, t] of rows.map((m, i) => [m, registered[i]] as const)) {
      expect(m).toMatchObject({ name: t.name, days: t.lunarDays, status: t.status, status_on: t.statusOn, synthetic: true, near_town: true });
      expect(m.source).toMatch(/^synthetic \(data\/generator\/markets\.ts, seed 7\)/);
      expect(['LINESTRING', 'MULTILINESTRING']).toContain(m.type);
      expect(m.hours_from < m.hours_to).toBe(true);
      if (m.status === 'relocated') expect(Number(m.moved)).toBeGreaterThanOrEqual(500);
      else expect(m.moved).toBeNull();
    }
  });

  it('take reported names and days where the township matches', async () => {
    const rows = await stored();
    // TEST_SEED's market towns include two on the reported list (data/base/markets-reported-371500.csv).
    expect(rows.find((m) => m.township_code === '371503103')).toMatchObject({ name: '菜屯集', days: [4, 9, 14, 19, 24, 29] });
    expect(rows.find((m) => m.township_code === '371522117')).toMatchObject({ name: '大王寨集', days: [5, 10, 15, 20, 25, 30] });
    expect(rows.find((m) => m.township_code === '371503103').source).toMatch(/low confidence \(reported as 四、九/);
  });

  it('leave the unregistered towns out, for the cycle finder', async () => {
    expect(unregistered).toHaveLength(Math.round(towns.length / 4));
    const r = await db.query(
      `SELECT count(*)::int AS n FROM markets m, unnest($1::float8[], $2::float8[]) AS x(lon, lat)
       WHERE ST_DWithin(m.geom_m, ST_Transform(ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326), metric_srid()), 300)`,
      [unregistered.map((t) => t.point[0]), unregistered.map((t) => t.point[1])],
    );
    expect(r.rows[0].n).toBe(0);
    expect(await ensureMarkets(t.pool, TEST_SEED)).toBe(0);
  });

  it('record a create event each, which cannot be changed', async () => {
    const r = await db.query(`SELECT count(*)::int AS n, count(DISTINCT market_id)::int AS markets FROM market_events WHERE action = 'create' AND actor_id IS NULL`);
    expect(r.rows[0]).toEqual({ n: registered.length, markets: registered.length });
    await expect(db.query(`UPDATE market_events SET note = 'x' WHERE id = (SELECT min(id) FROM market_events)`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM market_events WHERE id = (SELECT min(id) FROM market_events)`)).rejects.toThrow(/append-only/);
  });
});

interface Feature {
  id: number;
  geometry: { type: string };
  properties: {
    id: number; name: string; countyCode: string; townshipCode: string | null; county: { code: string; name: string }; township: { code: string; name: string } | null;
    roads: { name: string | null; class: string }[]; trunk: boolean; calendar: string; days: number[]; hours: { from: string; to: string };
    status: string; statusOn: string | null; relocatedTo: [number, number] | null; source: string; synthetic: boolean; version: number;
    meetsToday: boolean; nextDay: string | null;
  };
}

describe('GET /api/markets, /schedule and /:id', () => {
  let markets: Feature[];
  /** The seeded markets of a list: other tests write markets of their own (not synthetic) into the run's database. */
  const seeded = (fc: { features: Feature[] }) => fc.features.filter((f) => f.properties.synthetic);
  const withDays = (days: number[], status = 'active') =>
    markets.find((m) => m.properties.status === status && m.properties.days.join() === days.join())!;

  beforeAll(async () => {
    markets = seeded(await okJson(t.app.request('/api/markets?date=2026-02-14')));
  });

  it('lists every market with its place, roads, schedule and whether it meets on the day', async () => {
    expect(markets).toHaveLength(marketTowns(loadBase(), TEST_SEED).filter((x) => x.registered).length);
    for (const m of markets) {
      const p = m.properties;
      expect(m.id).toBe(p.id);
      expect(['LineString', 'MultiLineString']).toContain(m.geometry.type);
      expect(p).toMatchObject({ calendar: 'lunar', synthetic: true, version: 1, county: { code: p.countyCode } });
      expect(p.township?.code).toBe(p.townshipCode);
      expect(p.hours.from).toMatch(/^\d\d:\d\d$/);
      expect(p.roads.length).toBeGreaterThan(0);
      expect(p.trunk).toBe(p.roads.some((r) => r.class === 'national' || r.class === 'provincial'));
      expect(p.relocatedTo === null).toBe(p.status !== 'relocated');
    }
    // 2026-02-14 is lunar 12-27 (a short 腊月: no 12-30), 2026-02-21 is 1-5.
    const twoSeven = withDays([2, 7, 12, 17, 22, 27]).properties;
    expect(twoSeven).toMatchObject({ meetsToday: true, nextDay: '2026-02-14' });
    expect(withDays([5, 10, 15, 20, 25, 30]).properties).toMatchObject({ meetsToday: false, nextDay: '2026-02-21' });
    const closed = markets.find((m) => m.properties.status === 'closed' && m.properties.statusOn! < '2026-02-14')!.properties;
    expect(closed).toMatchObject({ meetsToday: false, nextDay: null });
    const relocated = markets.find((m) => m.properties.status === 'relocated')!.properties;
    expect(relocated.relocatedTo).toEqual([expect.any(Number), expect.any(Number)]);
  });

  it('filters by county (or brigade), township and status', async () => {
    const county = markets[0].properties.countyCode;
    const inCounty = await okJson(t.app.request(`/api/markets?date=2026-02-14&county=${county}`));
    expect(seeded(inCounty).map((f: Feature) => f.id)).toEqual(markets.filter((m) => m.properties.countyCode === county).map((m) => m.id));
    expect((await okJson(t.app.request(`/api/markets?date=2026-02-14&brigade=${county}`))).features).toEqual(inCounty.features);
    const township = markets[0].properties.townshipCode;
    expect(seeded(await okJson(t.app.request(`/api/markets?date=2026-02-14&township=${township}`))).map((f: Feature) => f.id)).toEqual([markets[0].id]);
    const ended = await okJson(t.app.request('/api/markets?date=2026-02-14&status=closed,relocated'));
    expect(ended.features.length).toBeGreaterThan(0);
    expect(seeded(ended).map((f: Feature) => f.id)).toEqual(markets.filter((m) => ['closed', 'relocated'].includes(m.properties.status)).map((m) => m.id));
  });

  it('gives the week of 2026-02-14: lunar dates across 春节, holidays, and the markets meeting each day', async () => {
    const week = await okJson(t.app.request('/api/markets/schedule?date=2026-02-14'));
    expect(week.date).toBe('2026-02-14');
    expect(week.days.map((d: { date: string; lunar: { month: number; day: number; leap: boolean }; weekday: number; holiday: string | null }) =>
      [d.date, d.lunar.month, d.lunar.day, d.lunar.leap, d.weekday, d.holiday])).toEqual([
      ['2026-02-14', 12, 27, false, 6, null], // a 调休 Saturday, worked
      ['2026-02-15', 12, 28, false, 7, '春节'],
      ['2026-02-16', 12, 29, false, 1, '春节'], // 除夕: 腊月 has 29 days
      ['2026-02-17', 1, 1, false, 2, '春节'],
      ['2026-02-18', 1, 2, false, 3, '春节'],
      ['2026-02-19', 1, 3, false, 4, '春节'],
      ['2026-02-20', 1, 4, false, 5, '春节'],
    ]);
    // Each day's seeded (lunar) markets: lunar day in the market's days, and still meeting there (not closed or moved by then).
    const stored = (await db.query(`SELECT id, days, status, status_on::text FROM markets WHERE synthetic ORDER BY id`)).rows;
    const seededIds = new Set(stored.map((m) => m.id));
    const lunarDay = [27, 28, 29, 1, 2, 3, 4];
    week.days.forEach((d: { date: string; marketIds: number[] }, i: number) => {
      const expected = stored.filter((m) => m.days.includes(lunarDay[i]) && (!['closed', 'relocated'].includes(m.status) || d.date < m.status_on)).map((m) => m.id);
      expect(d.marketIds.filter((id) => seededIds.has(id)), d.date).toEqual(expected);
    });
    const twoSeven = withDays([2, 7, 12, 17, 22, 27]).id;
    expect(week.days.filter((d: { marketIds: number[] }) => d.marketIds.includes(twoSeven)).map((d: { date: string }) => d.date)).toEqual(['2026-02-14', '2026-02-18']);
    const county = markets[0].properties.countyCode;
    const local = await okJson(t.app.request(`/api/markets/schedule?date=2026-02-14&brigade=${county}`));
    // Every market of the county now, not only the seeded ones: other tests add markets meanwhile.
    const inCounty = new Set((await db.query(`SELECT id FROM markets WHERE county_code = $1`, [county])).rows.map((r) => r.id));
    expect(local.days.flatMap((d: { marketIds: number[] }) => d.marketIds).every((id: number) => inCounty.has(id))).toBe(true);
  });

  it('gives a 逢二、七 market’s next ten market days from 2026-02-14, and a 逢五、十 market’s across a short month', async () => {
    const twoSeven = await okJson(t.app.request(`/api/markets/${withDays([2, 7, 12, 17, 22, 27]).id}?date=2026-02-14`));
    // 腊月 27; 正月 (30 days, from 02-17) 2, 7, 12, 17, 22, 27; 二月 (from 03-19) 2, 7, 12.
    expect(twoSeven.nextDays.map((d: { date: string }) => d.date)).toEqual([
      '2026-02-14', '2026-02-18', '2026-02-23', '2026-02-28', '2026-03-05', '2026-03-10', '2026-03-15', '2026-03-20', '2026-03-25', '2026-03-30',
    ]);
    expect(twoSeven.nextDays[0]).toEqual({ date: '2026-02-14', lunar: { month: 12, day: 27, leap: false }, weekday: 6, holiday: null });
    expect(twoSeven.nextDays[7].lunar).toEqual({ month: 2, day: 2, leap: false });
    expect(twoSeven).toMatchObject({ ...withDays([2, 7, 12, 17, 22, 27]).properties, geometry: withDays([2, 7, 12, 17, 22, 27]).geometry });
    // No 腊月三十 in 2026; 正月 is long, so 正月三十 (03-18) is a market day.
    const fiveTen = await okJson(t.app.request(`/api/markets/${withDays([5, 10, 15, 20, 25, 30]).id}?date=2026-02-13`));
    expect(fiveTen.nextDays.map((d: { date: string }) => d.date)).toEqual([
      '2026-02-21', '2026-02-26', '2026-03-03', '2026-03-08', '2026-03-13', '2026-03-18', '2026-03-23', '2026-03-28', '2026-04-02', '2026-04-07',
    ]);
    expect(fiveTen.nextDays[5].lunar).toEqual({ month: 1, day: 30, leap: false });
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const bad = async (path: string, param: string, rule?: string) => {
      const e = await errorOf(t.app.request(path), 400);
      expect(e.details[0].param, path).toBe(param);
      if (rule) expect(e.details[0].rule, path).toBe(rule);
    };
    await bad('/api/markets?date=2026-02-30', 'date');
    await bad('/api/markets?date=0000-01-01', 'date', 'outside_calendar');
    await bad('/api/markets/schedule?date=9999-12-31', 'date', 'outside_calendar');
    await bad('/api/markets?county=371599', 'county', 'unknown_area');
    await bad('/api/markets?brigade=12', 'brigade');
    await bad('/api/markets?county=371524&brigade=371581', 'brigade');
    await bad('/api/markets?township=371524999', 'township', 'unknown_area');
    await bad('/api/markets?township=371524', 'township');
    await bad('/api/markets?status=open', 'status');
    await bad('/api/markets/99999999999999999999', 'id');
    await bad(`/api/markets/${markets[0].id}?date=2026-13-01`, 'date');
    expect((await errorOf(t.app.request('/api/markets/2147483647'), 404)).code).toBe('not_found');
    expect(await t.app.request('/api/markets?date=2026-02-14&county=371524%00')).toHaveProperty('status', 400);
  });
});

/**
 * A hand-built market in 2015, a year no other accident is in, inside a rolled-back transaction:
 * a 逢二、七 market (lunar days 2, 7, 12, 17, 22, 27), 06:00–12:00, on a 600 m stretch along a
 * provincial road, with crashes on known days and hours. The window is 二月 of 乙未 (2015-03-20 …
 * 2015-04-18, 30 days): market days 2 (03-21), 7 (03-26), 12 (03-31), 17 (04-05), 22 (04-10),
 * 27 (04-15) — 6; other days 24. Positions in metres from the stretch's middle O (east, north).
 */
describe('the market-day analysis, by hand', () => {
  const O = [116.1, 36.42]; // fields: the test world's nearest road is 1.7 km away
  const weights = { fatal: 10, injury: 5, pdo: 1 };
  const window = { from: '2015-03-20', to: '2015-04-18' };
  let marketId: number;

  const CRASHES: [string, string, string, number, number, number, number][] = [
    // id, local time, severity, deaths, injuries, east, north
    ['MK-M1', '2015-03-21 08:00', 'injury', 0, 2, -100, 0], // 2-2, market day, in hours
    ['MK-M2', '2015-03-26 06:00', 'fatal', 1, 1, 0, 0], // 2-7, at opening (hours_from counts)
    ['MK-M3', '2015-03-31 11:59', 'pdo', 0, 0, 150, 10], // 2-12
    ['MK-M4', '2015-04-15 09:30', 'pdo', 0, 0, 290, 0], // 2-27
    ['MK-O1', '2015-03-22 07:00', 'pdo', 0, 0, 50, 0], // 2-3, another day, in hours
    ['MK-O2', '2015-04-03 10:00', 'injury', 0, 1, -200, 30], // 2-15
    ['MK-E1', '2015-04-05 12:00', 'pdo', 0, 0, 0, 0], // 2-17 at closing: hours_to does not count
    ['MK-E2', '2015-04-10 05:59', 'pdo', 0, 0, 0, 0], // 2-22 before opening
    ['MK-E3', '2015-03-25 13:00', 'pdo', 0, 0, 0, 0], // 2-6 after hours
    ['MK-E4', '2015-04-10 08:00', 'pdo', 0, 0, 0, 250], // 2-22 in hours, 250 m off the stretch
    ['MK-E5', '2015-03-17 08:00', 'pdo', 0, 0, 0, 0], // 1-27, a market day before the window
    ['MK-E6', '2015-04-19 08:00', 'pdo', 0, 0, 0, 0], // 3-1, after the window
  ];

  const metric = (e: number, n: number) =>
    `ST_Transform(ST_Translate(ST_Transform(ST_SetSRID(ST_MakePoint(${O[0]}, ${O[1]}), 4326), metric_srid()), ${e}, ${n}), 4326)`;
  const line = (e0: number, n0: number, e1: number, n1: number) =>
    `ST_Transform(ST_MakeLine(ST_Translate(o, ${e0}, ${n0}), ST_Translate(o, ${e1}, ${n1})), 4326) FROM (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(${O[0]}, ${O[1]}), 4326), metric_srid()) AS o) x`;

  beforeEach(async () => {
    await db.query('BEGIN');
    // Along the stretch, across it, and parallel 100 m away: only the first runs along it.
    await db.query(`INSERT INTO roads (id, class, name, ref, design_speed, synthetic, geom) SELECT 990001, 'provincial', 'S999测试线', 'S999', 60, false, ${line(-800, 0, 800, 0)}`);
    await db.query(`INSERT INTO roads (id, class, name, design_speed, synthetic, geom) SELECT 990002, 'village', '测试村路', 30, false, ${line(0, -500, 0, 500)}`);
    await db.query(`INSERT INTO roads (id, class, name, ref, design_speed, synthetic, geom) SELECT 990003, 'township', 'Y999测试线', 'Y999', 40, false, ${line(-300, 100, 300, 100)}`);
    const m = await db.query(
      `INSERT INTO markets (name, calendar, days, hours_from, hours_to, source, geom)
       SELECT '测试集', 'lunar', '{2,7,12,17,22,27}', '06:00', '12:00', 'test', ${line(-300, 0, 300, 0)} RETURNING id`,
    );
    marketId = m.rows[0].id;
    for (const [id, at, severity, deaths, injuries, e, n] of CRASHES) {
      await db.query(
        `INSERT INTO accidents (external_id, occurred_at, severity, deaths, injuries, light, synthetic, geom)
         VALUES ($1, $2::timestamp AT TIME ZONE 'Asia/Shanghai', $3, $4, $5, 'day', false, ${metric(e, n)})`,
        [id, at, severity, deaths, injuries],
      );
    }
  });

  afterEach(() => db.query('ROLLBACK'));

  const analyse = (extra: Partial<MarketAnalysisParams> = {}) =>
    analyseMarkets(db, { ...window, buffer: 200, county: null, township: null, statuses: null, marketId, weights, ...extra });

  it('places the market by PostGIS and finds the road it runs along', async () => {
    const fc = JSON.parse((await db.query(LIST_SQL, ['2015-03-21', null, null, null, marketId])).rows[0].fc);
    const p = fc.features[0].properties;
    expect(p.countyCode).toMatch(/^3715\d\d$/);
    expect(p.township?.code.startsWith(p.countyCode)).toBe(true);
    // The crossing village road has ~10 m within 5 m of the stretch, the township road none: neither runs along it.
    expect(p).toMatchObject({ roads: [{ name: 'S999测试线', class: 'provincial' }], trunk: true, meetsToday: true, nextDay: '2015-03-21' });
  });

  it('counts crashes on market days in market hours against the same hours on the other days', async () => {
    const { markets } = await analyse();
    expect(markets).toHaveLength(1);
    const m = markets[0];
    // Market days: M1–M4 = 4 crashes: 1 fatal, 1 injury, 2 property only; deaths 1, injuries 2 + 1 = 3;
    // EPDO 10 + 5 + 1 + 1 = 17; 4 / 6 days = 0.667 a day.
    expect(m.marketDays).toMatchObject({ days: 6, crashes: 4, fatal: 1, injury: 1, pdo: 2, deaths: 1, injuries: 3, epdo: 17 });
    expect(m.marketDays.perDay).toBeCloseTo(4 / 6, 12);
    // Other days: O1, O2 = 2 crashes: 1 injury, 1 property only; injuries 1; EPDO 5 + 1 = 6; 2 / 24 = 0.0833 a day.
    expect(m.otherDays).toMatchObject({ days: 24, crashes: 2, fatal: 0, injury: 1, pdo: 1, deaths: 0, injuries: 1, epdo: 6 });
    expect(m.otherDays.perDay).toBeCloseTo(2 / 24, 12);
    // RR = (4/6) / (2/24) = 8. Given n = 6, X_m ~ Bin(6, p), p = 6·RR / (6·RR + 24):
    // p ∈ [B(0.025; 4, 3), B(0.975; 5, 2)] = [0.2227780955, 0.9567281317] → RR = p/(1 − p) · 24/6 ∈ [1.1465353419, 88.4388097352].
    expect(m.ratio).toBeCloseTo(8, 12);
    expect(m.ci![0]).toBeCloseTo(1.1465353419, 8);
    expect(m.ci![1]).toBeCloseTo(88.4388097352, 6);
    expect(m).toMatchObject({ rank: 1, id: marketId, name: '测试集', status: 'active', trunk: true, roads: [{ name: 'S999测试线', class: 'provincial' }] });
  });

  it('widens with the buffer: at 300 m the crash 250 m off the stretch counts', async () => {
    const m = (await analyse({ buffer: 300 })).markets[0];
    // 5 on 6 market days, 2 on 24 others: RR = (5/6)/(2/24) = 10; n = 7: p ∈ [B(0.025; 5, 3), B(0.975; 6, 2)]
    // = [0.2904208637, 0.9633074338] → RR ∈ [1.6371443234, 105.0139070896].
    expect(m.marketDays).toMatchObject({ crashes: 5, pdo: 3, epdo: 18 });
    expect(m.ratio).toBeCloseTo(10, 12);
    expect(m.ci![0]).toBeCloseTo(1.6371443234, 8);
    expect(m.ci![1]).toBeCloseTo(105.0139070896, 6);
  });

  it('counts only the days before a closed market’s status date', async () => {
    await db.query(`UPDATE markets SET status = 'closed', status_on = '2015-04-06' WHERE id = $1`, [marketId]);
    const m = (await analyse()).markets[0];
    // Days 03-20 … 04-05 (二月 1–17): market days 2, 7, 12, 17 = 4, others 13. M1–M3 = 3 (M4 is on 04-15); O1, O2 = 2.
    // RR = (3/4)/(2/13) = 4.875; n = 5: p ∈ [B(0.025; 3, 3), B(0.975; 4, 2)] = [0.1466327996, 0.9472550495]
    // → RR = p/(1 − p) · 13/4 ∈ [0.5584426008, 58.3672726976].
    expect(m.marketDays).toMatchObject({ days: 4, crashes: 3 });
    expect(m.otherDays).toMatchObject({ days: 13, crashes: 2 });
    expect(m.ratio).toBeCloseTo(4.875, 12);
    expect(m.ci![0]).toBeCloseTo(0.5584426008, 8);
    expect(m.ci![1]).toBeCloseTo(58.3672726976, 6);
  });

  it('follows weekly and solar calendars too', async () => {
    // Weekends: 2015-03-20 is a Friday, so Saturdays and Sundays 03-21, 22, 28, 29, 04-04, 05, 11, 12, 18 = 9, others 21.
    // In hours: M1 (Sat 03-21), O1 (Sun 03-22) = 2; M2, M3, M4, O2 = 4. RR = (2/9)/(4/21) = 7/6.
    await db.query(`UPDATE markets SET calendar = 'weekly', days = '{6,7}' WHERE id = $1`, [marketId]);
    const weekly = (await analyse()).markets[0];
    expect(weekly.marketDays).toMatchObject({ days: 9, crashes: 2 });
    expect(weekly.otherDays).toMatchObject({ days: 21, crashes: 4 });
    expect(weekly.ratio).toBeCloseTo(7 / 6, 12);
    expect(weekly.ci![0]).toBeCloseTo(0.1055343617, 8);
    // The 21st and the 31st: 03-21 and 03-31 (no 04-21 in the window) = 2, others 28. M1, M3 = 2; M2, M4, O1, O2 = 4.
    // RR = (2/2)/(4/28) = 7.
    await db.query(`UPDATE markets SET calendar = 'solar', days = '{21,31}' WHERE id = $1`, [marketId]);
    const solar = (await analyse()).markets[0];
    expect(solar.marketDays).toMatchObject({ days: 2, crashes: 2 });
    expect(solar.otherDays).toMatchObject({ days: 28, crashes: 4 });
    expect(solar.ratio).toBeCloseTo(7, 12);
    expect(solar.ci![0]).toBeCloseTo(0.6332061701, 8);
  });

  it('rolls the market up into its county and township', async () => {
    const r = await analyse();
    const m = r.markets[0];
    for (const rows of [r.byCounty, r.byTownship]) {
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ markets: 1, marketDays: m.marketDays, otherDays: m.otherDays, countyCode: m.countyCode });
      expect(rows[0].ratio).toBeCloseTo(8, 12);
    }
    expect(r.byCounty[0].code).toBe(m.countyCode);
    expect(r.byTownship[0].code).toBe(m.townshipCode);
  });
});

describe('GET /api/markets/analysis', () => {
  interface Side { days: number; crashes: number; fatal: number; injury: number; pdo: number; deaths: number; injuries: number; epdo: number; perDay: number | null }
  interface Row { rank?: number; id?: number; code?: string | null; countyCode: string; townshipCode?: string | null; markets?: number; marketDays: Side; otherDays: Side; ratio: number | null; ci: [number, number | null] | null }

  it('ranks every market over the three years to the newest accident, with county and township rollups', async () => {
    const r = await okJson(t.app.request('/api/markets/analysis'));
    const newest = (await db.query(`SELECT (max(occurred_at) AT TIME ZONE 'Asia/Shanghai')::date::text AS d FROM accidents`)).rows[0].d;
    expect(r).toMatchObject({ to: newest, buffer: 200, epdoWeights: { fatal: 10, injury: 5, pdo: 1 } });
    expect(r.from).toBe(isoDate(dayNumber(`${Number(newest.slice(0, 4)) - 3}${newest.slice(4)}`) + 1));
    const markets: Row[] = r.markets;
    expect(markets.map((m) => m.rank)).toEqual(markets.map((_, i) => i + 1));
    expect(r.total).toBe(markets.length);
    // Worst first: the interval's lower bound never rises down the list (no crash at all: last).
    const lows = markets.map((m) => m.ci?.[0] ?? -1);
    expect(lows).toEqual([...lows].sort((a, b) => b - a));
    for (const m of markets) expect(m.marketDays.epdo).toBe(10 * m.marketDays.fatal + 5 * m.marketDays.injury + m.marketDays.pdo);
    // Each rollup is the sum of its markets.
    for (const [rows, key] of [[r.byCounty, 'countyCode'], [r.byTownship, 'townshipCode']] as const) {
      for (const area of rows as Row[]) {
        const mine = markets.filter((m) => m[key] === area.code);
        expect(area.markets).toBe(mine.length);
        for (const side of ['marketDays', 'otherDays'] as const) {
          for (const k of ['days', 'crashes', 'fatal', 'deaths', 'injuries', 'epdo'] as const) {
            expect(area[side][k], `${area.code} ${side}.${k}`).toBe(mine.reduce((s, m) => s + m[side][k], 0));
          }
        }
      }
      expect((rows as Row[]).reduce((s, a) => s + (a.markets ?? 0), 0)).toBe(markets.length);
    }
    // The generator raised crashes on market days in market hours: city-wide, far more per market day.
    const sum = (side: 'marketDays' | 'otherDays', k: 'crashes' | 'days') => (r.byCounty as Row[]).reduce((s, a) => s + a[side][k], 0);
    const city = rateRatio(sum('marketDays', 'crashes'), sum('marketDays', 'days'), sum('otherDays', 'crashes'), sum('otherDays', 'days'));
    expect(city.ratio).toBeGreaterThan(3);
    expect(city.low).toBeGreaterThan(1);
  });

  it('takes a county or brigade, a status, a window, a buffer and a limit', async () => {
    const all = await okJson(t.app.request('/api/markets/analysis?from=2024-01-01&to=2025-12-31&buffer=300'));
    expect(all).toMatchObject({ from: '2024-01-01', to: '2025-12-31', buffer: 300 });
    const county = all.markets[0].countyCode;
    const mine = await okJson(t.app.request(`/api/markets/analysis?from=2024-01-01&to=2025-12-31&buffer=300&brigade=${county}`));
    expect(mine.markets.map((m: Row) => m.id)).toEqual(all.markets.filter((m: Row) => m.countyCode === county).map((m: Row) => m.id));
    expect(mine.byCounty).toEqual(all.byCounty.filter((c: Row) => c.code === county));
    const regulated = await okJson(t.app.request('/api/markets/analysis?status=regulated'));
    const stored = (await db.query(`SELECT id FROM markets WHERE status = 'regulated' ORDER BY id`)).rows.map((x) => x.id);
    expect(regulated.markets.map((m: Row) => m.id).sort((a: number, b: number) => a - b)).toEqual(stored);
    const top = await okJson(t.app.request('/api/markets/analysis?from=2024-01-01&to=2025-12-31&buffer=300&limit=2'));
    expect(top).toMatchObject({ total: all.markets.length, limit: 2 });
    expect(top.markets).toEqual(all.markets.slice(0, 2));
  });

  it('is in the market card, with the same numbers', async () => {
    const all = await okJson(t.app.request('/api/markets/analysis?from=2024-01-01&to=2025-12-31'));
    const first = all.markets[0];
    const card = await okJson(t.app.request(`/api/markets/${first.id}?date=2025-06-01&from=2024-01-01&to=2025-12-31`));
    expect(card.analysis).toEqual({ from: '2024-01-01', to: '2025-12-31', buffer: 200, ...first, rank: 1 });
    const dates = card.nextDays.map((d: { date: string }) => d.date);
    if (card.status === 'active' || card.status === 'regulated') expect(dates).toHaveLength(10);
    else expect(dates.every((d: string) => d >= '2025-06-01' && d < card.statusOn)).toBe(true);
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const bad = async (query: string, param: string, rule?: string) => {
      const e = await errorOf(t.app.request(`/api/markets/analysis?${query}`), 400);
      expect(e.details[0].param, query).toBe(param);
      if (rule) expect(e.details[0].rule, query).toBe(rule);
    };
    await bad('buffer=0', 'buffer');
    await bad('buffer=-5', 'buffer');
    await bad('buffer=2001', 'buffer');
    await bad('buffer=abc', 'buffer');
    await bad('buffer=Infinity', 'buffer');
    await bad('from=2025-06-01&to=2025-01-01', 'from');
    await bad('from=2005-01-01&to=2025-12-31', 'from');
    await bad('to=0000-01-01', 'to', 'outside_calendar');
    await bad('from=2026-02-30', 'from');
    await bad('county=371599', 'county', 'unknown_area');
    await bad('status=gone', 'status');
    await bad('limit=0', 'limit');
    await bad('limit=100000', 'limit');
    await bad(`township=${'9'.repeat(9)}`, 'township', 'unknown_area');
    const e = await errorOf(t.app.request(`/api/markets/1?buffer=0`), 400);
    expect(e.details[0].param).toBe('buffer');
  });

  it('is closed without a session when PUBLIC_MAP=0', async () => {
    const env = loadEnv({ PUBLIC_MAP: '0' });
    const closed = createApp({ pool: t.pool, engine: t.info.engine, env, extent: await readExtent({ pool: t.pool, engine: t.info.engine, close: async () => undefined }) });
    for (const path of ['/api/markets', '/api/markets/schedule', '/api/markets/analysis', '/api/markets/1']) expect((await closed.request(path)).status, path).toBe(401);
    const officer = await signIn(closed, 'officer.donge');
    expect((await officer.get('/api/markets/schedule?date=2026-02-14')).status).toBe(200);
  });
});

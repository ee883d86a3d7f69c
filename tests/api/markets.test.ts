import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureCalendar } from '@api/seed/calendar';
import { ensureMarkets } from '@api/seed/markets';
import { marketTowns } from '@data/generator/accidents';
import { loadBase } from '@data/generator/base-data';
import { TEST_SEED } from '../support/global-db';
import { errorOf, okJson } from '../support/session';
import { createTestApp } from '../support/test-app';

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
    const r = await db.query(`SELECT count(*)::int AS n, count(DISTINCT market_id)::int AS markets FROM market_events WHERE action = 'create'`);
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
  const withDays = (days: number[], status = 'active') =>
    markets.find((m) => m.properties.status === status && m.properties.days.join() === days.join())!;

  beforeAll(async () => {
    markets = (await okJson(t.app.request('/api/markets?date=2026-02-14'))).features;
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
    expect(inCounty.features.map((f: Feature) => f.id)).toEqual(markets.filter((m) => m.properties.countyCode === county).map((m) => m.id));
    expect((await okJson(t.app.request(`/api/markets?date=2026-02-14&brigade=${county}`))).features).toEqual(inCounty.features);
    const township = markets[0].properties.townshipCode;
    expect((await okJson(t.app.request(`/api/markets?date=2026-02-14&township=${township}`))).features.map((f: Feature) => f.id)).toEqual([markets[0].id]);
    const ended = await okJson(t.app.request('/api/markets?date=2026-02-14&status=closed,relocated'));
    expect(ended.features.length).toBeGreaterThan(0);
    expect(ended.features.map((f: Feature) => f.id)).toEqual(markets.filter((m) => ['closed', 'relocated'].includes(m.properties.status)).map((m) => m.id));
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
    // Each day's markets: lunar day in the market's days, and still meeting there (not closed or moved by then).
    const stored = (await db.query(`SELECT id, days, status, status_on::text FROM markets ORDER BY id`)).rows;
    const lunarDay = [27, 28, 29, 1, 2, 3, 4];
    week.days.forEach((d: { date: string; marketIds: number[] }, i: number) => {
      const expected = stored.filter((m) => m.days.includes(lunarDay[i]) && (!['closed', 'relocated'].includes(m.status) || d.date < m.status_on)).map((m) => m.id);
      expect(d.marketIds, d.date).toEqual(expected);
    });
    const twoSeven = withDays([2, 7, 12, 17, 22, 27]).id;
    expect(week.days.filter((d: { marketIds: number[] }) => d.marketIds.includes(twoSeven)).map((d: { date: string }) => d.date)).toEqual(['2026-02-14', '2026-02-18']);
    const county = markets[0].properties.countyCode;
    const local = await okJson(t.app.request(`/api/markets/schedule?date=2026-02-14&brigade=${county}`));
    const inCounty = new Set(markets.filter((m) => m.properties.countyCode === county).map((m) => m.id));
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

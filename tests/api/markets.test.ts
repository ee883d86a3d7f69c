import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureCalendar } from '@api/seed/calendar';
import { ensureMarkets } from '@api/seed/markets';
import { marketTowns } from '@data/generator/accidents';
import { loadBase } from '@data/generator/base-data';
import { TEST_SEED } from '../support/global-db';
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

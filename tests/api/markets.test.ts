import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureCalendar } from '@api/seed/calendar';

let db: pg.Client;

beforeAll(async () => {
  db = new pg.Client(inject('db').connection);
  await db.connect();
});

afterAll(() => db?.end());

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

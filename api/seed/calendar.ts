import { calendarDays, HOLIDAY_DATA_VERSION, type CalendarDay } from '@shared/calendar/china-calendar';
import type pg from 'pg';

const BATCH = 2000;

/**
 * Fills `calendar_days` for every year from the year before the earliest accident to two years
 * after the current one (China time), adding only the days that are missing, so it runs on every
 * start and extends the table when older accidents arrive or the years move on. When the library
 * brings holiday notices the stored rows were made without (`HOLIDAY_DATA_VERSION` differs), the
 * rows whose values changed are corrected as well. Returns how many rows it wrote.
 */
export async function ensureCalendar(pool: pg.Pool | pg.ClientBase): Promise<number> {
  const span = await pool.query<{ first: number; last: number; version: string | null }>(
    `SELECT coalesce(extract(year FROM min(occurred_at) AT TIME ZONE 'Asia/Shanghai'), extract(year FROM now() AT TIME ZONE 'Asia/Shanghai'))::int - 1 AS first,
            extract(year FROM now() AT TIME ZONE 'Asia/Shanghai')::int + 2 AS last,
            (SELECT value FROM app_settings WHERE key = 'calendar_holidays') AS version
     FROM accidents`,
  );
  const { first, last, version } = span.rows[0];
  const from = `${first}-01-01`;
  const to = `${last}-12-31`;
  const refresh = version !== HOLIDAY_DATA_VERSION;
  if (!refresh) {
    const have = await pool.query<{ n: number; want: number }>(
      `SELECT count(*)::int AS n, ($2::date - $1::date + 1) AS want FROM calendar_days WHERE day BETWEEN $1 AND $2`,
      [from, to],
    );
    if (have.rows[0].n === have.rows[0].want) return 0;
  }
  const days = calendarDays(from, to);
  let written = 0;
  for (let i = 0; i < days.length; i += BATCH) written += await insertDays(pool, days.slice(i, i + BATCH), refresh);
  await pool.query(
    `INSERT INTO app_settings (key, value) VALUES ('calendar_holidays', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [HOLIDAY_DATA_VERSION],
  );
  return written;
}

async function insertDays(pool: pg.Pool | pg.ClientBase, days: CalendarDay[], refresh: boolean): Promise<number> {
  const r = await pool.query(
    `INSERT INTO calendar_days AS c (day, lunar_month, leap, lunar_day, weekday, holiday, workday)
     SELECT * FROM unnest($1::date[], $2::smallint[], $3::bool[], $4::smallint[], $5::smallint[], $6::text[], $7::bool[])
     ON CONFLICT (day) DO ${refresh
       ? `UPDATE SET lunar_month = EXCLUDED.lunar_month, leap = EXCLUDED.leap, lunar_day = EXCLUDED.lunar_day,
                     weekday = EXCLUDED.weekday, holiday = EXCLUDED.holiday, workday = EXCLUDED.workday
          WHERE (c.lunar_month, c.leap, c.lunar_day, c.weekday, c.holiday, c.workday)
                IS DISTINCT FROM (EXCLUDED.lunar_month, EXCLUDED.leap, EXCLUDED.lunar_day, EXCLUDED.weekday, EXCLUDED.holiday, EXCLUDED.workday)`
       : 'NOTHING'}`,
    [days.map((d) => d.date), days.map((d) => d.lunarMonth), days.map((d) => d.leap), days.map((d) => d.lunarDay),
     days.map((d) => d.weekday), days.map((d) => d.holiday), days.map((d) => d.workday)],
  );
  return r.rowCount ?? 0;
}

import type pg from 'pg';
import { chinaToday } from '@shared/calendar/day-number';
import { shiftDate } from '../hotspots/params';
import { ApiError } from './api-error';

/** The longest window an analysis may cover. */
export const MAX_WINDOW_YEARS = 10;

/**
 * Refuses a day range the stored calendar does not cover (ensureCalendar fills from the year
 * before the earliest accident to two years ahead), naming the parameter.
 */
export async function checkCalendar(db: pg.Pool | pg.ClientBase, checks: { param: string; from: string; to: string }[]) {
  const r = await db.query<{ first: string | null; last: string | null }>(`SELECT min(day)::text AS first, max(day)::text AS last FROM calendar_days`);
  const { first, last } = r.rows[0];
  for (const c of checks) {
    if (first === null || last === null || ![c.from, c.to].every((d) => d >= first && d <= last)) {
      const reason = `${c.from === c.to ? c.from : `${c.from} … ${c.to}`} is outside the calendar (${first ?? '—'} … ${last ?? '—'})`;
      throw new ApiError('bad_request', `Invalid parameter "${c.param}": ${reason}`, [{ param: c.param, reason, rule: 'outside_calendar' }]);
    }
  }
}

/**
 * An analysis' window (local dates, inclusive): as given, else the `years` ending at the newest
 * accident (today without any); `from` after `to` or more than MAX_WINDOW_YEARS before it is a 400
 * naming `from`. With `calendar` (the analyses that count by calendar_days) each date must lie in
 * the stored calendar, a date the client gave checked as given (year 0 is `to`'s fault, not the
 * default `from`'s).
 */
export async function analysisWindow(db: pg.Pool | pg.ClientBase, q: { from?: string; to?: string }, years: number, opts: { calendar: boolean }): Promise<{ from: string; to: string }> {
  if (opts.calendar) await checkCalendar(db, (['to', 'from'] as const).filter((k) => q[k]).map((k) => ({ param: k, from: q[k]!, to: q[k]! })));
  const newest = await db.query<{ d: string | null }>(`SELECT (max(occurred_at) AT TIME ZONE 'Asia/Shanghai')::date::text AS d FROM accidents`);
  const to = q.to ?? newest.rows[0].d ?? chinaToday();
  const from = q.from ?? shiftDate(to, -years, 1);
  if (from > to) throw ApiError.badParam('from', `from (${from}) is after to (${to})`);
  if (from < shiftDate(to, -MAX_WINDOW_YEARS)) throw ApiError.badParam('from', `the window may cover at most ${MAX_WINDOW_YEARS} years (from ${shiftDate(to, -MAX_WINDOW_YEARS)} for to ${to})`);
  if (opts.calendar) await checkCalendar(db, [{ param: 'from', from, to: from }, { param: 'to', from: to, to }]);
  return { from, to };
}

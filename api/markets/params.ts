import { z } from 'zod';
import type pg from 'pg';
import { ApiError } from '../lib/api-error';
import { listParam } from '../lib/query-params';

export const MARKET_STATUSES = ['active', 'regulated', 'relocated', 'closed'] as const;

/** The filters every markets route takes; `brigade` is the county's code, as brigades say it. */
export const marketFilters = {
  county: z.string().regex(/^\d{6}$/, 'must be a 6-digit county code, e.g. 371524').optional(),
  brigade: z.string().regex(/^\d{6}$/, 'must be the 6-digit code of the brigade’s county').optional(),
  township: z.string().regex(/^\d{9}$/, 'must be a 9-digit township code').optional(),
  status: listParam(MARKET_STATUSES).optional(),
};

export interface MarketFilterQuery {
  county?: string;
  brigade?: string;
  township?: string;
  status?: string[];
}

export interface ResolvedMarketFilters {
  county: string | null;
  township: string | null;
  statuses: string[] | null;
}

/** Checks the codes name a county and a township of Liaocheng (`brigade` and `county` must agree). */
export async function resolveMarketFilters(db: pg.Pool, q: MarketFilterQuery): Promise<ResolvedMarketFilters> {
  if (q.county && q.brigade && q.county !== q.brigade) {
    throw ApiError.badParam('brigade', `names county ${q.brigade} but county is ${q.county}; give one of them`);
  }
  const county = q.county ?? q.brigade ?? null;
  const given = [
    { param: q.county ? 'county' : 'brigade', code: county, level: 'county' },
    { param: 'township', code: q.township ?? null, level: 'township' },
  ].filter((x): x is { param: string; code: string; level: string } => x.code !== null);
  if (given.length) {
    const known = await db.query<{ code: string; level: string }>(
      `SELECT code, level FROM jurisdictions WHERE code = ANY ($1)`,
      [given.map((g) => g.code)],
    );
    for (const g of given) {
      if (!known.rows.some((r) => r.code === g.code && r.level === g.level)) {
        throw new ApiError('bad_request', `Invalid parameter "${g.param}": no ${g.level} with code ${g.code} in Liaocheng`, [
          { param: g.param, reason: `no ${g.level} with code ${g.code} in Liaocheng`, rule: 'unknown_area' },
        ]);
      }
    }
  }
  return { county, township: q.township ?? null, statuses: q.status ?? null };
}

export { chinaToday } from '@shared/calendar/day-number';

/**
 * Refuses a day range the stored calendar does not cover (ensureCalendar fills from the year
 * before the earliest accident to two years ahead), naming the parameter.
 */
export async function checkCalendar(db: pg.Pool | pg.ClientBase, checks: { param: string; from: string; to: string }[]) {
  const r = await db.query<{ first: string | null; last: string | null }>(
    `SELECT min(day)::text AS first, max(day)::text AS last FROM calendar_days`,
  );
  const { first, last } = r.rows[0];
  for (const c of checks) {
    if (first === null || last === null || ![c.from, c.to].every((d) => d >= first && d <= last)) {
      const reason = `${c.from === c.to ? c.from : `${c.from} … ${c.to}`} is outside the calendar (${first ?? '—'} … ${last ?? '—'})`;
      throw new ApiError('bad_request', `Invalid parameter "${c.param}": ${reason}`, [{ param: c.param, reason, rule: 'outside_calendar' }]);
    }
  }
}

/** `date` moved by whole days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

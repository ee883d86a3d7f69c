import type pg from 'pg';
import { areaFilters, resolveArea, type AreaQuery } from '../lib/area-filters';
import { listParam } from '../lib/query-params';

export const MARKET_STATUSES = ['active', 'regulated', 'relocated', 'closed'] as const;

/** The filters every markets route takes: the area (api/lib/area-filters.ts) and the statuses. */
export const marketFilters = { ...areaFilters, status: listParam(MARKET_STATUSES).optional() };

export interface ResolvedMarketFilters {
  county: string | null;
  township: string | null;
  statuses: string[] | null;
}

/** The area checked (resolveArea) and the statuses asked for. */
export async function resolveMarketFilters(db: pg.Pool, q: AreaQuery & { status?: string[] }): Promise<ResolvedMarketFilters> {
  return { ...(await resolveArea(db, q)), statuses: q.status ?? null };
}

export { chinaToday } from '@shared/calendar/day-number';

/** `date` moved by whole days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

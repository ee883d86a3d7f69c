import type pg from 'pg';
import { z } from 'zod';
import { SEVERITIES } from '../accidents/route';
import { ApiError } from '../lib/api-error';
import type { AppDeps } from '../lib/app-deps';
import { dateParam, listParam } from '../lib/query-params';
import { dataVersions } from '../lib/result-cache';

/** A whole number in [min, max]; the message names the unit. */
export const intParam = (min: number, max: number, unit = '') =>
  z.coerce
    .number({ message: 'must be a number' })
    .int(`must be a whole number${unit}`)
    .min(min, `must be at least ${min}${unit}`)
    .max(max, `must be at most ${max}${unit}`);

/** How many of the top-ranked hotspots to return; the response's meta.total says how many there were. */
export const limitParam = intParam(1, 10_000).default(500);

/** The accident filters every hotspot analysis shares. */
export const analysisFilters = {
  from: dateParam.optional(),
  to: dateParam.optional(),
  severity: listParam(SEVERITIES).optional(),
  night: z.enum(['true', 'false'], { message: 'must be true or false' }).optional(),
  county: z.string().regex(/^\d{6}$/, 'must be a 6-digit county code, e.g. 371524').optional(),
  township: z.string().regex(/^\d{9}$/, 'must be a 9-digit township code').optional(),
};

export interface AnalysisFilters {
  from?: string;
  to?: string;
  severity?: string[];
  night?: 'true' | 'false';
  county?: string;
  township?: string;
}

/** Filters resolved for SQL: a closed window of local dates and checked jurisdiction codes. */
export interface ResolvedFilters {
  from: string;
  to: string;
  severity: string[] | null;
  night: boolean | null;
  areas: string[] | null;
}

const latestKept = new WeakMap<pg.Pool, { version: string; date: Promise<string> }>();

/**
 * Local date (UTC+8) of the newest accident: the default end of an analysis window. Kept per
 * version of the accidents (read with the request's data versions), so a cached analysis costs
 * one round trip to the database.
 */
async function latestAccidentDate(deps: AppDeps): Promise<string> {
  const version = await dataVersions(deps.pool, ['accidents']);
  const kept = latestKept.get(deps.pool);
  if (kept?.version === version) return kept.date;
  const date = deps.pool
    .query<{ d: string | null }>(`SELECT (max(occurred_at) AT TIME ZONE 'Asia/Shanghai')::date::text AS d FROM accidents`)
    .then((r) => r.rows[0].d ?? new Date().toISOString().slice(0, 10));
  latestKept.set(deps.pool, { version, date });
  date.catch(() => latestKept.delete(deps.pool));
  return date;
}

/** `date` moved by whole years and days (calendar arithmetic, UTC so no DST). */
export function shiftDate(date: string, years: number, days = 0): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Checks the county/township codes exist and fills the window: without dates, the twelve months
 * ending at the newest accident; a lone `from` runs to the newest accident, a lone `to` starts
 * twelve months earlier.
 */
export async function resolveFilters(deps: AppDeps, q: AnalysisFilters): Promise<ResolvedFilters> {
  const areas = [q.county, q.township].filter((x): x is string => Boolean(x));
  if (areas.length) {
    const known = await deps.pool.query<{ code: string }>('SELECT code FROM jurisdictions WHERE code = ANY ($1)', [areas]);
    const missing = areas.find((code) => !known.rows.some((r) => r.code === code));
    if (missing) {
      const param = missing === q.county ? 'county' : 'township';
      throw ApiError.badParam(param, `no ${param} with code ${missing} in Liaocheng`);
    }
  }
  const to = q.to ?? (await latestAccidentDate(deps));
  const from = q.from ?? shiftDate(to, -1, 1);
  if (from > to) throw ApiError.badParam('from', `from (${from}) is after to (${to})`);
  return {
    from,
    to,
    severity: q.severity ?? null,
    night: q.night === undefined ? null : q.night === 'true',
    areas: areas.length ? areas : null,
  };
}

import type pg from 'pg';
import { z } from 'zod';
import { ApiError } from './api-error';

/** The area filters the analyses take; `brigade` is the county's code, as brigades say it. */
export const areaFilters = {
  county: z.string().regex(/^\d{6}$/, 'must be a 6-digit county code, e.g. 371524').optional(),
  brigade: z.string().regex(/^\d{6}$/, 'must be the 6-digit code of the brigade’s county').optional(),
  township: z.string().regex(/^\d{9}$/, 'must be a 9-digit township code').optional(),
};

export interface AreaQuery {
  county?: string;
  brigade?: string;
  township?: string;
}

/** The county and township asked for (null: all), checked to name a county and a township of Liaocheng (`brigade` and `county` must agree). */
export async function resolveArea(db: pg.Pool | pg.ClientBase, q: AreaQuery): Promise<{ county: string | null; township: string | null }> {
  if (q.county && q.brigade && q.county !== q.brigade) {
    throw ApiError.badParam('brigade', `names county ${q.brigade} but county is ${q.county}; give one of them`);
  }
  const county = q.county ?? q.brigade ?? null;
  const given = [
    { param: q.county ? 'county' : 'brigade', code: county, level: 'county' },
    { param: 'township', code: q.township ?? null, level: 'township' },
  ].filter((x): x is { param: string; code: string; level: string } => x.code !== null);
  if (given.length) {
    const known = await db.query<{ code: string; level: string }>(`SELECT code, level FROM jurisdictions WHERE code = ANY ($1)`, [given.map((g) => g.code)]);
    for (const g of given) {
      if (!known.rows.some((r) => r.code === g.code && r.level === g.level)) {
        throw new ApiError('bad_request', `Invalid parameter "${g.param}": no ${g.level} with code ${g.code} in Liaocheng`, [
          { param: g.param, reason: `no ${g.level} with code ${g.code} in Liaocheng`, rule: 'unknown_area' },
        ]);
      }
    }
  }
  return { county, township: q.township ?? null };
}

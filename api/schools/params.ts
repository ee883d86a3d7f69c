import { z } from 'zod';
import { ApiError } from '../lib/api-error';
import type { AppDeps } from '../lib/app-deps';

/** The zone: roads within this many metres of a gate (校园周边道路, GA/T 1215-2014). */
export const ZONE_RADIUS_M = 150;
/**
 * An accident or a hazard is in the zone within this many metres of its roads: roads are
 * centrelines, and a crash at the kerb of a wide street or at the gate is recorded a few metres off.
 */
export const ZONE_REACH_M = 15;
/** GA/T 1215-2014 wants a school gate more than this far from an intersection. */
export const GATE_INTERSECTION_MIN_M = 100;
/** An intersection belongs to a gate's road when it lies this close to the road's route (they are merged within 3 m). */
export const ON_ROUTE_M = 5;

/** Where: a county (or the same as `brigade`, as brigades say it) and a township. */
export const areaParams = {
  county: z.string().regex(/^\d{6}$/, 'must be a 6-digit county code, e.g. 371524').optional(),
  /** The brigade (大队) by its county's code: the same as `county`, by the name the brigades use. */
  brigade: z.string().regex(/^\d{6}$/, 'must be the 6-digit code of the brigade’s county').optional(),
  township: z.string().regex(/^\d{9}$/, 'must be a 9-digit township code').optional(),
};

export interface AreaFilter {
  county: string | null;
  township: string | null;
}

/** The area as one county and one township, each checked to exist; county and brigade must agree. */
export async function resolveArea(deps: AppDeps, q: { county?: string; brigade?: string; township?: string }): Promise<AreaFilter> {
  if (q.county && q.brigade && q.county !== q.brigade) throw ApiError.badParam('brigade', `names another county (${q.brigade}) than county (${q.county})`);
  const county = q.county ?? q.brigade ?? null;
  const codes = [county, q.township].filter((x): x is string => Boolean(x));
  if (codes.length) {
    const known = await deps.pool.query<{ code: string; level: string }>('SELECT code, level FROM jurisdictions WHERE code = ANY ($1)', [codes]);
    const level = new Map(known.rows.map((r) => [r.code, r.level]));
    if (county && level.get(county) !== 'county') throw ApiError.badParam(q.county ? 'county' : 'brigade', `no county with code ${county} in Liaocheng`);
    if (q.township && level.get(q.township) !== 'township') throw ApiError.badParam('township', `no township with code ${q.township} in Liaocheng`);
  }
  return { county, township: q.township ?? null };
}

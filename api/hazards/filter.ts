import { z } from 'zod';
import type { SessionUser } from '../auth/accounts';
import type { AppDeps } from '../lib/app-deps';
import { bboxParam, listParam } from '../lib/query-params';
import { noNul, NO_NUL } from '../lib/values';
import { HAZARD_STATES } from './state-machine';
import { HAZARD_TYPES, TODAY, visibleTo } from './store';

/** The ledger's filters, shared by the list, the export and the summary. */
export const filterParams = (deps: AppDeps) => ({
  status: listParam(HAZARD_STATES).optional(),
  type: listParam(HAZARD_TYPES).optional(),
  county: z.string().regex(/^\d{6}$/, 'must be a 6-digit county code').optional(),
  township: z.string().regex(/^\d{9}$/, 'must be a 9-digit township code').optional(),
  overdue: z.enum(['true', 'false']).optional(),
  bbox: bboxParam(deps.extent).optional(),
  q: z.string().trim().max(100).refine(noNul, NO_NUL).optional(),
});

export interface HazardFilters {
  status?: string[];
  type?: string[];
  county?: string;
  township?: string;
  overdue?: 'true' | 'false';
  bbox?: [number, number, number, number];
  q?: string;
}

/** The filters and what the user may see, as one SQL condition on `hazards h` with its parameters ($1…). */
export function hazardFilter(user: SessionUser, q: HazardFilters): { where: string; params: unknown[] } {
  const v = visibleTo(user, 1);
  const params: unknown[] = [...v.params];
  const where = [v.sql];
  const add = (sql: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(sql(params.length));
  };
  if (q.status) add((n) => `h.status = ANY ($${n})`, q.status);
  if (q.type) add((n) => `h.type = ANY ($${n})`, q.type);
  if (q.county) add((n) => `h.county_code = $${n}`, q.county);
  if (q.township) add((n) => `h.township_code = $${n}`, q.township);
  if (q.overdue) where.push(`(h.status <> 'closed' AND h.deadline < ${TODAY}) = ${q.overdue === 'true'}`);
  if (q.bbox) add((n) => `h.geom && ST_MakeEnvelope(($${n}::float8[])[1], ($${n}::float8[])[2], ($${n}::float8[])[3], ($${n}::float8[])[4], 4326)`, q.bbox);
  if (q.q) add((n) => `(h.number ILIKE $${n} OR h.description ILIKE $${n} OR h.road_name ILIKE $${n})`, `%${q.q.replace(/[\\%_]/g, '\\$&')}%`);
  return { where: where.join(' AND '), params };
}

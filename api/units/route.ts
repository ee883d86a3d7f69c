import { Hono } from 'hono';
import { z } from 'zod';
import { currentUser, type AuthEnv } from '../auth/middleware';
import type { AppDeps } from '../lib/app-deps';
import { validate } from '../lib/validate';

/**
 * The one rule of who may take a county's hazards, as SQL over `units n JOIN jurisdictions j ON
 * j.code = n.jurisdiction_code`: the county's own departments, its townships, the city's
 * departments. `county` is the SQL of the county code (a parameter).
 */
export const unitServesCounty = (county: string) =>
  `(n.jurisdiction_code = ${county} OR j.parent_code = ${county} OR j.level = 'city')`;

const Query = z.object({
  /** Units that may take a hazard of this county: its townships, its departments and the city's. */
  county: z.string().regex(/^\d{6}$/, 'must be a 6-digit county code').optional(),
});

/** GET /api/units[?county=]: the responsible units, for choosing whom to hand a hazard to. */
export function unitsRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>().get('/', validate('query', Query), async (c) => {
    currentUser(c);
    const { county } = c.req.valid('query');
    const r = await deps.pool.query(
      `SELECT n.code, n.name, n.name_en AS "nameEn", n.kind, n.jurisdiction_code AS "jurisdiction"
       FROM units n JOIN jurisdictions j ON j.code = n.jurisdiction_code
       WHERE $1::text IS NULL OR ${unitServesCounty('$1')}
       ORDER BY n.kind = 'township', n.jurisdiction_code, n.code`,
      [county ?? null],
    );
    return c.json(r.rows);
  });
}

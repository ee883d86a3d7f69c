import { Hono } from 'hono';
import { z } from 'zod';
import { currentUser, type AuthEnv } from '../auth/middleware';
import type { AppDeps } from '../lib/app-deps';
import { validate } from '../lib/validate';

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
       WHERE $1::text IS NULL OR n.jurisdiction_code IN ($1, '371500') OR j.parent_code = $1
       ORDER BY n.kind = 'township', n.jurisdiction_code, n.code`,
      [county ?? null],
    );
    return c.json(r.rows);
  });
}

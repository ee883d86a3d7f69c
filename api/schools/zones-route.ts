import { Hono } from 'hono';
import { z } from 'zod';
import type { AuthEnv } from '../auth/middleware';
import type { AppDeps } from '../lib/app-deps';
import { dateParam, orderedDates } from '../lib/query-params';
import { validate } from '../lib/validate';
import { AUDIT_ITEMS } from '@shared/schools/school-terms';
import { areaParams, GATE_INTERSECTION_MIN_M, resolveArea, ZONE_RADIUS_M, ZONE_REACH_M } from './params';
import { analysisWindow, exposure, guardPostComparison, RATE_HOURS, rollup, schoolZoneStats } from './zone-stats';

const ZonesQuery = z
  .object({
    from: dateParam.optional(),
    to: dateParam.optional(),
    ...areaParams,
    limit: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(10_000, 'must be at most 10000').default(500),
  })
  .superRefine(orderedDates);

/** GET /zones (every school's zone statistics with rollups) and GET /settings (the school calendar and the zone's rules). */
export function schoolZonesRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .get('/zones', validate('query', ZonesQuery), async (c) => {
      const q = c.req.valid('query');
      const area = await resolveArea(deps, q);
      const window = await analysisWindow(deps, q);
      const e = await exposure(deps.pool, window.from, window.to);
      const weights = deps.env.EPDO_WEIGHTS;
      const schools = await schoolZoneStats(deps.pool, { ...window, ...area, weights }, e);
      return c.json({
        meta: {
          ...window,
          county: area.county,
          township: area.township,
          schoolDays: e.schoolDays,
          schoolHoursPerDay: e.hoursPerDay,
          radius: ZONE_RADIUS_M,
          reach: ZONE_REACH_M,
          rateHours: RATE_HOURS,
          epdoWeights: weights,
          total: schools.length,
          limit: q.limit,
        },
        schools: schools.slice(0, q.limit),
        counties: rollup(schools, 'county', weights),
        townships: rollup(schools, 'township', weights),
        guardPosts: guardPostComparison(schools, weights),
      });
    })

    .get('/settings', async (c) => {
      const r = await deps.pool.query<{ terms: unknown[]; hours: unknown[] }>(
        `SELECT (SELECT coalesce(json_agg(json_build_object('schoolYear', t.school_year, 'term', t.term, 'startsOn', t.starts_on, 'endsOn', t.ends_on)
                                          ORDER BY t.starts_on), '[]') FROM school_terms t) AS terms,
                (SELECT coalesce(json_agg(json_build_object('label', h.label, 'from', to_char(h.starts, 'HH24:MI'), 'to', to_char(h.ends, 'HH24:MI'))
                                          ORDER BY h.starts), '[]') FROM school_hours h) AS hours`,
      );
      return c.json({
        ...r.rows[0],
        zoneRadius: ZONE_RADIUS_M,
        zoneReach: ZONE_REACH_M,
        gateIntersectionMin: GATE_INTERSECTION_MIN_M,
        auditItems: AUDIT_ITEMS,
      });
    });
}

import { Hono } from 'hono';
import { z } from 'zod';
import type { AuthEnv } from '../auth/middleware';
import type { AppDeps } from '../lib/app-deps';
import { dateParam, orderedDates } from '../lib/query-params';
import { validate } from '../lib/validate';
import { areaParams, resolveArea, ZONE_RADIUS_M, ZONE_REACH_M } from './params';
import { analysisWindow, exposure, guardPostComparison, RATE_HOURS, rollup, schoolZoneStats } from './zone-stats';

const ZonesQuery = z
  .object({
    from: dateParam.optional(),
    to: dateParam.optional(),
    ...areaParams,
    limit: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(10_000, 'must be at most 10000').default(500),
  })
  .superRefine(orderedDates);

/** GET /zones: every school's zone statistics with rollups. */
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
    });
}

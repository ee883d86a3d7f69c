import { Hono } from 'hono';
import { z } from 'zod';
import type { AuthEnv } from '../auth/middleware';
import { ApiError } from '../lib/api-error';
import type { AppDeps } from '../lib/app-deps';
import { geojson } from '../lib/geojson-response';
import { dateParam } from '../lib/query-params';
import { sqlFile } from '../lib/sql-file';
import { validate } from '../lib/validate';
import { addDays, checkCalendar, chinaToday, marketFilters, resolveMarketFilters } from './params';

const LIST_SQL = sqlFile(new URL('./list.sql', import.meta.url));
const SCHEDULE_SQL = sqlFile(new URL('./schedule.sql', import.meta.url));
const NEXT_DAYS_SQL = sqlFile(new URL('./next-days.sql', import.meta.url));

const NEXT_DAYS = 10;

const ListQuery = z.object({ date: dateParam.optional(), ...marketFilters });

const DetailQuery = z.object({ date: dateParam.optional() });

const IdParam = z.object({
  id: z.coerce.number().int().min(1, 'must be a market id').max(2_147_483_647, 'is not a market id (too large)'),
});

/** /api/markets: roadside markets (马路市场) and when they meet. */
export function marketsRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .get('/', validate('query', ListQuery), async (c) => {
      const q = c.req.valid('query');
      const f = await resolveMarketFilters(deps.pool, q);
      const date = q.date ?? chinaToday();
      await checkCalendar(deps.pool, [{ param: 'date', from: date, to: date }]);
      const r = await deps.pool.query<{ fc: string }>(LIST_SQL, [date, f.county, f.township, f.statuses, null]);
      return geojson(c, r.rows[0].fc);
    })

    .get('/schedule', validate('query', ListQuery), async (c) => {
      const q = c.req.valid('query');
      const f = await resolveMarketFilters(deps.pool, q);
      const date = q.date ?? chinaToday();
      await checkCalendar(deps.pool, [{ param: 'date', from: date, to: addDays(date, 6) }]);
      const r = await deps.pool.query<{ days: unknown[] }>(SCHEDULE_SQL, [date, f.county, f.township, f.statuses]);
      return c.json({ date, days: r.rows[0].days });
    })

    .get('/:id{[0-9]+}', validate('param', IdParam), validate('query', DetailQuery), async (c) => {
      const { id } = c.req.valid('param');
      const q = c.req.valid('query');
      const date = q.date ?? chinaToday();
      await checkCalendar(deps.pool, [{ param: 'date', from: date, to: date }]);
      const r = await deps.pool.query<{ fc: string }>(LIST_SQL, [date, null, null, null, id]);
      const feature = (JSON.parse(r.rows[0].fc) as { features: { geometry: unknown; properties: Record<string, unknown> }[] }).features[0];
      if (!feature) throw new ApiError('not_found', `No market ${id}`);
      const next = await deps.pool.query<{ days: unknown[] }>(NEXT_DAYS_SQL, [id, date, NEXT_DAYS]);
      return c.json({
        ...feature.properties,
        geometry: feature.geometry,
        nextDays: next.rows[0].days,
      });
    });
}

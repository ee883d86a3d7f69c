import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../lib/app-deps';
import { geojson } from '../lib/geojson-response';
import { sqlFile } from '../lib/sql-file';
import { validate } from '../lib/validate';

const LIST_SQL = sqlFile(new URL('./list.sql', import.meta.url));

const Query = z.object({
  level: z.enum(['city', 'county', 'township'], { message: 'must be one of city, county, township' }).default('county'),
});

export function jurisdictionsRoutes(deps: AppDeps) {
  return new Hono().get('/', validate('query', Query), async (c) => {
    const { level } = c.req.valid('query');
    const r = await deps.pool.query<{ fc: string }>(LIST_SQL, [level]);
    return geojson(c, r.rows[0].fc);
  });
}

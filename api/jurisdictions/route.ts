import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError } from '../lib/api-error';
import type { AppDeps } from '../lib/app-deps';
import { geojson } from '../lib/geojson-response';
import { sqlFile } from '../lib/sql-file';
import { validate } from '../lib/validate';

const LIST_SQL = sqlFile(new URL('./list.sql', import.meta.url));

const Query = z.object({
  level: z.enum(['city', 'county', 'township'], { message: 'must be one of city, county, township' }).default('county'),
  code: z.string().regex(/^\d{6,12}$/, 'a jurisdiction code (371500, 371524, 371524101)').optional(),
});

export function jurisdictionsRoutes(deps: AppDeps) {
  return new Hono().get('/', validate('query', Query), async (c) => {
    const { level, code } = c.req.valid('query');
    const r = await deps.pool.query<{ fc: string; n: number }>(LIST_SQL, [level, code ?? null]);
    if (code && r.rows[0].n === 0) throw ApiError.badParam('code', `no county or township has the code ${code}`, 'unknown');
    return geojson(c, r.rows[0].fc);
  });
}

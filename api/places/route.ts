import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../lib/app-deps';
import { geojson } from '../lib/geojson-response';
import { listParam } from '../lib/query-params';
import { sqlFile } from '../lib/sql-file';
import { validate } from '../lib/validate';

const LIST_SQL = sqlFile(new URL('./list.sql', import.meta.url));
const KINDS = ['county_seat', 'township', 'village'] as const;

/** Label points for the base map: county seats, township points and villages. */
export function placesRoutes(deps: AppDeps) {
  const Query = z.object({ kind: listParam(KINDS).optional() });
  return new Hono().get('/', validate('query', Query), async (c) => {
    const { kind } = c.req.valid('query');
    const r = await deps.pool.query<{ fc: string }>(LIST_SQL, [kind ?? KINDS]);
    return geojson(c, r.rows[0].fc);
  });
}

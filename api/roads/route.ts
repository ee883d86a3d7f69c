import { Hono } from 'hono';
import { z } from 'zod';
import { ROAD_CLASSES } from '@shared/roads/road-classes';
import type { AppDeps } from '../lib/app-deps';
import { geojson } from '../lib/geojson-response';
import { bboxParam, listParam } from '../lib/query-params';
import { sqlFile } from '../lib/sql-file';
import { validate } from '../lib/validate';

const LIST_SQL = sqlFile(new URL('./list.sql', import.meta.url));


export function roadsRoutes(deps: AppDeps) {
  const Query = z.object({ bbox: bboxParam(deps.extent).optional(), class: listParam(ROAD_CLASSES).optional() });
  return new Hono().get('/', validate('query', Query), async (c) => {
    const q = c.req.valid('query');
    const b = q.bbox ?? [null, null, null, null];
    const r = await deps.pool.query<{ fc: string }>(LIST_SQL, [...b, q.class ?? null]);
    return geojson(c, r.rows[0].fc);
  });
}

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
  return new Hono()
    .get('/', validate('query', Query), async (c) => {
      const q = c.req.valid('query');
      const b = q.bbox ?? [null, null, null, null];
      const r = await deps.pool.query<{ fc: string }>(LIST_SQL, [...b, q.class ?? null]);
      return geojson(c, r.rows[0].fc);
    })
    // What the network is: how many of its roads are generated (synthetic), built in (the bundled Natural Earth trunk roads) and imported, the latest import, and its kilometre posts (real and made up, and the roads with real ones).
    .get('/network', async (c) => {
      const r = await deps.pool.query(
        `SELECT count(*)::int AS roads, count(*) FILTER (WHERE synthetic)::int AS synthetic,
                count(*) FILTER (WHERE imported_at IS NOT NULL)::int AS imported,
                count(*) FILTER (WHERE NOT synthetic AND imported_at IS NULL)::int AS "builtIn",
                coalesce(round((sum(ST_Length(geom_m)) FILTER (WHERE imported_at IS NOT NULL) / 1000)::numeric, 1)::float8, 0) AS "importedKm",
                (SELECT json_build_object('file', x.source->>'file', 'by', x.source->>'by', 'at', x.imported_at)
                 FROM roads x WHERE x.imported_at IS NOT NULL ORDER BY x.imported_at DESC, x.id DESC LIMIT 1) AS "lastImport",
                (SELECT json_build_object('imported', count(*) FILTER (WHERE NOT p.synthetic), 'synthetic', count(*) FILTER (WHERE p.synthetic),
                                          'roads', count(DISTINCT p.road_ref) FILTER (WHERE NOT p.synthetic))
                 FROM kilometre_posts p) AS posts
         FROM roads`,
      );
      return c.json(r.rows[0]);
    });
}

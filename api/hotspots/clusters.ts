import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../lib/app-deps';
import { cachedGeojson } from '../lib/geojson-response';
import { withTimeLimit } from '../lib/time-limit';
import { orderedDates } from '../lib/query-params';
import { sqlFile } from '../lib/sql-file';
import { validate } from '../lib/validate';
import { analysisFilters, intParam, limitParam, resolveFilters } from './params';

const CLUSTERS_SQL = sqlFile(new URL('./clusters.sql', import.meta.url));

const ClustersQuery = z
  .object({
    ...analysisFilters,
    eps: intParam(5, 1000, ' m').default(50),
    minPoints: intParam(2, 1000).default(5),
    years: intParam(3, 10, ' years').default(5),
    limit: limitParam,
  })
  .superRefine(orderedDates);

/** GET /clusters: DBSCAN point clusters (事故多发点) with their profile and trend. */
export function clustersRoute(deps: AppDeps) {
  return new Hono().get('/clusters', validate('query', ClustersQuery), async (c) => {
    const q = c.req.valid('query');
    const f = await resolveFilters(deps, q);
    const w = deps.env.EPDO_WEIGHTS;
    const args = [f.from, f.to, q.eps, q.minPoints, f.severity, f.night, f.areas, w.fatal, w.injury, w.pdo, q.years, q.limit];
    return cachedGeojson(c, deps, 'clusters', args, async () =>
      (await withTimeLimit(deps.pool, (client) => client.query<{ fc: string }>(CLUSTERS_SQL, args), 'clustering', 'take a smaller eps, area or window')).rows[0].fc,
    );
  });
}

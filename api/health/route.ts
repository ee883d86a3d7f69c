import { Hono } from 'hono';
import type { AppDeps } from '../lib/app-deps';
import { sqlFile } from '../lib/sql-file';

const HEALTH_SQL = sqlFile(new URL('./health.sql', import.meta.url));

// EPSG:4326 (116 E, 36.4 N) in EPSG:4498, computed independently with PROJ 9: PGlite's PostGIS
// can return empty results instead of errors when PROJ data is missing, so check the numbers.
const PROBE_4498 = { x: 20_410_292.474, y: 4_030_392.339, toleranceM: 1 };

export function healthRoutes(deps: AppDeps) {
  return new Hono().get('/', async (c) => {
    const r = await deps.pool.query(HEALTH_SQL);
    const row = r.rows[0] ?? {};
    const transformOk =
      row.x != null && Math.hypot(row.x - PROBE_4498.x, row.y - PROBE_4498.y) < PROBE_4498.toleranceM;
    const metricOk = row.metric_ok === true;
    const ok = transformOk && metricOk;
    return c.json(
      {
        ok,
        engine: deps.engine,
        postgis: String(row.postgis ?? ''),
        checks: { transform4498: transformOk, metricSrid: metricOk, srid: row.metric_srid },
      },
      ok ? 200 : 503,
    );
  });
}

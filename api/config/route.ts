import { Hono } from 'hono';
import type { AppDeps } from '../lib/app-deps';
import { dataVersions } from '../lib/result-cache';

/** The base map's tables that change while the app runs (an import of roads or boundaries). */
const BASE_DATA_TABLES = ['jurisdictions', 'roads'] as const;

/** What the client needs before it draws: where Liaocheng is, which base layers exist, what is synthetic. */
export function configRoutes(deps: AppDeps) {
  return new Hono().get('/', async (c) => {
    const [minLon, minLat, maxLon, maxLat] = deps.extent;
    const flags = await deps.pool.query<{ accidents: boolean; roads: boolean; townships: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM accidents WHERE synthetic) AS accidents,
              EXISTS (SELECT 1 FROM roads WHERE synthetic) AS roads,
              EXISTS (SELECT 1 FROM jurisdictions WHERE level = 'township' AND approximate) AS townships`,
    );
    const f = flags.rows[0];
    return c.json({
      // Which load of the base map this is: the client puts it in the base data's URLs, so an import
      // is a new URL (fetched) and an unchanged map is the URL a phone kept (served from its cache).
      baseDataVersion: await dataVersions(deps.pool, BASE_DATA_TABLES),
      center: [(minLon + maxLon) / 2, (minLat + maxLat) / 2] as [number, number],
      bounds: deps.extent,
      metricSrid: deps.env.METRIC_SRID,
      // The weights behind every EPDO the UI shows, for its explanation of the term.
      epdoWeights: deps.env.EPDO_WEIGHTS,
      basemap: {
        tiandituKey: deps.env.TIANDITU_KEY ?? null,
        xyzUrl: deps.env.BASEMAP_XYZ_URL ?? null,
        styleUrl: deps.env.BASEMAP_STYLE_URL ?? null,
      },
      data: { accidentsSynthetic: f.accidents, roadsSynthetic: f.roads, townshipAreasApproximate: f.townships },
    });
  });
}

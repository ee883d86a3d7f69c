import type pg from 'pg';
import { marketTowns } from '@data/generator/accidents';
import { loadBase } from '@data/generator/base-data';
import { TEST_SEED } from './global-db';

/**
 * Places for markets that tests write through the API (and so commit to the run's shared
 * database): points of a county at least 2 km inside its boundary and 1.5 km from every market
 * town of the generator (registered or not: tests/api/markets.test.ts checks no market lies near
 * an unregistered one) and from every stored market; with `nearRoad`, within 250 m of a road
 * that is not an expressway (where an import builds a stretch from a point). Such markets are not synthetic, which is how
 * markets.test.ts tells the seeded ones from them.
 */
export async function marketSites(db: pg.Pool | pg.ClientBase, county: string, n: number, seed: number, opts: { nearRoad?: boolean } = {}): Promise<[number, number][]> {
  const towns = marketTowns(loadBase(), TEST_SEED);
  const r = await db.query<{ lon: number; lat: number }>(
    `WITH towns AS (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326), metric_srid()) AS g FROM unnest($3::float8[], $4::float8[]) x(lon, lat)),
     p AS (SELECT (ST_Dump(ST_GeneratePoints(ST_Buffer(geom, -0.02), 400, $2))).geom AS g FROM jurisdictions WHERE code = $1)
     SELECT ST_X(p.g) AS lon, ST_Y(p.g) AS lat FROM p
     WHERE NOT EXISTS (SELECT 1 FROM towns t WHERE ST_DWithin(t.g, ST_Transform(p.g, metric_srid()), 1500))
       AND NOT EXISTS (SELECT 1 FROM markets m WHERE ST_DWithin(m.geom_m, ST_Transform(p.g, metric_srid()), 1500))
       AND (NOT $6 OR EXISTS (SELECT 1 FROM roads r WHERE r.class <> 'expressway' AND ST_DWithin(r.geom_m, ST_Transform(p.g, metric_srid()), 250)))
     ORDER BY ST_X(p.g) LIMIT $5`,
    [county, seed, towns.map((t) => t.point[0]), towns.map((t) => t.point[1]), n, opts.nearRoad ?? false],
  );
  if (r.rows.length < n) throw new Error(`only ${r.rows.length} market sites in ${county}`);
  return r.rows.map((x) => [x.lon, x.lat]);
}

/** A straight line from `at`, `east` and `north` metres long (metric CRS), as GeoJSON in WGS84. */
export async function lineFrom(db: pg.Pool | pg.ClientBase, at: [number, number], east: number, north = 0): Promise<{ type: 'LineString'; coordinates: number[][] }> {
  const r = await db.query<{ g: { type: 'LineString'; coordinates: number[][] } }>(
    `SELECT ST_AsGeoJSON(ST_Transform(ST_MakeLine(o, ST_Translate(o, $3, $4)), 4326), 9)::json AS g
     FROM (SELECT ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), metric_srid()) AS o) x`,
    [at[0], at[1], east, north],
  );
  return r.rows[0].g;
}

/** A market body for POST /api/markets at `at`: 300 m east along, 逢五、十, 06:00–12:00. */
export async function marketBody(db: pg.Pool | pg.ClientBase, at: [number, number], extra: Record<string, unknown> = {}) {
  return { name: '测试集', geometry: await lineFrom(db, at, 300), calendar: 'lunar', days: [5, 10, 15, 20, 25, 30], hours: { from: '06:00', to: '12:00' }, ...extra };
}

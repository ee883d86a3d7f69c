import { generateAccidents, generateBaseWorld } from '@data/generator';
import type { Accident, BaseWorld } from '@data/generator/types';
import type pg from 'pg';
import { UNLIMITED, withTransaction } from '../db/transaction';

export interface SeedProgress {
  step: string;
  done?: number;
  total?: number;
}

export interface SeedOptions {
  seed: number;
  accidents: number;
  /** False: an empty city (DEMO_DATA=0): the real base data only, no generated roads and no synthetic accidents. */
  demo?: boolean;
  onProgress?: (p: SeedProgress) => void;
}

const CITY = { code: '371500', name: '聊城市', nameEn: 'Liaocheng' };

/** True when a completed seed is recorded. A half-finished seed rolled back and left nothing. */
export async function isSeeded(pool: pg.Pool): Promise<boolean> {
  const r = await pool.query(`SELECT 1 FROM app_settings WHERE key = 'seeded_at'`);
  return (r.rowCount ?? 0) > 0;
}

/**
 * Loads the demo world (real boundaries and names, synthetic network and accidents) in one
 * transaction, so an interrupted first start leaves an empty database, never a partial one.
 * Returns the generated world, for the seeds that follow on the same start (the lights stand at
 * its dark spots, and its road network is already built then).
 */
export async function seedWorld(pool: pg.Pool, opts: SeedOptions): Promise<BaseWorld> {
  const progress = opts.onProgress ?? (() => undefined);
  progress({ step: 'generating base world' });
  const world = generateBaseWorld(opts.seed);
  const demo = opts.demo ?? true;
  // Without the demo, the roads are the real ones the world is built on (the Natural Earth trunk roads).
  const roads = demo ? world.roads : world.roads.filter((r) => !r.synthetic);
  await withTransaction(pool, async (client) => {
    progress({ step: 'jurisdictions' });
    await insertJurisdictions(client, world);
    progress({ step: 'township areas (approximate)' });
    await deriveTownshipAreas(client);
    progress({ step: 'villages', total: world.villages.length });
    await insertVillages(client, world);
    progress({ step: demo ? 'roads' : 'roads (built-in trunk roads only: an empty city)', total: roads.length });
    await insertRoads(client, roads);
    progress({ step: 'road routes' });
    await client.query('SELECT rebuild_road_routes()');
    await client.query('SELECT seed_kilometre_posts()');
    let done = 0;
    for (const batch of demo ? generateAccidents(world, { seed: opts.seed, count: opts.accidents }) : []) {
      await insertAccidents(client, batch, true);
      done += batch.length;
      progress({ step: 'accidents (synthetic)', done, total: opts.accidents });
    }
    await client.query(`INSERT INTO app_settings (key, value) VALUES ('seeded_at', now()::text), ('seed', $1), ('demo_data', $2)`, [String(opts.seed), demo ? '1' : '0']);
  }, UNLIMITED);
  progress({ step: 'analysing tables' });
  // VACUUM too: it marks the pages all-visible, so the covering indexes serve index-only scans.
  await pool.query('VACUUM ANALYZE');
  return world;
}

async function insertJurisdictions(client: pg.PoolClient, world: BaseWorld) {
  const population = world.counties.reduce((s, c) => s + c.population2023, 0);
  await client.query(
    `INSERT INTO jurisdictions (code, level, name, name_en, population) VALUES ($1, 'city', $2, $3, $4)`,
    [CITY.code, CITY.name, CITY.nameEn, population],
  );
  await client.query(
    `INSERT INTO jurisdictions (code, level, name, name_en, parent_code, population, anchor, geom)
     SELECT code, 'county', name, name_en, $1, population,
            ST_SetSRID(ST_MakePoint(lon, lat), 4326),
            ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(geojson), 4326)), 3))
     FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::float8[], $7::float8[], $8::text[])
       AS t(code, name, name_en, population, lon, lat, geojson)`,
    [
      CITY.code,
      world.counties.map((c) => c.code),
      world.counties.map((c) => c.name),
      world.counties.map((c) => c.nameEn),
      world.counties.map((c) => c.population2023),
      world.counties.map((c) => c.seat[0]),
      world.counties.map((c) => c.seat[1]),
      world.counties.map((c) => JSON.stringify(c.geometry)),
    ],
  );
  await client.query(
    `UPDATE jurisdictions SET geom = (SELECT ST_Multi(ST_Union(geom)) FROM jurisdictions WHERE level = 'county')
     WHERE code = $1`,
    [CITY.code],
  );
  await client.query(
    `INSERT INTO jurisdictions (code, level, name, parent_code, approximate, anchor)
     SELECT code, 'township', name, county_code, true,
            CASE WHEN lon IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(lon, lat), 4326) END
     FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[]) AS t(code, name, county_code, lon, lat)`,
    [
      world.townships.map((t) => t.code),
      world.townships.map((t) => t.name),
      world.townships.map((t) => t.countyCode),
      world.townships.map((t) => t.point?.[0] ?? null),
      world.townships.map((t) => t.point?.[1] ?? null),
    ],
  );
}

/**
 * No township boundaries exist in any reachable source: each county is split into the Voronoi
 * cells of its township points (in the metric CRS, so cells are not stretched east-west),
 * clipped to the county. Flagged approximate; a real boundary import replaces them.
 */
async function deriveTownshipAreas(client: pg.PoolClient) {
  await client.query(`
    WITH cells AS (
      SELECT c.code AS county_code, c.geom_m AS county_m,
             (ST_Dump(ST_VoronoiPolygons(ST_Collect(t.anchor_m), 0, c.geom_m))).geom AS cell
      FROM jurisdictions c
      JOIN (SELECT parent_code, ST_Transform(anchor, metric_srid()) AS anchor_m
            FROM jurisdictions WHERE level = 'township' AND anchor IS NOT NULL) t
        ON t.parent_code = c.code
      WHERE c.level = 'county'
      GROUP BY c.code, c.geom_m
    )
    UPDATE jurisdictions t
    SET geom = ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Transform(
                 ST_SetSRID(ST_Intersection(cells.cell, cells.county_m), metric_srid()), 4326)), 3))
    FROM cells
    WHERE t.level = 'township' AND t.parent_code = cells.county_code
      AND ST_Contains(cells.cell, ST_Transform(t.anchor, metric_srid()))`);
}

async function insertVillages(client: pg.PoolClient, world: BaseWorld) {
  const v = world.villages;
  await client.query(
    `INSERT INTO villages (code, name, kind, township_code, county_code, geom)
     SELECT code, name, kind, township_code, county_code, ST_SetSRID(ST_MakePoint(lon, lat), 4326)
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::float8[])
       AS t(code, name, kind, township_code, county_code, lon, lat)`,
    [v.map((x) => x.code), v.map((x) => x.name), v.map((x) => x.kind), v.map((x) => x.townshipCode),
     v.map((x) => x.countyCode), v.map((x) => x.point[0]), v.map((x) => x.point[1])],
  );
}

async function insertRoads(client: pg.PoolClient, roads: BaseWorld['roads']) {
  const chunk = 2000;
  for (let i = 0; i < roads.length; i += chunk) {
    const r = roads.slice(i, i + chunk);
    await client.query(
      // A generated road at its class's usual speed has no speed of its own, as most roads a brigade
      // imports have none: it takes the class default (design_speed_defaults), which admins can change.
      `INSERT INTO roads (id, class, name, ref, design_speed, lit, urban, county_code, synthetic, geom)
       SELECT id, t.class, name, ref, CASE WHEN synthetic AND design_speed = d.speed THEN NULL ELSE design_speed END,
              lit, urban, county_code, synthetic, ST_SetSRID(ST_GeomFromGeoJSON(geojson), 4326)
       FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::int[], $6::bool[], $7::bool[], $8::text[],
                   $9::bool[], $10::text[])
         AS t(id, class, name, ref, design_speed, lit, urban, county_code, synthetic, geojson)
       LEFT JOIN design_speed_defaults d ON d.class = t.class`,
      [r.map((x) => x.id), r.map((x) => x.class), r.map((x) => x.name), r.map((x) => x.ref),
       r.map((x) => x.designSpeed), r.map((x) => x.lit), r.map((x) => x.urban), r.map((x) => x.countyCode),
       r.map((x) => x.synthetic), r.map((x) => JSON.stringify({ type: 'LineString', coordinates: x.coordinates }))],
    );
  }
}

/** Bulk insert through unnest: one statement per batch on both engines (no COPY over pglite-socket). */
export async function insertAccidents(client: pg.ClientBase, batch: Accident[], synthetic: boolean) {
  await client.query(
    `INSERT INTO accidents (external_id, occurred_at, severity, deaths, injuries, vehicle_types, light, weather,
                            road_id, synthetic, geom)
     SELECT external_id, occurred_at, severity, deaths, injuries, string_to_array(vehicles, ','), light, weather,
            road_id, $11, ST_SetSRID(ST_MakePoint(lon, lat), 4326)
     FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::int[], $5::int[], $6::text[], $7::text[], $8::text[],
                 $9::int[], $10::float8[], $12::float8[])
       AS t(external_id, occurred_at, severity, deaths, injuries, vehicles, light, weather, road_id, lon, lat)`,
    [batch.map((a) => a.externalId), batch.map((a) => a.occurredAt), batch.map((a) => a.severity),
     batch.map((a) => a.deaths), batch.map((a) => a.injuries), batch.map((a) => a.vehicleTypes.join(',')),
     batch.map((a) => a.light), batch.map((a) => a.weather), batch.map((a) => a.roadId),
     batch.map((a) => a.lon), synthetic, batch.map((a) => a.lat)],
  );
}

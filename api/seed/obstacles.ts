import { loadBase } from '@data/generator/base-data';
import { marketTowns } from '@data/generator/accidents';
import { MIN_CLEARANCE, planObstacles, type ObstacleJunction, type PlannedObstacle } from '@data/generator/obstacles';
import type pg from 'pg';

type Db = pg.ClientBase | pg.Pool;

const BATCH = 1000;

/**
 * Synthetic obstacles (data/generator/obstacles.ts) at the stored intersections, marked
 * `synthetic` with source 'synthetic'. The plan keeps clear of each junction's legs as straight
 * lines; a footprint that still comes within MIN_CLEARANCE of a real road centreline (a bend, a
 * neighbouring junction) is dropped here. Returns how many were stored. Run it in a transaction.
 */
export async function seedSyntheticObstacles(db: Db, seed: number): Promise<number> {
  const junctions = (
    await db.query<ObstacleJunction>(
      `SELECT i.id, ST_X(i.geom_m) AS x, ST_Y(i.geom_m) AS y,
              json_agg(json_build_object('bearing', a.bearing, 'roadClass', a.road_class, 'roadName', a.road_name,
                                         'standard', a.standard) ORDER BY a.leg) AS legs
       FROM intersections i JOIN approaches a ON a.intersection_id = i.id
       GROUP BY i.id ORDER BY i.id`,
    )
  ).rows;
  const towns = marketTowns(loadBase(), seed);
  const townsM = (
    await db.query<{ x: number; y: number }>(
      `SELECT ST_X(p) AS x, ST_Y(p) AS y
       FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS t(lon, lat, k),
            ST_Transform(ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326), metric_srid()) p
       ORDER BY t.k`,
      [towns.map((t) => t.point[0]), towns.map((t) => t.point[1])],
    )
  ).rows.map((r): [number, number] => [r.x, r.y]);
  // The ledger's clock: the newest accident's day (as the demo hazards), else the generator's default end.
  const last = await db.query<{ d: string | null }>(`SELECT (max(occurred_at) AT TIME ZONE 'Asia/Shanghai')::date::text AS d FROM accidents`);
  const plans = planObstacles(junctions, { seed, lastDay: last.rows[0].d ?? '2026-10-31', marketTowns: townsM });
  let stored = 0;
  for (let i = 0; i < plans.length; i += BATCH) stored += await insertBatch(db, plans.slice(i, i + BATCH));
  return stored;
}

async function insertBatch(db: Db, plans: PlannedObstacle[]): Promise<number> {
  const r = await db.query(
    `INSERT INTO obstacles (type, height, source, observed_on, note, synthetic, geom, geom_m)
     SELECT o.type, o.height, 'synthetic', o.observed_on, o.note, true, ST_Transform(o.g, 4326), o.g
     FROM (
       SELECT t.*, ST_GeomFromText(t.wkt, metric_srid()) AS g
       FROM unnest($1::text[], $2::numeric[], $3::date[], $4::text[], $5::text[]) WITH ORDINALITY AS t(type, height, observed_on, note, wkt, k)
     ) o
     WHERE NOT EXISTS (SELECT 1 FROM roads r WHERE ST_DWithin(r.geom_m, o.g, $6))
     ORDER BY o.k`,
    [
      plans.map((p) => p.type),
      plans.map((p) => p.height),
      plans.map((p) => p.observedOn),
      plans.map((p) => p.note),
      plans.map((p) => `POLYGON((${p.ring.map(([x, y]) => `${x} ${y}`).join(', ')}))`),
      MIN_CLEARANCE,
    ],
  );
  return r.rowCount ?? 0;
}

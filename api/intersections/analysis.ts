import type pg from 'pg';
import type { RoadClass } from '@shared/roads/road-classes';
import { sqlFile } from '../lib/sql-file';

const NETWORK_SQL = sqlFile(new URL('./network.sql', import.meta.url));
const ANALYSE_SQL = sqlFile(new URL('./analyse.sql', import.meta.url));
const SUMMARY_SQL = sqlFile(new URL('./summary.sql', import.meta.url));

/** Road ends and crossings this close (m) are one node. */
export const NODE_TOLERANCE_M = 3;
/** A road's bearing out of a node is measured to the point this far (m) along it. */
export const BEARING_SAMPLE_M = 15;

type Db = pg.ClientBase | pg.Pool;

/**
 * Rebuilds the intersections and their approaches from `roads` (after a network import); the
 * sight triangles go with them, so `analyseSight` follows. Returns how many intersections.
 */
export async function buildNetwork(db: Db): Promise<number> {
  await db.query('DELETE FROM sight_triangles');
  await db.query('DELETE FROM approaches');
  await db.query('DELETE FROM intersections');
  await db.query(NETWORK_SQL, [NODE_TOLERANCE_M, BEARING_SAMPLE_M]);
  return (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM intersections')).rows[0].n;
}

/**
 * One analysis at a time, until its transaction ends: an obstacle edit during a whole-city run
 * waits, then reads the run's triangles (and the run sees an edit committed before it). Whoever
 * also locks tables takes this first.
 */
export async function lockSightAnalysis(db: Db) {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('changan.sight_analysis'))`);
}

export interface SightSummary {
  /** Intersections analysed. */
  intersections: number;
  deficient: number;
}

/**
 * Measures the sight triangles of every intersection, or, given `area` (a GeoJSON geometry in
 * WGS84, e.g. an obstacle before and after an edit), of those whose triangles could reach it.
 * Run it in a transaction: the old triangles are replaced, and other analyses wait for its end.
 */
export async function analyseSight(db: Db, area: GeoJSON.Geometry | null = null): Promise<SightSummary> {
  await lockSightAnalysis(db);
  // The farthest any triangle reaches: the longest leg the current settings require.
  const reach = (
    await db.query<{ m: number | null }>(
      `SELECT max(required_sight_distance(s.method, a.standard, a.design_speed, s.gap_seconds))::float8 AS m
       FROM approaches a, sight_settings s`,
    )
  ).rows[0].m ?? 0;
  const areaM = area
    ? (await db.query<{ g: string }>(`SELECT ST_AsEWKT(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), metric_srid())) AS g`, [JSON.stringify(area)])).rows[0].g
    : null;
  const params = [areaM, reach];
  await db.query(
    `DELETE FROM sight_triangles WHERE intersection_id IN (
       SELECT id FROM intersections WHERE $1::geometry IS NULL OR ST_DWithin(geom_m, $1::geometry, $2))`,
    params,
  );
  await db.query(ANALYSE_SQL, params);
  await db.query(SUMMARY_SQL, params);
  await db.query('SELECT grade_sight($1::geometry, $2)', params);
  const r = await db.query<SightSummary>(
    `SELECT count(*)::int AS intersections, count(*) FILTER (WHERE deficient)::int AS deficient
     FROM intersections WHERE $1::geometry IS NULL OR ST_DWithin(geom_m, $1::geometry, $2)`,
    params,
  );
  return r.rows[0];
}

/**
 * Grades every deficient intersection again from what is stored (shortfalls, speeds) and the
 * accidents now on record, without measuring the triangles again: after accidents change.
 */
export async function gradeSight(db: Db) {
  await lockSightAnalysis(db);
  await db.query('SELECT grade_sight(NULL, 0)');
}

/**
 * New default design speeds by class, for roads without their own; the approaches of such roads
 * take them at once (the intersections stay; `analyseSight` follows).
 */
export async function setDesignSpeedDefaults(db: Db, speeds: Partial<Record<RoadClass, number>>) {
  const entries = Object.entries(speeds);
  if (!entries.length) return;
  await db.query(
    `INSERT INTO design_speed_defaults (class, speed) SELECT * FROM unnest($1::text[], $2::int[])
     ON CONFLICT (class) DO UPDATE SET speed = excluded.speed`,
    [entries.map(([k]) => k), entries.map(([, v]) => v)],
  );
  await db.query(
    `UPDATE approaches a SET design_speed = rs.speed
     FROM road_speeds() rs WHERE rs.road_id = a.road_id AND NOT rs.own AND a.design_speed <> rs.speed`,
  );
}

/** Records a whole-city run (after `analyseSight` without an area) for comparison; `userId` null: the first start. */
export async function recordRun(db: Db, ms: number, userId: number | null) {
  await db.query(
    `INSERT INTO sight_runs (method, gap_seconds, intersections, deficient, severe, moderate, minor, ms, run_by)
     SELECT s.method, s.gap_seconds, count(i.id), count(i.id) FILTER (WHERE i.deficient),
            count(i.id) FILTER (WHERE i.severity = 'severe'), count(i.id) FILTER (WHERE i.severity = 'moderate'),
            count(i.id) FILTER (WHERE i.severity = 'minor'), $1, $2
     FROM sight_settings s LEFT JOIN intersections i ON true
     GROUP BY s.method, s.gap_seconds`,
    [Math.round(ms), userId],
  );
}

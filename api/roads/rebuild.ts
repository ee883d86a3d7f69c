import type pg from 'pg';
import { analyseSight, buildNetwork, recordRun } from '../intersections/analysis';
import { sqlFile } from '../lib/sql-file';

const AFTER_SWAP_SQL = sqlFile(new URL('./after-swap.sql', import.meta.url));

/**
 * Everything derived from the road network, once its roads changed (an import, the demo's removal),
 * in the caller's transaction (which holds the sight analysis' lock): synthetic obstacles no older
 * road passes any more go, gates are put back on a road, the routes are rebuilt and every accident
 * snapped again, synthetic kilometre posts follow the generated routes, the intersections are
 * rebuilt and their sight lines analysed, and the run is recorded.
 */
export async function rebuildFromRoads(tx: pg.ClientBase, started: number, userId: number | null) {
  const after = (await tx.query<{ obstacles: number; gates: number }>(AFTER_SWAP_SQL)).rows[0];
  await tx.query('SELECT rebuild_road_routes()');
  await tx.query('SELECT seed_kilometre_posts()');
  const intersections = await buildNetwork(tx);
  const sight = await analyseSight(tx);
  await recordRun(tx, Date.now() - started, userId);
  return { obstaclesRemoved: after.obstacles, gatesPlaced: after.gates, intersections, deficient: sight.deficient };
}

/** Fresh planner statistics for the tables a rebuild rewrote (after its commit). */
export async function analyseRebuiltTables(db: pg.ClientBase | pg.Pool) {
  await db.query('ANALYZE roads, road_routes, accidents, intersections, approaches, sight_triangles');
}

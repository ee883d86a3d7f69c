import type pg from 'pg';
import { UNLIMITED, withTransaction } from '../db/transaction';
import { lockSightAnalysis } from '../intersections/analysis';
import { analyseRebuiltTables, rebuildFromRoads } from '../roads/rebuild';

/**
 * Removes the demo world once real data is in: every synthetic accident, hazard (with its
 * history), market, school, light, obstacle and generated road, in one transaction (migration
 * 0028's remove_demo_records); then what derives from the roads is rebuilt on what is left.
 * Imported and entered records are untouched; the base data (boundaries, place names, the
 * Natural Earth trunk roads) stays. Nothing is seeded again afterwards (the seeds need the
 * generated roads, and app_settings.demo_data is 0). Returns how many of each went.
 */
export async function removeDemo(pool: pg.Pool, userId: number | null = null) {
  const started = Date.now();
  const result = await withTransaction(pool, async (tx) => {
    await lockSightAnalysis(tx);
    await tx.query('LOCK TABLE roads IN EXCLUSIVE MODE');
    const removed = (await tx.query<{ r: Record<string, number> }>('SELECT remove_demo_records() AS r')).rows[0].r;
    const rebuilt = await rebuildFromRoads(tx, started, userId);
    return { removed, ...rebuilt };
  }, UNLIMITED);
  await analyseRebuiltTables(pool);
  return { ...result, ms: Date.now() - started };
}

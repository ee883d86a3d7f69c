import type pg from 'pg';
import { UNLIMITED, withTransaction } from '../db/transaction';
import { analyseSight, buildNetwork, lockSightAnalysis, recordRun } from '../intersections/analysis';
import { seedSyntheticObstacles } from './obstacles';
import type { SeedProgress } from './seed-world';

/**
 * First start (or a database from before the sight-line analysis): the network's intersections,
 * synthetic obstacles when the network is the generated one and no obstacle has been entered, and
 * the analysis, in one transaction, so an interrupted start leaves no intersections and the next
 * one tries again. Does nothing once intersections exist.
 */
export async function ensureSightLines(pool: pg.Pool, seed: number, onProgress: (p: SeedProgress) => void = () => undefined) {
  if ((await pool.query(`SELECT 1 FROM intersections LIMIT 1`)).rowCount) return;
  onProgress({ step: 'finding intersections' });
  await withTransaction(pool, async (client) => {
    // Two servers starting on one fresh database: the second waits here, then finds the work done.
    await lockSightAnalysis(client);
    await client.query('LOCK TABLE intersections IN EXCLUSIVE MODE');
    if ((await client.query(`SELECT 1 FROM intersections LIMIT 1`)).rowCount) return;
    const built = await buildNetwork(client);
    onProgress({ step: `intersections (${built.toLocaleString('en')})` });
    if (!built) return;
    const seedObstacles = (
      await client.query<{ ok: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM roads WHERE synthetic) AND NOT EXISTS (SELECT 1 FROM obstacles) AS ok`,
      )
    ).rows[0].ok;
    if (seedObstacles) {
      // The world's own seed, so the obstacles' market towns are the accidents' (env.SEED may have changed since).
      const stored = (await client.query<{ value: string }>(`SELECT value FROM app_settings WHERE key = 'seed'`)).rows[0];
      const n = await seedSyntheticObstacles(client, stored ? Number(stored.value) : seed);
      onProgress({ step: `obstacles (synthetic): ${n.toLocaleString('en')}` });
    }
    const started = Date.now();
    const { deficient } = await analyseSight(client);
    await recordRun(client, Date.now() - started, null);
    onProgress({ step: `sight lines: ${deficient.toLocaleString('en')} deficient` });
  }, UNLIMITED);
  await pool.query('ANALYZE intersections, approaches, obstacles, sight_triangles');
}

import { loadBase } from '@data/generator/base-data';
import { marketTowns } from '@data/generator/accidents';
import type pg from 'pg';
import { UNLIMITED, withTransaction } from '../db/transaction';
import { sqlFile } from '../lib/sql-file';
import type { SeedProgress } from './seed-world';

const INSERT_MARKETS = sqlFile(new URL('./markets.sql', import.meta.url));
const GENERATOR = 'data/generator/markets.ts';

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * First start (or a database from before markets): the generator's registered market towns as
 * markets, when the roads are the generated ones and no market has been entered, in one transaction
 * with a `create` event each. The towns the generator leaves unregistered are not stored: the
 * accidents still rise on their market days, for a cycle finder to discover. Returns how many were stored.
 */
export async function ensureMarkets(pool: pg.Pool, seed: number, onProgress: (p: SeedProgress) => void = () => undefined): Promise<number> {
  const wanted = await pool.query<{ ok: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM roads WHERE synthetic) AND NOT EXISTS (SELECT 1 FROM markets) AS ok`,
  );
  if (!wanted.rows[0].ok) return 0;
  const stored = await withTransaction(pool, async (client) => {
    // Two servers starting on one fresh database: the second waits here, then finds the markets there.
    await client.query('LOCK TABLE markets IN EXCLUSIVE MODE');
    if ((await client.query(`SELECT 1 FROM markets LIMIT 1`)).rowCount) return 0;
    // The world's own seed, so the markets are the towns whose crashes the accidents raised.
    const s = (await client.query<{ value: string }>(`SELECT value FROM app_settings WHERE key = 'seed'`)).rows[0];
    const worldSeed = s ? Number(s.value) : seed;
    const towns = marketTowns(loadBase(), worldSeed).filter((t) => t.registered);
    const r = await client.query<{ id: number; name: string }>(INSERT_MARKETS, [
      towns.map((t) => t.name),
      towns.map((t) => t.point[0]),
      towns.map((t) => t.point[1]),
      towns.map((t) => `{${t.lunarDays.join(',')}}`),
      towns.map((t) => hhmm(t.hours.from)),
      towns.map((t) => hhmm(t.hours.to)),
      towns.map((t) => t.status),
      towns.map((t) => t.statusOn),
      towns.map((t) => t.relocation?.bearing ?? null),
      towns.map((t) => t.relocation?.distance ?? null),
      towns.map((t) => t.stretchRoads),
      towns.map((t) =>
        t.reported
          ? `synthetic (${GENERATOR}, seed ${worldSeed}): position and hours; name and days as reported, low confidence (${t.reported})`
          : `synthetic (${GENERATOR}, seed ${worldSeed})`,
      ),
    ]);
    await client.query(
      `INSERT INTO market_events (market_id, action, data)
       SELECT m.id, 'create', jsonb_build_object('source', m.source, 'status', m.status, 'statusOn', m.status_on)
       FROM markets m WHERE m.id = ANY ($1::int[]) ORDER BY m.id`,
      [r.rows.map((x) => x.id)],
    );
    return r.rowCount ?? 0;
  }, UNLIMITED);
  if (stored) onProgress({ step: `markets (synthetic): ${stored}` });
  await pool.query('ANALYZE markets');
  return stored;
}

import { generateBaseWorld } from '@data/generator';
import type { BaseWorld } from '@data/generator/types';
import { demoLights } from '@data/generator/lights';
import type pg from 'pg';
import { UNLIMITED, withTransaction } from '../db/transaction';
import type { SeedProgress } from './seed-world';

const GENERATOR = 'data/generator/lights.ts';

/**
 * First start (or a database from before lights): the generator's lights (第一盏灯 in 东阿, 千路万盏
 * flashing lights in 阳谷, a few elsewhere; some of them placebo sites whose crashes it left alone),
 * when the roads are the generated ones and no light has been entered, in one transaction with a
 * `create` event each. The accidents were generated with these lights in place, so a before/after
 * evaluation has something to find. `world`: the one seedWorld generated on this start, if it did
 * (else it is generated again from the stored seed). Returns how many were stored.
 */
export async function ensureLights(pool: pg.Pool, seed: number, onProgress: (p: SeedProgress) => void = () => undefined, world?: BaseWorld): Promise<number> {
  const wanted = await pool.query<{ ok: boolean }>(`SELECT EXISTS (SELECT 1 FROM roads WHERE synthetic) AND NOT EXISTS (SELECT 1 FROM lights) AS ok`);
  if (!wanted.rows[0].ok) return 0;
  const stored = await withTransaction(pool, async (client) => {
    await client.query('LOCK TABLE lights IN EXCLUSIVE MODE');
    if ((await client.query(`SELECT 1 FROM lights LIMIT 1`)).rowCount) return 0;
    const s = (await client.query<{ value: string }>(`SELECT value FROM app_settings WHERE key = 'seed'`)).rows[0];
    const worldSeed = s ? Number(s.value) : seed;
    // The world the accidents were generated on: the lights stand at its dark spots.
    const lights = demoLights(world ?? generateBaseWorld(worldSeed), worldSeed);
    const r = await client.query<{ id: number }>(
      `INSERT INTO lights (type, programme, name, geom, status, status_on, installed_on, installed_by, cost, source, synthetic)
       SELECT type, programme, left(name, 100), ST_SetSRID(ST_MakePoint(lon, lat), 4326), status, status_on, installed_on, installed_by, cost, $10, true
       FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[], $5::text[], $6::date[], $7::date[], $8::text[], $9::numeric[], $11::text[])
         AS t(type, programme, lon, lat, status, status_on, installed_on, installed_by, cost, name)
       RETURNING id`,
      [
        lights.map((l) => l.type), lights.map((l) => l.programme), lights.map((l) => l.lon), lights.map((l) => l.lat),
        lights.map((l) => l.status), lights.map((l) => l.statusOn), lights.map((l) => l.installedOn), lights.map((l) => l.installedBy),
        lights.map((l) => l.cost), `synthetic (${GENERATOR}, seed ${worldSeed})`, lights.map((l) => l.name),
      ],
    );
    await client.query(
      `INSERT INTO light_events (light_id, action, data)
       SELECT l.id, 'create', jsonb_build_object('source', l.source, 'status', l.status, 'installedOn', l.installed_on)
       FROM lights l WHERE l.id = ANY ($1::int[]) ORDER BY l.id`,
      [r.rows.map((x) => x.id)],
    );
    return r.rowCount ?? 0;
  }, UNLIMITED);
  if (stored) onProgress({ step: `lights (synthetic): ${stored}` });
  await pool.query('ANALYZE lights');
  return stored;
}

import fs from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { createApp } from '../../api/app';
import { startEmbeddedServer } from '../../api/db/engine';
import { migrate } from '../../api/db/migrate';
import { loadEnv } from '../../api/env';
import { ResultCache } from '../../api/lib/result-cache';
import { ensureDemoAccounts, ensureUnits } from '../../api/seed/accounts';
import { ensureCalendar } from '../../api/seed/calendar';
import { seedDemoHazards } from '../../api/seed/demo-hazards';
import { ensureLights } from '../../api/seed/lights';
import { ensureMarkets } from '../../api/seed/markets';
import { ensureSchools } from '../../api/seed/schools';
import { ensureSightLines } from '../../api/seed/sight-lines';
import { seedWorld } from '../../api/seed/seed-world';
import { readExtent } from '../../api/start';
import { freshEmbeddedDir } from './embedded-dir';

/**
 * A database of its own, on the run's engine, for tests that change what every other test reads
 * (the whole road network): native PostgreSQL gets a new database on the test server, the embedded
 * engine a second PGlite (~4 s, on a copy of the run's initialised folder). Migrated and seeded with the generated world (few accidents),
 * units and the demo accounts, or with `demo: false` the empty city (DEMO_DATA=0); with `full`,
 * everything else a first start seeds too (intersections and their analysis, synthetic obstacles,
 * markets, lights, hazards, schools). Dropped by `close`; `url` serves `startApp`.
 */
export async function privateWorld(opts: { accidents?: number; seed?: number; demo?: boolean; full?: boolean } = {}) {
  const info = inject('db');
  let pool: pg.Pool;
  let url: string;
  let drop: () => Promise<void>;
  if (info.engine === 'postgres') {
    const name = `changan_private_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: info.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const u = new URL(info.url);
    u.pathname = `/${name}`;
    url = u.toString();
    pool = new pg.Pool({ connectionString: url, max: 4 });
    drop = async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
  } else {
    const dir = await freshEmbeddedDir('changan-private-');
    const server = await startEmbeddedServer(dir);
    pool = new pg.Pool({ host: server.socketDir, port: server.port, user: 'postgres', database: 'postgres', max: 4 });
    url = `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(server.socketDir)}&port=${server.port}`;
    drop = async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  await migrate(pool);
  const seed = opts.seed ?? 7;
  const world = await seedWorld(pool, { seed, accidents: opts.accidents ?? 300, demo: opts.demo ?? true });
  await ensureUnits(pool);
  await ensureDemoAccounts(pool);
  if (opts.full) {
    // As a first start does, in its order.
    await ensureCalendar(pool);
    await ensureSightLines(pool, seed);
    await ensureMarkets(pool, seed);
    await ensureLights(pool, seed, undefined, world);
    await seedDemoHazards(pool, seed, 60, 20);
    await ensureSchools(pool, seed);
  }
  const db = { pool, engine: info.engine, close: () => pool.end() };
  const app = createApp({ pool, engine: info.engine, env: loadEnv({}), extent: await readExtent(db), cache: new ResultCache() });
  return {
    app,
    pool,
    url,
    close: async () => {
      // A connection still closing when the database is dropped hears "terminating connection": that is expected here.
      pool.on('error', () => undefined);
      await pool.end();
      await new Promise((r) => setTimeout(r, 200));
      await drop();
    },
  };
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { createApp } from '../../api/app';
import { startEmbeddedServer } from '../../api/db/engine';
import { migrate } from '../../api/db/migrate';
import { loadEnv } from '../../api/env';
import { ResultCache } from '../../api/lib/result-cache';
import { ensureDemoAccounts, ensureUnits } from '../../api/seed/accounts';
import { seedWorld } from '../../api/seed/seed-world';
import { readExtent } from '../../api/start';

/**
 * A database of its own, on the run's engine, for tests that change what every other test reads
 * (the whole road network): native PostgreSQL gets a new database on the test server, the embedded
 * engine a second PGlite (~15 s). Migrated and seeded with the generated world (few accidents),
 * units and the demo accounts; dropped by `close`.
 */
export async function privateWorld(opts: { accidents?: number; seed?: number } = {}) {
  const info = inject('db');
  let pool: pg.Pool;
  let drop: () => Promise<void>;
  if (info.engine === 'postgres') {
    const name = `changan_private_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: info.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(info.url);
    url.pathname = `/${name}`;
    pool = new pg.Pool({ connectionString: url.toString(), max: 4 });
    drop = async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'changan-private-'));
    const server = await startEmbeddedServer(dir);
    pool = new pg.Pool({ host: server.socketDir, port: server.port, user: 'postgres', database: 'postgres', max: 4 });
    drop = async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  await migrate(pool);
  await seedWorld(pool, { seed: opts.seed ?? 7, accidents: opts.accidents ?? 300 });
  await ensureUnits(pool);
  await ensureDemoAccounts(pool);
  const db = { pool, engine: info.engine, close: () => pool.end() };
  const app = createApp({ pool, engine: info.engine, env: loadEnv({}), extent: await readExtent(db), cache: new ResultCache() });
  return {
    app,
    pool,
    close: async () => {
      await pool.end();
      await drop();
    },
  };
}

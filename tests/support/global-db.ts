/**
 * Boots one database for the whole test run (PGlite takes ~15 s and ~1 GB to start): the
 * embedded engine by default, native PostGIS when TEST_DATABASE_URL is set (a fresh throwaway
 * database is created on that server and dropped afterwards). Migrates and seeds a small demo
 * world plus hand-checkable fixtures (and, as a first start does, the sight-line analysis on
 * synthetic obstacles; the calendar), then hands tests the connection through `inject('db')`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedServer, type EmbeddedServer } from '../../api/db/engine';
import { migrate } from '../../api/db/migrate';
import { ensureDemoAccounts, ensureUnits } from '../../api/seed/accounts';
import { ensureCalendar } from '../../api/seed/calendar';
import { ensureLights } from '../../api/seed/lights';
import { ensureMarkets } from '../../api/seed/markets';
import { seedWorld } from '../../api/seed/seed-world';
import { ensureSchools } from '../../api/seed/schools';
import { ensureSightLines } from '../../api/seed/sight-lines';
import { templatePath } from './embedded-dir';
import { insertFixtures } from './fixtures';

export interface TestDbInfo {
  engine: 'pglite' | 'postgres';
  /** pg connection config for test pools. */
  connection: pg.PoolConfig;
  /** The same as a connection string, for `startApp({ databaseUrl })` (a unix socket for PGlite). */
  url: string;
  /** The embedded engine's data folder (locked while the run lasts). */
  dataDir?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    db: TestDbInfo;
  }
}

export const TEST_SEED = 7;
export const TEST_ACCIDENTS = 3000;

export default async function setup(project: TestProject) {
  let info: TestDbInfo;
  let teardown: () => Promise<void>;
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `changan_test_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    info = { engine: 'postgres', connection: { connectionString: u.toString() }, url: u.toString() };
    teardown = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  } else {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'changan-test-'));
    const server: EmbeddedServer = await startEmbeddedServer(dataDir);
    info = {
      engine: 'pglite',
      dataDir,
      connection: { host: server.socketDir, port: server.port, user: 'postgres', database: 'postgres' },
      url: `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(server.socketDir)}&port=${server.port}`,
    };
    teardown = async () => {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(templatePath(dataDir), { recursive: true, force: true });
    };
  }

  const pool = new pg.Pool({ ...info.connection, max: 4 });
  try {
    await migrate(pool);
    const world = await seedWorld(pool, { seed: TEST_SEED, accidents: TEST_ACCIDENTS });
    await insertFixtures(pool);
    // As every start does, after the accidents (the fixtures' 2005 is the earliest year).
    await ensureCalendar(pool);
    // As a first start does: intersections, synthetic obstacles, the analysis (startApp would race for it otherwise).
    await ensureSightLines(pool, TEST_SEED);
    // As a first start does: the generator's registered market towns.
    await ensureMarkets(pool, TEST_SEED);
    await ensureLights(pool, TEST_SEED, undefined, world);
    // Units and the demo accounts on both engines (native starts create them only with SEED_DEMO=1).
    await ensureUnits(pool);
    await ensureDemoAccounts(pool);
    // As startApp does after the accounts: the synthetic schools, gates, guard posts and audits.
    await ensureSchools(pool, TEST_SEED);
  } catch (err) {
    await pool.end();
    await teardown();
    throw err;
  }
  await pool.end();
  project.provide('db', info);
  return teardown;
}

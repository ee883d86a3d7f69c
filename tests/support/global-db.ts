/**
 * Boots one database for the whole test run (PGlite takes ~15 s and ~1 GB to start): the
 * embedded engine by default, native PostGIS when TEST_DATABASE_URL is set (a fresh throwaway
 * database is created on that server and dropped afterwards). Migrates and seeds a small demo
 * world plus hand-checkable fixtures (and, as a first start does, the sight-line analysis on
 * synthetic obstacles; the calendar), then hands tests the connection through `inject('db')`.
 */
import { createHash } from 'node:crypto';
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

/** The test world, on a migrated or empty database: what every run's tests read. */
async function seedTestWorld(connection: pg.PoolConfig): Promise<void> {
  const pool = new pg.Pool({ ...connection, max: 4 });
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
  } finally {
    await pool.end();
  }
}

const embeddedConnection = (server: EmbeddedServer): pg.PoolConfig => ({ host: server.socketDir, port: server.port, user: 'postgres', database: 'postgres' });

/**
 * `TEST_DB_CACHE` (a folder, set by .ci/run for one CI run): the seeded world is built once there
 * per engine and every vitest run of the CI copies it, since the CI runs the API files and the
 * browser files of each engine as runs of their own. Embedded: a stopped data folder, copied;
 * native: a template database, copied by CREATE DATABASE … TEMPLATE. Without it, each run seeds
 * its own database, as before.
 *
 * Kept in a subfolder named by a hash of what builds the world (the API's code and SQL, the base
 * data, the test support code): a folder kept between runs on a developer's machine is never a
 * world seeded by older migrations or generators.
 */
const cacheDir = process.env.TEST_DB_CACHE ? path.join(process.env.TEST_DB_CACHE, worldHash()) : undefined;

function worldHash(): string {
  const root = path.resolve(import.meta.dirname, '../..');
  const hash = createHash('sha256');
  for (const dir of ['api', 'data', 'shared', 'tests/support']) {
    const files = fs.readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name))
      .sort();
    for (const file of files) hash.update(path.relative(root, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

async function seededEmbeddedDir(dataDir: string): Promise<void> {
  const seeded = path.join(cacheDir!, 'embedded');
  const ready = path.join(cacheDir!, 'embedded.ready');
  if (!fs.existsSync(ready)) {
    fs.rmSync(seeded, { recursive: true, force: true });
    fs.mkdirSync(seeded, { recursive: true });
    const server = await startEmbeddedServer(seeded);
    try {
      await seedTestWorld(embeddedConnection(server));
    } finally {
      await server.stop();
    }
    // Written last: a run cut short leaves no half-seeded folder to copy.
    fs.writeFileSync(ready, '');
  }
  fs.cpSync(seeded, dataDir, { recursive: true });
}

/** The native template's name, seeded once per cache folder (its name is written there when done). */
async function seededNativeTemplate(url: string): Promise<string> {
  fs.mkdirSync(cacheDir!, { recursive: true });
  const marker = path.join(cacheDir!, 'native-template');
  if (fs.existsSync(marker)) return fs.readFileSync(marker, 'utf8').trim();
  const template = `changan_template_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${template}`);
  } finally {
    await admin.end();
  }
  const u = new URL(url);
  u.pathname = `/${template}`;
  await seedTestWorld({ connectionString: u.toString() });
  fs.writeFileSync(marker, template);
  return template;
}

export default async function setup(project: TestProject) {
  let info: TestDbInfo;
  let teardown: () => Promise<void>;
  let seeded = false;
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `changan_test_${process.pid}_${Date.now()}`;
    const template = cacheDir ? await seededNativeTemplate(url) : null;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
    if (template) {
      // A copy does not take the template's own settings (the migrations' jit = off, work_mem): set them again.
      const settings = await admin.query<{ setting: string }>(
        `SELECT unnest(setconfig) AS setting FROM pg_db_role_setting WHERE setrole = 0 AND setdatabase = (SELECT oid FROM pg_database WHERE datname = $1)`,
        [template],
      );
      for (const { setting } of settings.rows) {
        const [key, ...value] = setting.split('=');
        await admin.query(`ALTER DATABASE ${name} SET ${key} = '${value.join('=').replace(/'/g, "''")}'`);
      }
    }
    await admin.end();
    seeded = !!template;
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
    if (cacheDir) {
      await seededEmbeddedDir(dataDir);
      seeded = true;
    }
    const server: EmbeddedServer = await startEmbeddedServer(dataDir);
    info = {
      engine: 'pglite',
      dataDir,
      connection: embeddedConnection(server),
      url: `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(server.socketDir)}&port=${server.port}`,
    };
    teardown = async () => {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(templatePath(dataDir), { recursive: true, force: true });
    };
  }

  if (!seeded) {
    try {
      await seedTestWorld(info.connection);
    } catch (err) {
      await teardown();
      throw err;
    }
  }
  project.provide('db', info);
  return teardown;
}

import { serve } from '@hono/node-server';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createApp } from './app';
import { backupDir, backupFileName, dumpNative, pruneBackups, requestBackup } from './db/backup';
import { openDatabase, type Database } from './db/engine';
import { applyMetricSrid } from './db/metric-srid';
import { migrate } from './db/migrate';
import { loadEnv, type Env } from './env';
import type { BBox } from './lib/app-deps';
import { tlsFor, type Tls } from './lib/tls';
import { DEMO_PASSWORD, ensureDemoAccounts, ensureUnits } from './seed/accounts';
import { ensureCalendar } from './seed/calendar';
import { seedDemoHazards } from './seed/demo-hazards';
import { ensureLights } from './seed/lights';
import { ensureMarkets } from './seed/markets';
import { isSeeded, seedWorld, type SeedProgress } from './seed/seed-world';
import { ensureSchools } from './seed/schools';
import { ensureSightLines } from './seed/sight-lines';

/**
 * Options for starting the whole app in-process. Tests pass `databaseUrl: inject('db').url`
 * (the run's shared, already seeded database: embedded or native) and `port: 0`.
 */
export interface StartOptions {
  env?: Partial<Env>;
  /** Shorthands for env fields, as tests use them. */
  port?: number;
  dataDir?: string;
  databaseUrl?: string;
  staticDir?: string;
  onProgress?: (p: SeedProgress) => void;
  /** The embedded database process died on its own (crash, out of memory, killed); it is started again in retryInMs. */
  onEngineExit?: (how: string, retryInMs: number) => void;
  onEngineRestart?: () => void;
}

export interface RunningApp {
  url: string;
  port: number;
  /** The certificate served, when HTTPS (api/lib/tls.ts). */
  tls: Tls | null;
  db: Database;
  close: () => Promise<void>;
}

export async function readExtent(db: Database): Promise<BBox> {
  const r = await db.pool.query(
    `SELECT ST_XMin(e) AS a, ST_YMin(e) AS b, ST_XMax(e) AS c, ST_YMax(e) AS d
     FROM (SELECT ST_Extent(geom)::geometry AS e FROM jurisdictions WHERE level = 'county') t`,
  );
  const { a, b, c, d } = r.rows[0];
  if (a == null) throw new Error('No county boundaries in the database: the seed did not run.');
  return [a, b, c, d];
}

/** Opens, migrates and (first time) seeds the database, then serves the app. */
export async function prepareDatabase(
  env: Env,
  onProgress: (p: SeedProgress) => void = () => undefined,
  engine: Pick<StartOptions, 'onEngineExit' | 'onEngineRestart'> = {},
) {
  onProgress({ step: env.DATABASE_URL ? 'connecting to PostgreSQL' : 'starting embedded PostGIS (PGlite)' });
  const db = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    onEngineExit: engine.onEngineExit,
    onEngineRestart: engine.onEngineRestart,
  });
  try {
    onProgress({ step: 'migrating' });
    await migrate(db.pool);
    await applyMetricSrid(db.pool, env.METRIC_SRID);
    const world = (await isSeeded(db.pool)) ? undefined : await seedWorld(db.pool, { seed: env.SEED, accidents: env.SEED_ACCIDENTS, demo: env.DEMO_DATA === '1', onProgress });
    const days = await ensureCalendar(db.pool);
    if (days) onProgress({ step: `calendar (${days.toLocaleString('en')} days)` });
    await ensureSightLines(db.pool, env.SEED, onProgress);
    await ensureMarkets(db.pool, env.SEED, onProgress);
    await ensureLights(db.pool, env.SEED, onProgress, world);
    await ensureUnits(db.pool);
    if (env.SEED_DEMO === '1' || (env.SEED_DEMO === undefined && !env.DATABASE_URL)) {
      const created = await ensureDemoAccounts(db.pool);
      if (created.length) onProgress({ step: `demo accounts (${created.length}, password ${DEMO_PASSWORD}; see README)` });
      const hazards = await seedDemoHazards(db.pool, env.SEED);
      if (hazards) onProgress({ step: `hazard ledger (synthetic): ${hazards}` });
    }
    // After the demo accounts: the synthetic audits are signed by the county's demo officer when there is one.
    await ensureSchools(db.pool, env.SEED, onProgress);
    return db;
  } catch (err) {
    await db.close();
    throw err;
  }
}

export async function startApp(opts: StartOptions = {}): Promise<RunningApp> {
  const base = loadEnv();
  const env: Env = {
    ...base,
    ...opts.env,
    ...(opts.port !== undefined && { PORT: opts.port }),
    ...(opts.dataDir !== undefined && { DATA_DIR: opts.dataDir }),
    ...(opts.databaseUrl !== undefined && { DATABASE_URL: opts.databaseUrl }),
  };
  const db = await prepareDatabase(env, opts.onProgress, opts);
  const extent = await readExtent(db);
  const app = createApp({ pool: db.pool, engine: db.engine, env, extent }, { staticDir: opts.staticDir });
  const tls = await tlsFor(env).catch(async (err) => {
    await db.close();
    throw err;
  });
  // Requests still being answered, so that closing waits for them before the pool ends (a page
  // closed mid-request leaves its handler running; its query would find the pool gone).
  const answering = new Set<Promise<unknown>>();
  const fetch: typeof app.fetch = (...args) => {
    const answer = Promise.resolve(app.fetch(...args));
    const settled = answer.catch(() => undefined).finally(() => answering.delete(settled));
    answering.add(settled);
    return answer;
  };
  const server = tls
    ? serve({ fetch, port: env.PORT, hostname: env.HOST, createServer: createHttpsServer, serverOptions: { key: tls.key, cert: tls.cert } })
    : serve({ fetch, port: env.PORT, hostname: env.HOST });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', () => resolve());
      server.once('error', (err: NodeJS.ErrnoException) =>
        reject(
          new Error(
            err.code === 'EADDRINUSE'
              ? `Port ${env.PORT} on ${env.HOST} is already in use: stop what uses it, or set PORT to another port.`
              : `Cannot listen on ${env.HOST}:${env.PORT}: ${err.message}`,
          ),
        ),
      );
    });
  } catch (err) {
    await db.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const stopBackups = scheduleBackups(env, db.engine);
  return {
    url: `${tls ? 'https' : 'http'}://${env.HOST}:${port}`,
    tls,
    port,
    db,
    close: async () => {
      stopBackups();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // At most 10 s: a request's own time limit stops it before that.
      await Promise.race([Promise.all(answering), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
      await db.close();
    },
  };
}

/**
 * A backup every BACKUP_EVERY_HOURS while the app runs (none for an in-memory database), the
 * newest BACKUP_KEEP kept. A failure is logged and tried again at the next turn.
 */
function scheduleBackups(env: Env, engine: 'pglite' | 'postgres'): () => void {
  if (env.BACKUP_EVERY_HOURS <= 0 || (engine === 'pglite' && env.DATA_DIR === 'memory://')) return () => undefined;
  const dir = backupDir(env);
  const once = async () => {
    const file = path.join(dir, backupFileName(engine));
    try {
      const bytes = engine === 'pglite' ? await requestBackup(env.DATA_DIR, file) : await dumpNative(env.DATABASE_URL!, file);
      if (bytes === null) throw new Error('the database process does not serve backups (DATA_DIR path too long for its socket?)');
      const removed = pruneBackups(dir, `changan-${engine}-`, env.BACKUP_KEEP);
      console.log(`[backup] ${file} (${(bytes / 1048576).toFixed(1)} MB)${removed.length ? `; removed ${removed.length} older` : ''}`);
    } catch (e) {
      console.error(`[backup] failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const timer = setInterval(() => void once(), env.BACKUP_EVERY_HOURS * 3_600_000);
  timer.unref();
  return () => clearInterval(timer);
}

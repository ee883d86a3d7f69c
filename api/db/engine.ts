import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { READ_TIME_LIMIT_MS } from '../lib/time-limit';
import type { EmbeddedMessage } from './embedded-server';

export type EngineName = 'pglite' | 'postgres';

export interface Database {
  pool: pg.Pool;
  engine: EngineName;
  /** The embedded database process now (it changes when it is restarted). */
  embeddedPid?: () => number | null;
  close: () => Promise<void>;
}

export class EngineStartError extends Error {
  constructor(
    message: string,
    readonly code: 'locked' | 'failed',
  ) {
    super(message);
  }
}

// Dates come back as ISO text, not JS Dates in the server's zone; bigint counts as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

const here = path.dirname(fileURLToPath(import.meta.url));

export interface EmbeddedServer {
  /** Directory holding the unix socket; pass as `host` to pg. */
  socketDir: string;
  port: number;
  child: ChildProcess;
  stop: () => Promise<void>;
}

/**
 * Starts the embedded PGlite child process and waits until it accepts connections.
 * `onUnexpectedExit` hears of the child dying on its own (crash, out of memory, killed).
 */
export async function startEmbeddedServer(dataDir: string, onUnexpectedExit?: (how: string) => void, reuseSocketDir?: string): Promise<EmbeddedServer> {
  // A restarted database listens where the last one did, so the pool's connections find it again.
  const socketDir = reuseSocketDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'changan-db-'));
  fs.chmodSync(socketDir, 0o700);
  const port = 5432;
  const socketPath = path.join(socketDir, `.s.PGSQL.${port}`);
  // A socket file left by a database process that was killed.
  fs.rmSync(socketPath, { force: true });
  const child = fork(path.join(here, 'embedded-server.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, CHANGAN_EMBEDDED_DIR: dataDir, CHANGAN_EMBEDDED_SOCKET: socketPath },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });

  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new EngineStartError(`The embedded database process exited (code ${code}) before it was ready.`, 'failed'));
    child.once('exit', onExit);
    child.on('message', (msg: EmbeddedMessage) => {
      if (msg.type === 'ready') {
        child.off('exit', onExit);
        if (msg.recoveredStaleLockFrom) {
          console.warn(`[db] recovered a stale lock on ${dataDir} left by process ${msg.recoveredStaleLockFrom}`);
        }
        resolve();
      } else if (msg.type === 'error') {
        child.off('exit', onExit);
        reject(new EngineStartError(msg.message, msg.code));
      }
    });
  });

  let stopping = false;
  child.once('exit', (code, signal) => {
    if (reuseSocketDir) fs.rmSync(socketPath, { force: true });
    else if (stopping || !onUnexpectedExit) fs.rmSync(socketDir, { recursive: true, force: true });
    if (!stopping) onUnexpectedExit?.(`code ${code ?? '-'}, signal ${signal ?? '-'}`);
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { socketDir, port, child, stop };
}

/**
 * Settings of every connection to native PostgreSQL: JIT costs ~2 s per analysis query and saves
 * nothing at this size (migration 0006); sorts of 100k+ rows spill to disk at the default work_mem
 * (0007); a read stops after READ_TIME_LIMIT_MS (writes and analyses set their own, per
 * transaction); a transaction left idle (a client bug) lets go of its locks after a minute.
 */
export const NATIVE_SESSION_OPTIONS = `-c jit=off -c work_mem=32MB -c statement_timeout=${READ_TIME_LIMIT_MS} -c idle_in_transaction_session_timeout=60000`;

export function createPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool({ max: 8, ...config });
  // An idle client losing its connection must not crash the process.
  pool.on('error', (err) => console.error('[db] idle client error:', err.message));
  return pool;
}

/** PGlite is PostgreSQL compiled to WebAssembly; its version string says so. */
export async function detectEngine(pool: pg.Pool): Promise<EngineName> {
  const r = await pool.query<{ v: string }>('SELECT version() AS v');
  return /emscripten|emcc|wasm/i.test(r.rows[0].v) ? 'pglite' : 'postgres';
}

/** Opens the database the environment asks for: native when a URL is given, embedded otherwise. */
export async function openDatabase(opts: {
  databaseUrl?: string;
  dataDir: string;
  /** The embedded database process stopped on its own; it is started again in `retryInMs`. */
  onEngineExit?: (how: string, retryInMs: number) => void;
  onEngineRestart?: () => void;
}): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = createPool({ connectionString: opts.databaseUrl, options: NATIVE_SESSION_OPTIONS });
    // A URL may also point at an embedded server's socket (the tests do): ask, don't assume.
    const engine = await detectEngine(pool).catch(async (err: Error) => {
      await pool.end();
      throw new EngineStartError(`Cannot reach the database at DATABASE_URL: ${err.message}`, 'failed');
    });
    return { pool, engine, close: () => pool.end() };
  }
  // Supervised: a database process that dies (killed, out of memory) is started again on the same
  // socket after 1, 2, 4 … 30 s (back to 1 s once it has run a minute); meanwhile queries fail and
  // the API answers 503 with Retry-After (lib/db-errors.ts). What was committed is in the folder.
  let stopped = false;
  let failures = 0;
  let upSince = Date.now();
  const restart = async (): Promise<void> => {
    if (stopped) return;
    try {
      server = await startEmbeddedServer(opts.dataDir, onExit, server.socketDir);
      upSince = Date.now();
      opts.onEngineRestart?.();
    } catch (e) {
      onExit(`restart failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const onExit = (how: string) => {
    if (stopped) return;
    failures = Date.now() - upSince > 60_000 ? 0 : failures + 1;
    const retryInMs = Math.min(30_000, 1000 * 2 ** Math.max(0, failures - 1));
    opts.onEngineExit?.(how, retryInMs);
    setTimeout(() => void restart(), retryInMs).unref();
  };
  let server = await startEmbeddedServer(opts.dataDir, onExit);
  const pool = createPool({ host: server.socketDir, port: server.port, user: 'postgres', database: 'postgres' });
  return {
    pool,
    engine: 'pglite',
    embeddedPid: () => server.child.pid ?? null,
    close: async () => {
      stopped = true;
      await pool.end();
      await server.stop();
      fs.rmSync(server.socketDir, { recursive: true, force: true });
    },
  };
}

/**
 * Backups of either engine, taken through the database:
 * - embedded (PGlite): the data folder as PGlite itself writes it out (dumpDataDir, a gzipped
 *   tar), after a CHECKPOINT and while no query runs, by the process that owns the database: the
 *   running app's database process (asked over its control socket in DATA_DIR), or this process
 *   when the app is not running. Restored into a folder that holds no database yet.
 * - native (DATABASE_URL): pg_dump's custom format, restored with pg_restore into an empty
 *   database.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import type { PGlite } from '@electric-sql/pglite';

const run = promisify(execFile);

/** The running database process listens here for `{"backup": file}` (a line of JSON). */
export const controlSocketPath = (dataDir: string) => path.join(dataDir, 'control.sock');

/** A unix socket path longer than this does not bind on Linux. */
const MAX_SOCKET_PATH = 107;

export class BackupError extends Error {}

/** Writes `bytes` to `file` whole or not at all (a half-written backup is worse than none). */
function writeWhole(file: string, bytes: Uint8Array) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  fs.writeFileSync(partial, bytes);
  fs.renameSync(partial, file);
}

/** The embedded database's folder as a gzipped tar, taken between queries; the bytes written. */
export async function dumpEmbedded(db: PGlite, file: string): Promise<number> {
  await db.exec('CHECKPOINT');
  // PGlite's own query lock, held while the folder is read, when this version exposes it.
  const exclusive = (db as unknown as { _runExclusiveQuery?: <T>(fn: () => Promise<T>) => Promise<T> })._runExclusiveQuery?.bind(db);
  const blob = await (exclusive ? exclusive(() => db.dumpDataDir('gzip')) : db.dumpDataDir('gzip'));
  const bytes = new Uint8Array(await blob.arrayBuffer());
  writeWhole(file, bytes);
  return bytes.length;
}

/**
 * Serves backups of `db` on the control socket of `dataDir` (the running app's database process).
 * Returns a stop function, or null when the path is too long for a socket (backups then need the
 * app stopped).
 */
export function serveBackups(db: PGlite, dataDir: string): (() => void) | null {
  const file = controlSocketPath(dataDir);
  if (file.length > MAX_SOCKET_PATH) return null;
  fs.rmSync(file, { force: true });
  let queue: Promise<void> = Promise.resolve();
  const server = net.createServer((socket) => {
    let text = '';
    let asked = false;
    socket.on('data', (d) => {
      text += d.toString('utf8');
      if (asked || !text.includes('\n')) {
        if (text.length > 10_000) socket.destroy();
        return;
      }
      asked = true;
      const line = text.slice(0, text.indexOf('\n'));
      const answer = (async () => {
        try {
          const ask = JSON.parse(line) as { backup?: unknown };
          if (typeof ask.backup !== 'string' || !path.isAbsolute(ask.backup)) throw new Error('send {"backup": "/absolute/path"}');
          const bytes = await dumpEmbedded(db, ask.backup);
          return { ok: true, bytes };
        } catch (e) {
          return { ok: false, error: e instanceof Error ? e.message : String(e) };
        }
      });
      // One backup at a time.
      queue = queue.then(async () => {
        socket.end(`${JSON.stringify(await answer())}\n`);
      });
    });
    socket.on('error', () => socket.destroy());
  });
  server.listen(file, () => fs.chmodSync(file, 0o600));
  return () => {
    server.close();
    fs.rmSync(file, { force: true });
  };
}

/** Asks the running app's database process for a backup; null when no such process listens. */
export function requestBackup(dataDir: string, file: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(controlSocketPath(dataDir));
    let text = '';
    socket.on('connect', () => socket.write(`${JSON.stringify({ backup: path.resolve(file) })}\n`));
    socket.on('data', (d) => (text += d.toString('utf8')));
    socket.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ENOENT' || e.code === 'ECONNREFUSED' ? resolve(null) : reject(e)));
    socket.on('close', () => {
      if (!text) return;
      const a = JSON.parse(text) as { ok: boolean; bytes?: number; error?: string };
      if (a.ok) resolve(a.bytes!);
      else reject(new BackupError(`The database process could not back up: ${a.error}`));
    });
  });
}

/** The folder PGlite keeps its database in, under DATA_DIR (as the app opens it). */
export const pgdataOf = (dataDir: string) => path.join(dataDir, 'pgdata');

/**
 * Restores an embedded backup into `dataDir`, which must hold no database yet (a fresh folder, or
 * one whose pgdata the caller has moved aside): PGlite unpacks and opens it, so a file that is not
 * a backup fails here, not at the next start.
 */
export async function restoreEmbedded(file: string, dataDir: string): Promise<void> {
  const target = pgdataOf(dataDir);
  if (fs.existsSync(target) && fs.readdirSync(target).length) throw new BackupError(`${target} already holds a database; restore into a fresh folder or move it aside first`);
  const bytes = fs.readFileSync(file);
  const { PGlite } = await import('@electric-sql/pglite');
  const { postgis } = await import('@electric-sql/pglite-postgis');
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new PGlite(target, { extensions: { postgis }, loadDataDir: new Blob([bytes]) });
  try {
    await db.waitReady;
    await db.query('SELECT 1');
  } catch (e) {
    fs.rmSync(target, { recursive: true, force: true });
    throw new BackupError(`${file} is not an embedded backup this version can open: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    await db.close().catch(() => undefined);
  }
}

/** pg_dump of the database at `url` in its custom format; the bytes written. */
export async function dumpNative(url: string, file: string): Promise<number> {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const partial = `${file}.partial`;
  try {
    await run('pg_dump', ['--format=custom', '--no-owner', '--file', partial, '--dbname', url], { maxBuffer: 16 * 1024 * 1024 });
  } catch (e) {
    fs.rmSync(partial, { force: true });
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    throw new BackupError(err.code === 'ENOENT' ? 'pg_dump is not installed (Debian: apt-get install postgresql-client)' : `pg_dump failed: ${err.stderr?.trim() || err.message}`);
  }
  fs.renameSync(partial, file);
  return fs.statSync(file).size;
}

/** pg_restore of a custom-format dump into the database at `url`, which must be empty. */
export async function restoreNative(file: string, url: string): Promise<void> {
  try {
    await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--dbname', url, file], { maxBuffer: 16 * 1024 * 1024 });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    throw new BackupError(err.code === 'ENOENT' ? 'pg_restore is not installed (Debian: apt-get install postgresql-client)' : `pg_restore failed: ${err.stderr?.trim() || err.message}`);
  }
}

/** Keeps the newest `keep` backups of `dir` whose names start with `prefix`; returns those removed. */
export function pruneBackups(dir: string, prefix: string, keep: number): string[] {
  if (!fs.existsSync(dir)) return [];
  const files = fs.readdirSync(dir).filter((f) => f.startsWith(prefix) && !f.endsWith('.partial')).sort();
  const old = files.slice(0, Math.max(0, files.length - keep));
  for (const f of old) fs.rmSync(path.join(dir, f), { force: true });
  return old;
}

/** changan-pglite-20261203-031500.tar.gz / changan-postgres-….dump: sorting by name sorts by time. */
export function backupFileName(engine: 'pglite' | 'postgres', at = new Date()): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `changan-${engine}-${stamp}${engine === 'pglite' ? '.tar.gz' : '.dump'}`;
}

/** Where backups go: BACKUP_DIR, else DATA_DIR/backups. */
export const backupDir = (env: { BACKUP_DIR?: string; DATA_DIR: string }) => (env.BACKUP_DIR ? path.resolve(env.BACKUP_DIR) : path.join(env.DATA_DIR, 'backups'));

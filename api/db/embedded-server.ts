/**
 * Child process that owns the embedded PGlite + PostGIS database and serves it over the
 * Postgres wire protocol on a private unix socket. PGlite blocks the thread it runs on, so
 * it lives here, away from the HTTP server; the API reaches it through an ordinary `pg` Pool.
 *
 * Protocol with the parent (IPC): it sends {type:'ready'} once listening, or
 * {type:'error', message, code} and exits. It exits when the parent goes away. Backups are asked
 * of it over DATA_DIR/control.sock (backup.ts).
 */
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import path from 'node:path';
import { serveBackups } from './backup';
import { acquireDataDirLock, DataDirLockedError } from './data-dir-lock';
import { guardSession } from './session-guard';

export type EmbeddedMessage =
  | { type: 'ready'; recoveredStaleLockFrom?: number }
  | { type: 'error'; code: 'locked' | 'failed'; message: string };

const send = (msg: EmbeddedMessage) => process.send?.(msg);

async function main() {
  const dataDir = process.env.CHANGAN_EMBEDDED_DIR;
  const socketPath = process.env.CHANGAN_EMBEDDED_SOCKET;
  if (!dataDir || !socketPath) throw new Error('CHANGAN_EMBEDDED_DIR and CHANGAN_EMBEDDED_SOCKET are required');

  const inMemory = dataDir === 'memory://';
  const lock = inMemory ? null : acquireDataDirLock(dataDir);

  let db: PGlite;
  let server: PGLiteSocketServer;
  try {
    db = new PGlite(inMemory ? 'memory://' : path.join(dataDir, 'pgdata'), { extensions: { postgis } });
    await db.waitReady;
    await db.exec('CREATE EXTENSION IF NOT EXISTS postgis');
    server = new PGLiteSocketServer({ db: guardSession(db), path: socketPath, maxConnections: 64 });
    await server.start();
  } catch (err) {
    lock?.release();
    throw err;
  }

  // `npm run backup` while the app runs asks here (DATA_DIR/control.sock).
  const stopBackups = inMemory ? null : serveBackups(db, dataDir);

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    try {
      stopBackups?.();
      await server.stop();
      await db.close();
    } finally {
      lock?.release();
      process.exit(0);
    }
  };
  process.on('disconnect', shutdown);
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  send({ type: 'ready', recoveredStaleLockFrom: lock?.recoveredFrom });
}

main().catch((err: unknown) => {
  const locked = err instanceof DataDirLockedError;
  send({ type: 'error', code: locked ? 'locked' : 'failed', message: err instanceof Error ? err.message : String(err) });
  // Give the IPC message a moment to flush before leaving.
  setTimeout(() => process.exit(1), 50);
});

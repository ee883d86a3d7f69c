/**
 * `npm run backup [-- --out FILE]`: a backup of the database the environment names, taken through
 * the database (api/db/backup.ts). Embedded: asked of the running app's database process, or, when
 * the app is not running, taken by opening DATA_DIR here. Native (DATABASE_URL): pg_dump's custom
 * format. By default into BACKUP_DIR (DATA_DIR/backups) as changan-<engine>-<UTC time>.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BackupError, backupDir, backupFileName, dumpEmbedded, dumpNative, pgdataOf, requestBackup } from '@api/db/backup';
import { acquireDataDirLock, DataDirLockedError } from '@api/db/data-dir-lock';
import { loadEnv } from '@api/env';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

async function main() {
  const env = loadEnv();
  const engine = env.DATABASE_URL ? 'postgres' : 'pglite';
  const out = path.resolve(arg('out') ?? path.join(backupDir(env), backupFileName(engine)));
  let bytes: number | null;
  if (env.DATABASE_URL) bytes = await dumpNative(env.DATABASE_URL, out);
  else {
    if (env.DATA_DIR === 'memory://') throw new BackupError('DATA_DIR is memory://: there is nothing on disk to back up');
    bytes = await requestBackup(env.DATA_DIR, out);
    if (bytes === null) {
      // The app is not running: open the folder here, under its lock.
      if (!fs.existsSync(pgdataOf(env.DATA_DIR))) throw new BackupError(`${env.DATA_DIR} holds no database yet (start the app once)`);
      const lock = acquireDataDirLock(env.DATA_DIR);
      try {
        const { PGlite } = await import('@electric-sql/pglite');
        const { postgis } = await import('@electric-sql/pglite-postgis');
        const db = new PGlite(pgdataOf(env.DATA_DIR), { extensions: { postgis } });
        try {
          bytes = await dumpEmbedded(db, out);
        } finally {
          await db.close();
        }
      } finally {
        lock.release();
      }
    }
  }
  console.log(`backup: ${out} (${(bytes / 1048576).toFixed(1)} MB, ${engine})`);
}

main().catch((e: unknown) => {
  const known = e instanceof BackupError || e instanceof DataDirLockedError;
  console.error(`backup failed: ${known ? (e as Error).message : e instanceof Error ? e.stack : String(e)}`);
  process.exit(1);
});

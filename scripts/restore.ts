/**
 * `npm run restore -- FILE [--to DIR | --to postgres://…]`: puts a backup of `npm run backup` back.
 * - Embedded (the default without DATABASE_URL): into DATA_DIR, or the folder --to names. The app
 *   must be stopped; a database already there is moved aside (pgdata.before-restore-<time>), not
 *   deleted, so nothing is lost.
 * - Native (a .dump, with DATABASE_URL or --to postgres://…): pg_restore into that database,
 *   which must be empty (create one: createdb changan_restored).
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { BackupError, pgdataOf, restoreEmbedded, restoreNative } from '@api/db/backup';
import { acquireDataDirLock, DataDirLockedError } from '@api/db/data-dir-lock';
import { loadEnv } from '@api/env';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

async function main() {
  const env = loadEnv();
  const file = process.argv.slice(2).find((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--to');
  if (!file || !fs.existsSync(file)) throw new BackupError(`name the backup file: npm run restore -- FILE [--to …]${file ? ` (${file} does not exist)` : ''}`);
  const to = arg('to');
  const native = to ? /^postgres(ql)?:\/\//.test(to) : !!env.DATABASE_URL;
  if (native) {
    const url = to ?? env.DATABASE_URL!;
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      const tables = (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'spatial_ref_sys'`)).rows[0].n;
      if (tables > 0) throw new BackupError(`the database at ${url.replace(/:[^:@/]*@/, ':***@')} is not empty (${tables} tables): restore into a new one (createdb …) and point --to at it`);
    } finally {
      await pool.end();
    }
    await restoreNative(path.resolve(file), url);
    console.log(`restored ${file} into ${url.replace(/:[^:@/]*@/, ':***@')}`);
    return;
  }
  const dataDir = path.resolve(to ?? env.DATA_DIR);
  const lock = acquireDataDirLock(dataDir);
  try {
    const pgdata = pgdataOf(dataDir);
    if (fs.existsSync(pgdata) && fs.readdirSync(pgdata).length) {
      const aside = `${pgdata}.before-restore-${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}`;
      fs.renameSync(pgdata, aside);
      console.log(`the database that was in ${dataDir} is kept at ${aside}`);
    }
    await restoreEmbedded(path.resolve(file), dataDir);
  } finally {
    lock.release();
  }
  console.log(`restored ${file} into ${dataDir}; npm start opens it`);
}

main().catch((e: unknown) => {
  const known = e instanceof BackupError || e instanceof DataDirLockedError;
  console.error(`restore failed: ${known ? (e as Error).message : e instanceof Error ? e.stack : String(e)}`);
  process.exit(1);
});

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BackupError, dumpNative, pruneBackups, requestBackup, restoreEmbedded, restoreNative } from '@api/db/backup';
import { startEmbeddedServer } from '@api/db/engine';

/**
 * Backups through the database, on the engine the run uses: the whole test database backed up
 * (embedded: asked of its running database process, as `npm run backup` does while the app runs;
 * native: pg_dump), restored into a fresh folder or database, and every table found with every
 * row, the accidents to the byte.
 */
const info = inject('db');
const run = promisify(execFile);
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'changan-backup-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Every table of the public schema with its row count, and a digest of the accidents. */
async function contents(pool: pg.Pool) {
  const tables = (await pool.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).rows.map((r) => r.t);
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t] = (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${t}"`)).rows[0].n;
  const digest = (await pool.query<{ d: string }>(`SELECT md5(string_agg(id || ':' || ST_AsEWKT(geom) || ':' || occurred_at::text, ',' ORDER BY id)) AS d FROM accidents`)).rows[0].d;
  return { counts, digest };
}

describe('backup and restore', () => {
  it('backs up the database the app runs on and restores it with every row', async () => {
    const source = new pg.Pool({ ...info.connection, max: 1 });
    const before = await contents(source).finally(() => source.end());
    expect(before.counts.accidents).toBeGreaterThan(1000);
    expect(Object.keys(before.counts).length).toBeGreaterThan(20);

    if (info.engine === 'pglite') {
      const file = path.join(dir, 'test.tar.gz');
      const bytes = await requestBackup(info.dataDir!, file);
      expect(bytes).toBe(fs.statSync(file).size);
      const target = path.join(dir, 'restored');
      await restoreEmbedded(file, target);
      // A folder that already holds a database is not overwritten.
      await expect(restoreEmbedded(file, target)).rejects.toThrow(BackupError);
      const server = await startEmbeddedServer(target);
      const pool = new pg.Pool({ host: server.socketDir, port: server.port, user: 'postgres', database: 'postgres', max: 1 });
      try {
        expect(await contents(pool)).toEqual(before);
      } finally {
        await pool.end();
        await server.stop();
      }
      // What is not a backup is refused, and leaves no half-made database behind.
      const junk = path.join(dir, 'junk.tar.gz');
      fs.writeFileSync(junk, 'not a backup');
      await expect(restoreEmbedded(junk, path.join(dir, 'junk'))).rejects.toThrow(/not an embedded backup/);
      expect(fs.existsSync(path.join(dir, 'junk', 'pgdata'))).toBe(false);
    } else {
      const file = path.join(dir, 'test.dump');
      expect(await dumpNative(info.url, file)).toBe(fs.statSync(file).size);
      const admin = new URL(info.url);
      const name = `changan_restore_${process.pid}`;
      const server = new pg.Client({ connectionString: info.url });
      await server.connect();
      await server.query(`DROP DATABASE IF EXISTS ${name}`);
      await server.query(`CREATE DATABASE ${name}`);
      admin.pathname = `/${name}`;
      try {
        await restoreNative(file, admin.toString());
        const pool = new pg.Pool({ connectionString: admin.toString(), max: 1 });
        try {
          expect(await contents(pool)).toEqual(before);
        } finally {
          await pool.end();
        }
        // `npm run restore` refuses a database that is not empty.
        const refused = await run('npx', ['tsx', 'scripts/restore.ts', file, '--to', admin.toString()]).catch((e: { code: number; stderr: string }) => e);
        expect(refused).toMatchObject({ code: 1, stderr: expect.stringMatching(/is not empty/) });
      } finally {
        await server.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await server.end();
      }
    }
  }, 120_000);

  it('keeps the newest backups of a kind and removes the older', () => {
    const d = path.join(dir, 'kept');
    fs.mkdirSync(d);
    const names = ['changan-pglite-20261201-000000.tar.gz', 'changan-pglite-20261202-000000.tar.gz', 'changan-pglite-20261203-000000.tar.gz', 'changan-postgres-20261101-000000.dump', 'notes.txt'];
    for (const n of names) fs.writeFileSync(path.join(d, n), 'x');
    expect(pruneBackups(d, 'changan-pglite-', 2)).toEqual(['changan-pglite-20261201-000000.tar.gz']);
    expect(fs.readdirSync(d).sort()).toEqual(names.slice(1).sort());
  });
});

import fs from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { createApp } from '@api/app';
import { openDatabase } from '@api/db/engine';
import { loadEnv } from '@api/env';
import { isDatabaseUnavailable } from '@api/lib/db-errors';
import { freshEmbeddedDir } from '../support/embedded-dir';

/**
 * The embedded database process killed under a running API: requests meanwhile are 503s with
 * Retry-After (not 500s), the process is started again on its own, and every write that was
 * acknowledged before the kill is there after it.
 */
describe('when the database process dies', () => {
  it.runIf(inject('db').engine === 'pglite')(
    'answers 503 with Retry-After, starts the database again, and loses nothing acknowledged',
    async () => {
      const dataDir = await freshEmbeddedDir('changan-recover-');
      const exits: { how: string; retryInMs: number }[] = [];
      let restarts = 0;
      const db = await openDatabase({ dataDir, onEngineExit: (how, retryInMs) => exits.push({ how, retryInMs }), onEngineRestart: () => restarts++ });
      try {
        const app = createApp({ pool: db.pool, engine: db.engine, env: loadEnv({}), extent: [115.2, 35.8, 116.6, 37.0] });
        await db.pool.query(`CREATE TABLE acknowledged (id int PRIMARY KEY, note text NOT NULL)`);
        for (let i = 1; i <= 50; i++) await db.pool.query(`INSERT INTO acknowledged VALUES ($1, $2)`, [i, `write ${i}`]);
        const first = db.embeddedPid!()!;
        process.kill(first, 'SIGKILL');
        await expect.poll(() => exits.length, { timeout: 10_000 }).toBe(1);
        expect(exits[0]).toMatchObject({ how: expect.stringMatching(/SIGKILL/), retryInMs: 1000 });

        // Meanwhile: a read of the database is a 503 that says when to come back.
        const down = await app.request('/api/jurisdictions');
        expect(down.status).toBe(503);
        expect(down.headers.get('retry-after')).toBe('5');
        expect((await down.json()).error).toMatchObject({ code: 'unavailable', details: [{ reason: 'database_unavailable' }] });
        const health = await app.request('/api/health');
        expect(health.status).toBe(503);
        expect(await health.json()).toMatchObject({ ok: false, database: 'down' });

        // Back on its own, a new process on the same folder, with every acknowledged row.
        await expect.poll(() => db.pool.query('SELECT 1').then(() => true, () => false), { timeout: 30_000, interval: 250 }).toBe(true);
        expect(restarts).toBe(1);
        expect(db.embeddedPid!()).not.toBe(first);
        const rows = await db.pool.query<{ n: number; last: string }>(`SELECT count(*)::int AS n, max(note) FILTER (WHERE id = 50) AS last FROM acknowledged`);
        expect(rows.rows[0]).toEqual({ n: 50, last: 'write 50' });
      } finally {
        await db.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
    120_000,
  );

  it('tells an unreachable database from a wrong query', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED /tmp/x/.s.PGSQL.5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('relation "x" does not exist'), { code: '42P01' }))).toBe(false);
    expect(isDatabaseUnavailable('text')).toBe(false);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { UNLIMITED, withTransaction } from '@api/db/transaction';
import { ClientGoneError, runWithRequest } from '@api/lib/request-context';
import { ANALYSIS_CONCURRENCY, ANALYSIS_MAX_WAITING, analysisQueue, withTimeLimit } from '@api/lib/time-limit';
import { createTestApp } from '../support/test-app';

/**
 * One heavy request cannot starve the rest: analyses go through a bounded queue (a crowd of them
 * is refused early with 503 and Retry-After), an analysis whose client has gone is dropped before
 * it runs, and on native PostgreSQL each kind of request has its statement time limit and a
 * client that goes away cancels its running query.
 */
let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

/** Takes `n` places of the analyses' queue (running first, then waiting) until `release`. */
function occupy(n: number) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const jobs = Array.from({ length: n }, () => analysisQueue.run(() => gate));
  return { release: async () => (release(), await Promise.all(jobs)) };
}
const until = async (ok: () => boolean) => {
  for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(ok()).toBe(true);
};

describe('the analyses queue, through the API', () => {
  it('refuses an analysis when the queue is full, with 503, Retry-After and the rule, and takes it again after', async () => {
    const busy = occupy(ANALYSIS_CONCURRENCY + ANALYSIS_MAX_WAITING);
    try {
      expect(analysisQueue.state).toEqual({ running: ANALYSIS_CONCURRENCY, waiting: ANALYSIS_MAX_WAITING });
      const r = await t.app.request('/api/hotspots/clusters?eps=110&minPoints=3');
      expect(r.status).toBe(503);
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      const body = await r.json();
      expect(body.error.code).toBe('unavailable');
      expect(body.error.details[0].rule).toBe('queue_full');
    } finally {
      await busy.release();
    }
    const again = await t.app.request('/api/hotspots/clusters?eps=110&minPoints=3');
    expect(again.status).toBe(200);
    expect(again.headers.get('x-cache')).toBe('miss');
  });

  it('drops a waiting analysis whose client went away: it never runs, nothing is kept', async () => {
    const busy = occupy(ANALYSIS_CONCURRENCY);
    const path = '/api/hotspots/grid?cell=2700';
    try {
      const leaving = new AbortController();
      const answer = t.app.request(path, { signal: leaving.signal });
      await until(() => analysisQueue.state.waiting === 1);
      leaving.abort();
      expect((await answer).status).toBe(499);
      expect(analysisQueue.state).toEqual({ running: ANALYSIS_CONCURRENCY, waiting: 0 });
    } finally {
      await busy.release();
    }
    expect(analysisQueue.state).toEqual({ running: 0, waiting: 0 });
    // Not computed then, so computed now.
    expect((await t.app.request(path)).headers.get('x-cache')).toBe('miss');
  });

  it('goes on computing a result others still wait for when the first who asked leaves', async () => {
    const busy = occupy(ANALYSIS_CONCURRENCY);
    const path = '/api/hotspots/grid?cell=2900';
    try {
      const leaving = new AbortController();
      const first = t.app.request(path, { signal: leaving.signal });
      await until(() => analysisQueue.state.waiting === 1);
      const second = t.app.request(path);
      await new Promise((r) => setTimeout(r, 50));
      leaving.abort();
      await busy.release();
      const r = await second;
      expect(r.status).toBe(200);
      expect(r.headers.get('x-cache')).toBe('shared');
      expect((await first).status).toBe(200);
    } finally {
      await busy.release();
    }
    expect((await t.app.request(path)).headers.get('x-cache')).toBe('hit');
  });
});

describe.runIf(inject('db').engine === 'postgres')('time limits on native PostgreSQL', () => {

  it('gives reads, writes, analyses and seeding each their statement time limit', async () => {
    const show = async (c: { query: (sql: string) => Promise<{ rows: { statement_timeout: string }[] }> }) => (await c.query('SHOW statement_timeout')).rows[0].statement_timeout;
    expect(await show(t.pool)).toBe('15s');
    expect(await withTransaction(t.pool, show)).toBe('15s');
    expect(await withTransaction(t.pool, show, UNLIMITED)).toBe('0');
    expect(await withTimeLimit(t.pool, show, 'test', '')).toBe('30s');
    // A transaction's own limit ends with it.
    expect(await show(t.pool)).toBe('15s');
  });

  it('cancels the running query of an analysis whose client went away, and the connection serves the next', async () => {
    const marker = `time-limits-${Date.now()}`;
    const leaving = new AbortController();
    const running = runWithRequest({ signal: leaving.signal }, () =>
      withTimeLimit(t.pool, (c) => c.query(`SELECT pg_sleep(60) /* ${marker} */`), 'test', ''),
    ).catch((e: unknown) => e);
    const active = async () =>
      Number((await t.pool.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE $1`, [`%pg_sleep(60) /* ${marker}%`])).rows[0].n);
    for (let i = 0; i < 300 && (await active()) === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await active()).toBe(1);
    leaving.abort();
    expect(await running).toBeInstanceOf(ClientGoneError);
    expect(await active()).toBe(0);
    expect(analysisQueue.state).toEqual({ running: 0, waiting: 0 });
    // Every connection of the pool still answers (none was left cancelled or in a transaction).
    const answers = await Promise.all(Array.from({ length: 4 }, () => t.pool.query('SELECT 1 AS one')));
    expect(answers.map((a) => a.rows[0].one)).toEqual([1, 1, 1, 1]);
  });
});

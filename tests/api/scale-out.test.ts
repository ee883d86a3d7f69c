import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { DEMO_PASSWORD } from '@api/seed/accounts';
import { startServerProcess } from '@scripts/server-process';

/**
 * Two API processes on one native database, as behind a load balancer: a session made on one
 * works on the other (and ends on both), failed sign-ins sent to either are counted together, and
 * a write to what an analysis reads makes both compute it afresh (the caches are per process,
 * keyed by the database's data versions).
 */
const info = inject('db');
const started = new Date();
const servers: Awaited<ReturnType<typeof startServerProcess>>[] = [];
let pool: pg.Pool;

const startServer = () => startServerProcess({ DATABASE_URL: info.url }, 90_000);

describe.runIf(info.engine === 'postgres')('two API processes on one database', () => {
  beforeAll(async () => {
    pool = new pg.Pool({ ...info.connection, max: 2 });
    servers.push(...(await Promise.all([startServer(), startServer()])));
  }, 120_000);
  afterAll(async () => {
    for (const s of servers) s.child.kill('SIGTERM');
    await pool?.query(`DELETE FROM sign_in_failures WHERE at >= $1`, [started]);
    await pool?.end();
  });

  const [a, b] = [() => servers[0].url, () => servers[1].url];
  const login = (base: string, username: string, password: string) =>
    fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

  it('shares sessions: signed in on one, known on the other, signed out on both', async () => {
    const r = await login(a(), 'admin', DEMO_PASSWORD);
    expect(r.status, await r.clone().text()).toBe(200);
    const cookie = r.headers.get('set-cookie')!.split(';')[0];
    const { csrfToken } = await r.json();
    const me = await fetch(`${b()}/api/auth/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect((await me.json()).user.username).toBe('admin');
    expect((await fetch(`${b()}/api/auth/logout`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken } })).status).toBe(200);
    expect((await fetch(`${a()}/api/auth/me`, { headers: { cookie } })).status).toBe(401);
  });

  it('counts failed sign-ins sent to either together', async () => {
    const username = `nobody-${Date.now()}`;
    for (const [i, base] of [a(), b(), a(), b(), a()].entries()) expect((await login(base, username, 'wrong')).status, `try ${i + 1}`).toBe(401);
    for (const base of [a(), b()]) {
      const r = await login(base, username, 'wrong');
      expect(r.status).toBe(429);
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('computes an analysis once per process, and afresh on both after a write to what it reads', async () => {
    const path = '/api/hotspots/clusters?eps=135&minPoints=5';
    const state = async (base: string) => {
      const r = await fetch(base + path);
      expect(r.status).toBe(200);
      return { cache: r.headers.get('x-cache'), body: await r.text() };
    };
    const first = await state(a());
    expect(first.cache).toBe('miss');
    expect((await state(a())).cache).toBe('hit');
    expect(await state(b())).toEqual({ cache: 'miss', body: first.body });
    expect((await state(b())).cache).toBe('hit');
    // Another process (here the test's own connection) changes an accident: both see it next time.
    await pool.query(`UPDATE accidents SET severity = severity WHERE id = (SELECT min(id) FROM accidents)`);
    expect((await state(a())).cache).toBe('miss');
    expect((await state(b())).cache).toBe('miss');
  });
});

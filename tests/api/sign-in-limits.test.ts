import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FailureLimiter } from '@api/auth/rate-limit';
import { createTestApp } from '../support/test-app';

/**
 * Failed sign-ins are counted in the database, so every API process on it counts them together
 * (and a restart forgets none): five wrong passwords for an account, spread over two apps on one
 * database, and the sixth try is refused on either.
 */
const namespace = `limits-${randomUUID()}:`;
let a: Awaited<ReturnType<typeof createTestApp>>;
let b: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  a = await createTestApp({ signInNamespace: namespace });
  b = await createTestApp({ signInNamespace: namespace });
});
afterAll(async () => {
  await a?.pool.query(`DELETE FROM sign_in_failures WHERE key LIKE $1`, [`${namespace}%`]);
  await a?.close();
  await b?.close();
});

const login = (app: typeof a, username: string, password: string) =>
  app.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

describe('failed sign-ins', () => {
  it('refuses after max failures in the window, until the oldest ages out; a clear forgives', async () => {
    let now = 1_000_000_000_000;
    const key = randomUUID();
    const l = new FailureLimiter(a.pool, 3, 1000, namespace, () => now);
    for (const dt of [0, 100, 200]) {
      now = 1_000_000_000_000 + dt;
      expect(await l.retryAfterMs(key)).toBe(0);
      await l.fail(key);
    }
    now = 1_000_000_000_300;
    expect(await l.retryAfterMs(key)).toBe(700); // the failure at 0 ages out at 1000
    now = 1_000_000_001_000;
    expect(await l.retryAfterMs(key)).toBe(0);
    await l.fail(key);
    await l.clear(key);
    expect(await l.retryAfterMs(key)).toBe(0);
    expect(await l.retryAfterMs(randomUUID())).toBe(0);
  });

  it('sweeps failures older than the window as new ones come', async () => {
    let now = 1_500_000_000_000;
    const l = new FailureLimiter(a.pool, 5, 1000, namespace, () => now);
    for (let i = 0; i < 99; i++) await l.fail(`old-${i}`);
    now += 5000;
    await l.fail('late'); // the hundredth
    const left = await a.pool.query(`SELECT key FROM sign_in_failures WHERE key LIKE $1 AND at >= to_timestamp(1500000000)`, [`${namespace}%`]);
    expect(left.rows.map((r) => r.key)).toEqual([`${namespace}late`]);
  });

  it('counts the wrong passwords sent to two apps on one database together', async () => {
    for (const [i, app] of [a, b, a, b, a].entries()) {
      const r = await login(app, 'admin', `wrong-${i}`);
      expect(r.status, `try ${i + 1}`).toBe(401);
    }
    for (const app of [a, b]) {
      const r = await login(app, 'admin', 'changan-demo');
      expect(r.status).toBe(429);
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await r.json()).error.details[0].reason).toBe('rate_limited');
    }
    // Another namespace (another deployment's apps, the other tests) is not touched.
    const other = await createTestApp();
    try {
      expect((await login(other, 'admin', 'changan-demo')).status).not.toBe(429);
    } finally {
      await other.close();
    }
  });
});

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../api/auth/accounts';
import { DEMO_PASSWORD } from '../../api/seed/accounts';
import { createTestApp } from '../support/test-app';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** Signs in; returns the session cookie (name=value), the CSRF token and the body. */
async function login(username: string, password = DEMO_PASSWORD) {
  const res = await t.app.request('/api/auth/login', json({ username, password }));
  expect(res.status, await res.clone().text()).toBe(200);
  const setCookie = res.headers.get('set-cookie')!;
  const body = await res.json();
  return { cookie: setCookie.split(';')[0], setCookie, csrf: body.csrfToken as string, body };
}

const me = (cookie?: string) => t.app.request('/api/auth/me', { headers: cookie ? { cookie } : {} });

describe('signing in', () => {
  it('signs a demo officer in with an HttpOnly, SameSite=Strict session cookie', async () => {
    const { setCookie, body, cookie } = await login('officer.donge');
    expect(setCookie).toMatch(/^changan_session=[\w-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toMatch(/Secure/); // plain http here; behind https it is Secure
    expect(body.user).toMatchObject({ username: 'officer.donge', role: 'officer', scope: { code: '371524', name: '东阿县', level: 'county' }, unit: null });
    expect(body.csrfToken).toMatch(/^[\w-]{32}$/);
    const res = await me(cookie);
    expect(res.status).toBe(200);
    expect((await res.json()).user.username).toBe('officer.donge');
  });

  it('marks the cookie Secure behind https', async () => {
    const res = await t.app.request('https://changan.example/api/auth/login', json({ username: 'leader', password: DEMO_PASSWORD }));
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/Secure/);
  });

  it('gives a liaison their unit and its jurisdiction as scope', async () => {
    const { body } = await login('liaison.jiaotong');
    expect(body.user).toMatchObject({ role: 'liaison', scope: { code: '371524' }, unit: { code: '371524-jtj', name: '东阿县交通运输局', kind: 'department' } });
    const township = await login('liaison.tongcheng');
    expect(township.body.user).toMatchObject({ scope: { code: '371524001', level: 'township' }, unit: { code: '371524001', kind: 'township' } });
  });

  it('says the same for a wrong password and an unknown user, and names neither', async () => {
    const wrong = await t.app.request('/api/auth/login', json({ username: 'leader', password: 'not-the-password' }));
    const unknown = await t.app.request('/api/auth/login', json({ username: 'nobody.here', password: 'whatever1' }));
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [await wrong.json(), await unknown.json()];
    expect(a.error.message).toBe('Wrong username or password.');
    expect(b.error.message).toBe(a.error.message);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a body without username or password, naming the field', async () => {
    const res = await t.app.request('/api/auth/login', json({ username: 'leader' }));
    expect(res.status).toBe(400);
    expect((await res.json()).error.details[0]).toMatchObject({ param: 'password' });
  });

  it('locks an account out after five wrong passwords in 15 minutes, even for the right one', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await t.app.request('/api/auth/login', json({ username: 'officer.gaotang', password: `wrong-${i}` }))).status).toBe(401);
    }
    const locked = await t.app.request('/api/auth/login', json({ username: 'officer.gaotang', password: DEMO_PASSWORD }));
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
    expect((await locked.json()).error.details[0].reason).toBe('rate_limited');
    // Another account is not affected.
    await login('officer.guanxian');
  });

  it('stores an argon2id hash and only a digest of the session token', async () => {
    const { cookie } = await login('officer.yanggu');
    const token = cookie.split('=')[1];
    const u = await t.pool.query(`SELECT password_hash FROM users WHERE username = 'officer.yanggu'`);
    expect(u.rows[0].password_hash).toMatch(/^\$argon2id\$/);
    const s = await t.pool.query(`SELECT token_hash FROM sessions WHERE token_hash = $1`, [createHash('sha256').update(token).digest('hex')]);
    expect(s.rowCount).toBe(1);
    const raw = await t.pool.query(`SELECT count(*)::int AS n FROM sessions WHERE token_hash = $1`, [token]);
    expect(raw.rows[0].n).toBe(0);
  });
});

describe('sessions', () => {
  it('needs a session for /me', async () => {
    const res = await me();
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthorized');
    const forged = await me('changan_session=made-up-token');
    expect(forged.status).toBe(401);
    expect(forged.headers.get('set-cookie')).toMatch(/changan_session=;/); // the dead cookie is cleared
  });

  it('signs out: the session is gone and its cookie no longer works', async () => {
    const { cookie, csrf } = await login('officer.chiping');
    const out = await t.app.request('/api/auth/logout', { method: 'POST', headers: { cookie, 'x-csrf-token': csrf } });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/changan_session=;/);
    expect((await me(cookie)).status).toBe(401);
  });

  it('refuses a write without the CSRF token of the session', async () => {
    const { cookie, csrf } = await login('officer.shenxian');
    const attempts: Record<string, string>[] = [{}, { 'x-csrf-token': 'wrong' }];
    for (const header of attempts) {
      const res = await t.app.request('/api/auth/logout', { method: 'POST', headers: { cookie, ...header } });
      expect(res.status).toBe(403);
      expect((await res.json()).error.details[0]).toMatchObject({ param: 'x-csrf-token', reason: 'csrf' });
    }
    expect((await me(cookie)).status).toBe(200); // still signed in
    expect((await t.app.request('/api/auth/logout', { method: 'POST', headers: { cookie, 'x-csrf-token': csrf } })).status).toBe(200);
  });

  it('ends an expired session', async () => {
    const { cookie } = await login('officer.dongchangfu');
    const token = cookie.split('=')[1];
    await t.pool.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [
      createHash('sha256').update(token).digest('hex'),
    ]);
    expect((await me(cookie)).status).toBe(401);
  });

  it('ends the sessions of a disabled account and refuses it sign-in', async () => {
    await createUser(t.pool, { username: 'temp.officer', displayName: '临时', role: 'officer', scopeCode: '371581', password: 'temporary-pass' });
    const { cookie } = await login('temp.officer', 'temporary-pass');
    await t.pool.query(`UPDATE users SET disabled = true WHERE username = 'temp.officer'`);
    expect((await me(cookie)).status).toBe(401);
    expect((await t.app.request('/api/auth/login', json({ username: 'temp.officer', password: 'temporary-pass' }))).status).toBe(401);
  });
});

describe('accounts', () => {
  it('seeds the demo accounts of the README', async () => {
    const r = await t.pool.query(`SELECT username, role, scope_code FROM users WHERE demo ORDER BY username`);
    const names = r.rows.map((x) => x.username);
    for (const n of ['admin', 'leader', 'officer.donge', 'officer.linqing', 'officer.dongchangfu', 'liaison.tongcheng', 'liaison.jiaotong']) {
      expect(names).toContain(n);
    }
    expect(r.rows.filter((x) => x.role === 'officer')).toHaveLength(8); // one per brigade
  });

  it('refuses bad accounts, naming the field', async () => {
    const base = { displayName: 'x', role: 'officer' as const, scopeCode: '371524', password: 'long-enough' };
    await expect(createUser(t.pool, { ...base, username: 'Bad Name' })).rejects.toThrow(/^username/);
    await expect(createUser(t.pool, { ...base, username: 'ok.name', scopeCode: '999999' })).rejects.toThrow(/^scope "999999"/);
    await expect(createUser(t.pool, { ...base, username: 'ok.name', password: 'short' })).rejects.toThrow(/^password/);
    await expect(createUser(t.pool, { ...base, username: 'ok.name', role: 'liaison' })).rejects.toThrow(/^unit: a liaison/);
    await expect(createUser(t.pool, { ...base, username: 'ok.name', unitCode: '371524-jtj' })).rejects.toThrow(/^unit: only a liaison/);
    await expect(createUser(t.pool, { ...base, username: 'ok.name', role: 'liaison', unitCode: 'nope' })).rejects.toThrow(/^unit "nope"/);
    await expect(createUser(t.pool, { ...base, username: 'ok.name', role: 'liaison', unitCode: '371581-jtj' })).rejects.toThrow(
      /^scope "371524": a liaison's scope is their unit's area, 371581/,
    );
  });

  it('has a unit for every township and four departments for each county and the city', async () => {
    const r = await t.pool.query(`SELECT kind, count(*)::int AS n FROM units GROUP BY kind ORDER BY kind`);
    const towns = await t.pool.query(`SELECT count(*)::int AS n FROM jurisdictions WHERE level = 'township'`);
    expect(r.rows).toEqual([{ kind: 'department', n: 9 * 4 }, { kind: 'township', n: towns.rows[0].n }]);
  });
});

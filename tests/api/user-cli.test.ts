import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signIn } from '../support/session';
import { createTestApp } from '../support/test-app';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..', '..');
let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** `npm run user -- …` as an administrator types it, on the test database. */
async function user(args: string[], password?: string) {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', 'scripts/user.ts', ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: inject('db').url, CHANGAN_PASSWORD: password ?? '' },
    });
    return { code: 0, out: r.stdout.trim(), err: r.stderr.trim() };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout.trim(), err: x.stderr.trim() };
  }
}

describe('npm run user', () => {
  it('adds an officer who can then sign in, changes the password, disables and lists', async () => {
    const add = await user(['add', 'zhang.wei', '--role', 'officer', '--scope', '371524', '--name', '张伟'], 'first-pass-1');
    expect(add).toMatchObject({ code: 0, out: expect.stringMatching(/^created zhang\.wei \(id \d+, officer, scope 371524\)$/) });
    const first = await signIn(t.app, 'zhang.wei', 'first-pass-1');
    expect(first.user).toMatchObject({ role: 'officer', scope: { code: '371524' } });

    expect((await user(['password', 'zhang.wei'], 'second-pass-2')).out).toMatch(/sessions ended/);
    expect((await first.get('/api/auth/me')).status).toBe(401);
    await signIn(t.app, 'zhang.wei', 'second-pass-2');

    expect((await user(['disable', 'zhang.wei'])).out).toBe('zhang.wei disabled');
    const refused = await t.app.request('/api/auth/login', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'zhang.wei', password: 'second-pass-2' }),
    });
    expect(refused.status).toBe(401);
    expect((await user(['list'])).out).toMatch(/^zhang\.wei\tofficer\t371524\t\tdisabled$/m);
  }, 60_000);

  it('gives a liaison the scope of their unit, and says what is wrong with a bad account', async () => {
    expect((await user(['add', 'li.na', '--role', 'liaison', '--unit', '371524-glzx'], 'liaison-pass')).out).toMatch(/scope 371524\)$/);
    const bad = await user(['add', 'Wang Fang', '--role', 'officer', '--scope', '371524'], 'whatever-1');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^username "Wang Fang"/);
    const noScope = await user(['add', 'wang.fang', '--role', 'officer'], 'whatever-1');
    expect(noScope.err).toMatch(/--role and --scope/);
  }, 60_000);
});

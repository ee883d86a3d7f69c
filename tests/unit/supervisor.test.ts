import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `npm start`'s watcher (scripts/start.ts, superviseServer) around a stand-in server: one that
 * dies after it was up is started again after 1 s, then 2 s; one that fails before it is up ends
 * the watcher with its code; a SIGTERM stops both.
 */
const root = path.resolve(import.meta.dirname, '..', '..');

function watch(mode: 'crash' | 'fail') {
  const startsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'changan-supervisor-')), 'starts');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '-e', `import('./scripts/start.ts').then((m) => m.superviseServer(${JSON.stringify(path.join(root, 'tests/support/crashing-server.ts'))}))`],
    { cwd: root, env: { ...process.env, STARTS_FILE: startsFile, MODE: mode }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d));
  child.stderr.on('data', (d: Buffer) => (log += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const starts = () => (fs.existsSync(startsFile) ? fs.readFileSync(startsFile, 'utf8').trim().split('\n').filter(Boolean).map(Number) : []);
  return { child, exited, starts, log: () => log };
}

describe("npm start's watcher", () => {
  it('starts a server that died after it was up again, after 1 s and then 2 s, and a SIGTERM stops both', async () => {
    const w = watch('crash');
    try {
      await expect.poll(() => w.starts().length, { timeout: 20_000, interval: 100 }).toBe(3);
      expect(w.log()).toMatch(/the server stopped on its own \(code 1, signal -\); starting it again in 1 s/);
      expect(w.log()).toMatch(/starting it again in 2 s/);
      const last = w.starts()[2];
      expect(() => process.kill(last, 0)).not.toThrow(); // the third stays up
      w.child.kill('SIGTERM');
      expect(await w.exited).toBe(0);
      await expect.poll(() => { try { process.kill(last, 0); return 'alive'; } catch { return 'gone'; } }, { timeout: 5000 }).toBe('gone');
    } finally {
      w.child.kill('SIGKILL');
    }
  }, 30_000);

  it('ends with the code of a server that failed before it was up, without starting it again', async () => {
    const w = watch('fail');
    expect(await w.exited).toBe(3);
    expect(w.starts()).toHaveLength(1);
  }, 30_000);
});

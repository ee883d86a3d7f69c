import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from '../../api/db/data-dir-lock';
import { EngineStartError, startEmbeddedServer } from '../../api/db/engine';
import { freshEmbeddedDir } from '../support/embedded-dir';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'changan-lock-'));

describe('the embedded data folder lock', () => {
  it.runIf(inject('db').engine === 'pglite')('stops a second process on the same DATA_DIR with a clear message', async () => {
    const dataDir = inject('db').dataDir!;
    const err = await startEmbeddedServer(dataDir).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(EngineStartError);
    expect((err as EngineStartError).code).toBe('locked');
    expect((err as Error).message).toMatch(/in use by another Chang'an process \(pid \d+/);
    expect((err as Error).message).toContain(dataDir);
  });

  it.runIf(inject('db').engine === 'pglite')(
    'after the database process is killed: reports it, and the next start takes over the stale lock',
    async () => {
      const dataDir = await freshEmbeddedDir('changan-lock-');
      let reported = '';
      const first = await startEmbeddedServer(dataDir, (how) => (reported = how));
      const exited = new Promise((r) => first.child.once('exit', r));
      first.child.kill('SIGKILL');
      await exited;
      expect(reported).toMatch(/SIGKILL/);
      const stale = JSON.parse(fs.readFileSync(path.join(dataDir, 'changan.lock'), 'utf8'));
      expect(stale.pid).toBe(first.child.pid);

      const second = await startEmbeddedServer(dataDir);
      try {
        const lock = JSON.parse(fs.readFileSync(path.join(dataDir, 'changan.lock'), 'utf8'));
        expect(lock.pid).toBe(second.child.pid);
      } finally {
        await second.stop();
      }
      expect(fs.existsSync(path.join(dataDir, 'changan.lock'))).toBe(false);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
    120_000,
  );

  it('refuses a folder held by a live process', async () => {
    const dir = tmp();
    const holder = spawn('sleep', ['30']);
    try {
      fs.writeFileSync(path.join(dir, 'changan.lock'), JSON.stringify({ pid: holder.pid, startedAt: 'earlier' }));
      expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    } finally {
      holder.kill();
    }
  });

  it('recovers a stale lock left by a crashed process', async () => {
    const dir = tmp();
    const dead = spawn('true');
    await new Promise((r) => dead.once('exit', r));
    fs.writeFileSync(path.join(dir, 'changan.lock'), JSON.stringify({ pid: dead.pid, startedAt: 'earlier' }));
    const lock = acquireDataDirLock(dir);
    expect(lock.recoveredFrom).toBe(dead.pid);
    expect(JSON.parse(fs.readFileSync(lock.file, 'utf8')).pid).toBe(process.pid);
    lock.release();
    expect(fs.existsSync(lock.file)).toBe(false);
  });

  it('recovers a torn (unreadable) lock file', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'changan.lock'), '{"pid":');
    const lock = acquireDataDirLock(dir);
    expect(fs.existsSync(lock.file)).toBe(true);
    lock.release();
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/**
 * `api/main.ts` in a process of its own, as `npm start` runs it, with `env` over this process's;
 * resolves with its URL once it says it is up (within `timeoutMs`), rejects with its output if it
 * stops first. The load bench and the scale-out test start servers so.
 */
export function startServerProcess(env: Record<string, string>, timeoutMs = 120_000): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', BACKUP_EVERY_HOURS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let up = false;
    const timer = setTimeout(() => reject(new Error(`the server did not start within ${timeoutMs / 1000} s:\n${out}`)), timeoutMs);
    // Its output until it is up (for the error); after that it is read and dropped.
    const read = (chunk: Buffer) => {
      if (up) return;
      out += chunk.toString();
      const m = /is running on .*: (http:\/\/\S+)/.exec(out);
      if (m) {
        up = true;
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server stopped (${code}) before it was up:\n${out}`));
    });
  });
}

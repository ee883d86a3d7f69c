import fs from 'node:fs';
import path from 'node:path';

/**
 * One process per embedded data folder. Two PGlite instances writing the same folder
 * silently lose committed rows, so the second one must stop instead.
 */
export class DataDirLockedError extends Error {}

interface LockContent {
  pid: number;
  startedAt: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockContent | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockContent>;
    return typeof parsed.pid === 'number' ? (parsed as LockContent) : null;
  } catch {
    return null;
  }
}

/** Takes the lock or throws DataDirLockedError. A lock left by a dead process is taken over. */
export function acquireDataDirLock(dataDir: string): { file: string; release: () => void; recoveredFrom?: number } {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'changan.lock');
  let recoveredFrom: number | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
      fs.closeSync(fd);
      const release = () => {
        const current = readLock(file);
        if (current?.pid === process.pid) fs.rmSync(file, { force: true });
      };
      return { file, release, recoveredFrom };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readLock(file);
      if (holder && holder.pid !== process.pid && isAlive(holder.pid)) {
        throw new DataDirLockedError(
          `The data folder ${dataDir} is in use by another Chang'an process (pid ${holder.pid}, since ${holder.startedAt}). ` +
            `Stop that process, or set DATA_DIR to another folder.`,
        );
      }
      // Stale: the holder died without cleaning up (or wrote a torn file).
      recoveredFrom = holder?.pid;
      fs.rmSync(file, { force: true });
    }
  }
  throw new DataDirLockedError(`Could not take the lock on ${dataDir}: another process raced for it.`);
}

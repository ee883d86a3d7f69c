import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { startEmbeddedServer } from '../../api/db/engine';

/**
 * A new, empty embedded data folder, as a first start leaves it (initdb done, nothing migrated),
 * for tests that need a database of their own on the embedded engine. The first call of a run
 * starts PGlite on an empty folder (~13 s, most of it initdb) and keeps that folder, stopped, as
 * the run's template; every call copies it (a start on an initialised folder takes ~4 s). The
 * template lies beside the run's database folder and goes with it (tests/support/global-db.ts).
 */
export async function freshEmbeddedDir(prefix: string): Promise<string> {
  const template = await templateDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(template, dir, { recursive: true });
  return dir;
}

export const templatePath = (runDataDir: string) => `${runDataDir}-template`;

let making: Promise<string> | null = null;

function templateDir(): Promise<string> {
  const runDir = inject('db').dataDir;
  if (!runDir) throw new Error('freshEmbeddedDir is for the embedded engine');
  const template = templatePath(runDir);
  if (fs.existsSync(path.join(template, 'ready'))) return Promise.resolve(template);
  making ??= (async () => {
    fs.rmSync(template, { recursive: true, force: true });
    fs.mkdirSync(template);
    const server = await startEmbeddedServer(template);
    await server.stop();
    // Written last: a run cut short in the middle leaves no half-made template to copy.
    fs.writeFileSync(path.join(template, 'ready'), '');
    return template;
  })().finally(() => {
    making = null;
  });
  return making;
}

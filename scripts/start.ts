/**
 * `npm start`: builds the client when its sources changed since the last build, then starts the
 * server (api/main.ts). A second start with unchanged sources skips the build.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist', 'client');
const stampFile = path.join(outDir, '.source-hash');

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p) : [p];
  });
}

/** Hash of everything the client build reads: its sources, the code it shares with the API, the Vite config and the lockfile. */
export function clientSourceHash(): string {
  const h = crypto.createHash('sha256');
  const files = [...listFiles(path.join(root, 'client')), ...listFiles(path.join(root, 'shared')), path.join(root, 'vite.config.ts'), path.join(root, 'package-lock.json')]
    .filter((f) => fs.existsSync(f))
    .sort();
  for (const f of files) {
    h.update(path.relative(root, f));
    h.update(fs.readFileSync(f));
  }
  return h.digest('hex');
}

export async function buildClientIfStale(log: (s: string) => void = console.log): Promise<boolean> {
  const hash = clientSourceHash();
  const built = fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === hash;
  if (built) return false;
  const t0 = Date.now();
  log('[start] building the client (first start, or its sources changed)…');
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  fs.writeFileSync(stampFile, hash);
  log(`[start] client built in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildClientIfStale();
  await import('../api/main');
}

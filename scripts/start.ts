/**
 * `npm start`: builds the client when its sources changed since the last build, then runs the
 * server (api/main.ts) and watches it: a server that stops on its own after it was up (a crash,
 * out of memory) is started again after 1, 2, 4 … 30 s (1 s again once it has run a minute); one
 * that fails before it is up (port taken, folder locked) ends `npm start` with its message. A
 * second start with unchanged sources skips the build. (The embedded database process is watched
 * by the server itself: api/db/engine.ts.)
 */
import { fork, type ChildProcess } from 'node:child_process';
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

/**
 * The build's own plugins: the files vite.config.ts imports by a relative path, read from it, so a
 * plugin added there is part of the hash without being named here too (preload-hints.ts was not).
 */
export function buildPluginFiles(): string[] {
  const config = fs.readFileSync(path.join(root, 'vite.config.ts'), 'utf8');
  return [...config.matchAll(/from\s+'(\.\/[^']+)'/g)].map((m) => path.join(root, m[1]));
}

/** Hash of everything the client build reads: its sources, the code it shares with the API, the Vite config and its plugins, and the lockfile. */
export function clientSourceHash(): string {
  const h = crypto.createHash('sha256');
  const files = [...listFiles(path.join(root, 'client')), ...listFiles(path.join(root, 'shared')), path.join(root, 'vite.config.ts'), ...buildPluginFiles(), path.join(root, 'package-lock.json')]
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
  // Always the production build: under vitest NODE_ENV is 'test', and Vite would then build React's
  // development bundle with import.meta.env.DEV true (no service worker, slower pages).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  fs.writeFileSync(stampFile, hash);
  log(`[start] client built in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  return true;
}

/** Runs `script` (api/main.ts) in a child process and starts it again when it stops on its own after being up. */
export function superviseServer(script = path.join(root, 'api', 'main.ts')) {
  let child: ChildProcess | null = null;
  let stopping = false;
  let failures = 0;
  const start = () => {
    const upAt = { t: 0 };
    child = fork(script, [], { execArgv: ['--import', 'tsx'], stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (m: { type?: string }) => {
      if (m?.type === 'up') upAt.t = Date.now();
    });
    child.once('exit', (code, signal) => {
      if (stopping || !upAt.t) process.exit(code ?? (signal ? 1 : 0));
      failures = Date.now() - upAt.t > 60_000 ? 0 : failures + 1;
      const wait = Math.min(30_000, 1000 * 2 ** Math.max(0, failures - 1));
      console.error(`[start] the server stopped on its own (code ${code ?? '-'}, signal ${signal ?? '-'}); starting it again in ${wait / 1000} s.`);
      setTimeout(start, wait);
    });
  };
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
    else process.exit(0);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  start();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildClientIfStale();
  superviseServer();
}

/** `npm start` / `npm run serve`: the one server, serving the built client and /api. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EngineStartError } from './db/engine';
import type { SeedProgress } from './seed/seed-world';
import { loadEnv } from './env';
import { lanAddresses } from './lib/tls';
import { startApp, type RunningApp } from './start';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;

/** How a phone or another computer reaches the server, and whether it may use the position and camera there. */
function reachMessage(app: RunningApp): string[] {
  const host = loadEnv().HOST;
  const everywhere = host === '0.0.0.0' || host === '::';
  const scheme = app.tls ? 'https' : 'http';
  const lines: string[] = [];
  if (app.tls) {
    const where = app.tls.source.kind === 'files' ? app.tls.source.cert : app.tls.source.dir ? `self-signed, kept in ${app.tls.source.dir}` : 'self-signed, for this run';
    lines.push(`HTTPS (${where}); certificate SHA-256 ${app.tls.fingerprint}`);
  }
  if (everywhere) {
    for (const a of lanAddresses()) lines.push(`on the LAN (a phone): ${scheme}://${a}:${app.port}`);
    if (!app.tls) lines.push('a phone gets its position (我的位置) and camera over HTTPS only: start with HTTPS=1 (README, 在手机上使用)');
  } else if (host === '127.0.0.1' || host === 'localhost') {
    lines.push('this computer only: HOST=0.0.0.0 HTTPS=1 lets phones on the LAN in (README, 在手机上使用)');
  }
  return lines;
}

let lastStep = '';
function report(p: SeedProgress) {
  if (p.done !== undefined && p.total) {
    const pct = Math.round((100 * p.done) / p.total);
    process.stdout.write(`\r[start ${elapsed()}] ${p.step}: ${p.done.toLocaleString()} / ${p.total.toLocaleString()} (${pct}%)   `);
    if (p.done >= p.total) process.stdout.write('\n');
  } else if (p.step !== lastStep) {
    console.log(`[start ${elapsed()}] ${p.step}${p.total ? ` (${p.total.toLocaleString()})` : ''}`);
  }
  lastStep = p.step;
}

try {
  const app = await startApp({
    staticDir: path.join(root, 'dist', 'client'),
    onProgress: report,
    // The database process is started again (engine.ts); meanwhile requests get 503 with Retry-After.
    onEngineExit: (how, retryInMs) => {
      console.error(`[db] the embedded database process stopped unexpectedly (${how}); starting it again in ${retryInMs / 1000} s.`);
    },
    onEngineRestart: () => console.log('[db] the embedded database process is running again.'),
  });
  console.log(`[start ${elapsed()}] 畅安 Chang'an is running on ${app.db.engine === 'pglite' ? 'embedded PostGIS' : 'PostgreSQL'}: ${app.url}`);
  for (const line of reachMessage(app)) console.log(`[start ${elapsed()}] ${line}`);
  // To `npm start`'s watcher (scripts/start.ts): up, so a later stop on its own is restarted.
  process.send?.({ type: 'up' });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  if (err instanceof EngineStartError && err.code === 'locked') {
    console.error(`\n${err.message}`);
  } else {
    console.error('\nCould not start:', err instanceof Error ? err.message : err);
  }
  process.exit(1);
}

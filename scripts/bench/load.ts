/**
 * `npm run bench:load [-- --engines pglite,postgres --seconds 20 --readers 32]`
 *
 * A busy Monday on loopback: the app as `npm start` opens it (a fresh database per engine, the
 * default 20 000 synthetic accidents, demo accounts; embedded: a temp DATA_DIR; native: a
 * throwaway database on BENCH_DATABASE_URL; both removed after), served on 127.0.0.1, then for
 * `seconds`:
 *   - `readers` loops, each asking in turn for the default clusters, segments and grid and the
 *     sight-line list (GET /api/hotspots/clusters, /segments, /grid, /api/intersections), cache
 *     warmed first;
 *   - one writer, an officer editing a hazard of the ledger (PATCH with the version read) in a loop;
 *   - /api/health every 100 ms.
 * Then a pathological phase: one whole-city hot-spot grid of 300 m cells on a window nobody asked
 * for (so not cached) while health is polled every 50 ms: how long health waits at most.
 * Reports p50/p95/p99 per class. Targets (issue 16): readers p99 ≤ 1 s embedded and ≤ 300 ms
 * native with the cache warm; health p99 ≤ 200 ms throughout; the writer's p99 ≤ 1 s; health never
 * blocked more than 1 s by a single pathological request. The load generator runs in the server's
 * process: its own work is counted in the times (an upper bound).
 */
import fs from 'node:fs';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '@api/app';
import { loadEnv } from '@api/env';
import { DEMO_PASSWORD } from '@api/seed/accounts';
import { benchPlace } from './bench-database';
import { prepareDatabase, readExtent } from '@api/start';

type Engine = 'pglite' | 'postgres';
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const engines = arg('engines', 'pglite,postgres').split(',') as Engine[];
const seconds = Number(arg('seconds', '20'));
const readers = Number(arg('readers', '32'));
const READS = ['/api/hotspots/clusters', '/api/hotspots/segments', '/api/hotspots/grid', '/api/intersections'];

const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const ms = (x: number) => (Number.isNaN(x) ? '–' : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${Math.round(x)} ms`);
const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');


async function timed(url: string, init?: RequestInit): Promise<[number, Response]> {
  const t = performance.now();
  const r = await fetch(url, init);
  await r.arrayBuffer();
  return [performance.now() - t, r];
}

async function benchEngine(engine: Engine) {
  const place = await benchPlace(engine, 'load');
  const { dataDir, databaseUrl } = place;
  const env = loadEnv({ DATA_DIR: dataDir, SEED_DEMO: '1', BACKUP_EVERY_HOURS: '0', ...(databaseUrl && { DATABASE_URL: databaseUrl }) });
  const db = await prepareDatabase(env, (p) => console.error(`[bench:load] ${engine}: ${p.step}`));
  const app = createApp({ pool: db.pool, engine: db.engine, env, extent: await readExtent(db) });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((r) => server.once('listening', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    // The writer: the first demo officer and an open hazard of the officer's county.
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'officer.donge', password: DEMO_PASSWORD }) });
    const session = (await login.json()) as { csrfToken: string };
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const hazard = (await db.pool.query<{ id: number }>(`SELECT id FROM hazards WHERE county_code = '371524' AND status <> 'closed' ORDER BY id LIMIT 1`)).rows[0];
    if (!hazard) throw new Error('no open hazard in 东阿 to edit');

    for (const r of READS) await timed(base + r); // warm the cache
    const reads: number[] = [];
    const writes: number[] = [];
    const health: number[] = [];
    const failures: string[] = [];
    const until = performance.now() + seconds * 1000;
    const load0 = loadavg();
    const reader = async (k: number) => {
      for (let i = k; performance.now() < until; i++) {
        const [t, r] = await timed(base + READS[i % READS.length]);
        if (r.ok) reads.push(t);
        else failures.push(`${READS[i % READS.length]} ${r.status}`);
      }
    };
    const writer = async () => {
      for (let i = 0; performance.now() < until; i++) {
        const version = (await db.pool.query<{ version: number }>(`SELECT version FROM hazards WHERE id = $1`, [hazard.id])).rows[0].version;
        const [t, r] = await timed(`${base}/api/hazards/${hazard.id}`, {
          method: 'PATCH', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': session.csrfToken },
          body: JSON.stringify({ version, description: `压力测试修改 ${i}` }),
        });
        if (r.ok) writes.push(t);
        else failures.push(`PATCH ${r.status}`);
      }
    };
    const prober = async (every: number, into: number[], stop: () => boolean) => {
      while (!stop()) {
        const [t] = await timed(`${base}/api/health`);
        into.push(t);
        await new Promise((r) => setTimeout(r, every));
      }
    };
    await Promise.all([...Array.from({ length: readers }, (_, k) => reader(k)), writer(), prober(100, health, () => performance.now() >= until)]);
    const load1 = loadavg();

    // One pathological request: a whole-city grid of 300 m cells over a window nobody asked for.
    const heavyHealth: number[] = [];
    let done = false;
    const heavy = timed(`${base}/api/hotspots/grid?cell=300&from=2024-01-01&to=2025-12-31`).finally(() => (done = true));
    await Promise.all([heavy, prober(50, heavyHealth, () => done)]);
    const [heavyMs, heavyRes] = await heavy;

    return {
      engine, readers, seconds, load: `${load0} → ${load1}`,
      reads: { n: reads.length, p50: pct(reads, 50), p95: pct(reads, 95), p99: pct(reads, 99) },
      writes: { n: writes.length, p50: pct(writes, 50), p95: pct(writes, 95), p99: pct(writes, 99) },
      health: { n: health.length, p50: pct(health, 50), p99: pct(health, 99), max: Math.max(...health) },
      heavy: { ms: heavyMs, status: heavyRes.status, healthMax: Math.max(...heavyHealth), healthN: heavyHealth.length },
      failures: failures.length ? [...new Set(failures)].slice(0, 5) : [],
    };
  } finally {
    await new Promise((r) => server.close(r));
    await db.close();
    await place.remove();
  }
}

const results = [];
for (const e of engines) results.push(await benchEngine(e));
console.log(`\nLoad, ${readers} readers + 1 writer + health, ${seconds} s (${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${new Date().toISOString()})\n`);
console.log('| engine | reads (n) p50 / p95 / p99 | writer (n) p50 / p99 | health p50 / p99 / max | one heavy grid: its time, health max | load avg |');
console.log('|---|--:|--:|--:|--:|---|');
for (const r of results) {
  const target = r.engine === 'pglite' ? 1000 : 300;
  console.log(
    `| ${r.engine} | (${r.reads.n}) ${ms(r.reads.p50)} / ${ms(r.reads.p95)} / ${ms(r.reads.p99)} ${r.reads.p99 <= target ? '✓' : '✗'} | (${r.writes.n}) ${ms(r.writes.p50)} / ${ms(r.writes.p99)} ${r.writes.p99 <= 1000 ? '✓' : '✗'} | ${ms(r.health.p50)} / ${ms(r.health.p99)} ${r.health.p99 <= 200 ? '✓' : '✗'} / ${ms(r.health.max)} | ${ms(r.heavy.ms)} (${r.heavy.status}), ${ms(r.heavy.healthMax)} ${r.heavy.healthMax <= 1000 ? '✓' : '✗'} | ${r.load} |`,
  );
  if (r.failures.length) console.log(`  ${r.engine} failures: ${r.failures.join('; ')}`);
}

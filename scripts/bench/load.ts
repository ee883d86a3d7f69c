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
 * blocked more than 1 s by a single pathological request. Then a hostile phase: 8 loops for
 * `seconds` sending what an attacker would (2 MB JSON bodies, malformed JSON, a zip that inflates
 * to 256 MB, a 100 000-vertex obstacle, junk ids and dates, uncached whole-city grids) while the
 * server's and the embedded database's peak memory (VmHWM) is read: target ≤ 1.5 GB embedded.
 * The server is `api/main.ts` in a process of its own, as `npm start` runs it (the load generator
 * shares the machine's two cores with it, not its event loop).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { zipSync } from 'fflate';
import { DEMO_PASSWORD } from '@api/seed/accounts';
import { benchPlace } from './bench-database';
import { startServerProcess } from '../server-process';

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
const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;
const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/**
 * A GET as a browser sends it (gzip accepted, a kept-alive connection), timed to its last byte.
 * node:http leaves the gzip alone: unzipping is the browser's work, not the server machine's.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
function timed(url: string): Promise<[number, { ok: boolean; status: number }, number]> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { 'accept-encoding': 'gzip' } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve([performance.now() - t, { ok: res.statusCode! < 400, status: res.statusCode! }, bytes]));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** Peak resident memory (VmHWM, kB) of `pid` and each of its child processes (the embedded database). */
function peakMemory(pid: number): { server: number; database: number } {
  const hwm = (p: number) => Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
  const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  return { server: hwm(pid), database: children.reduce((a, c) => a + hwm(c), 0) };
}

/** What an attacker sends: each a function of the loop's counter, answered with a 4xx. */
function hostileRequests(base: string, auth: Record<string, string>): ((i: number) => Promise<Response>)[] {
  const json = (body: string, headers: Record<string, string> = {}) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const twoMb = JSON.stringify({ username: 'x', password: 'y'.repeat(2 * 1024 * 1024) });
  // A valid .xlsx-shaped zip whose one sheet inflates to 256 MB of spaces.
  const bomb = zipSync({ '[Content_Types].xml': new TextEncoder().encode('<Types/>'), 'xl/worksheets/sheet1.xml': new Uint8Array(256 * 1024 * 1024).fill(32) }, { level: 9 });
  const ring = Array.from({ length: 100_000 }, (_, k) => [116 + 0.01 * Math.cos((2 * Math.PI * k) / 100_000), 36.4 + 0.01 * Math.sin((2 * Math.PI * k) / 100_000)]);
  ring.push(ring[0]);
  const obstacle = JSON.stringify({ kind: 'building', geometry: { type: 'Polygon', coordinates: [ring] } });
  return [
    () => fetch(`${base}/api/auth/login`, json(twoMb)),
    () => fetch(`${base}/api/auth/login`, json('{')),
    () => fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"username":"a"}' }),
    () => {
      const form = new FormData();
      form.set('file', new Blob([bomb]), 'bomb.xlsx');
      return fetch(`${base}/api/hazards/import`, { method: 'POST', headers: auth, body: form });
    },
    () => fetch(`${base}/api/obstacles`, json(obstacle, auth)),
    (i) => fetch(`${base}/api/intersections/${2 ** 31 + i}`),
    () => fetch(`${base}/api/accidents?from=0000-01-01`),
    () => fetch(`${base}/api/hotspots/segments?to=9999-12-31`),
    (i) => fetch(`${base}/api/hazards?q=${encodeURIComponent('\u0000'.repeat(1 + (i % 5)))}`, { headers: auth }),
    // Whole-city grids nobody asked for before: real work, each a new window.
    (i) => fetch(`${base}/api/hotspots/grid?cell=500&from=2023-${String(1 + (i % 12)).padStart(2, '0')}-01&to=2025-06-30`),
  ];
}

async function benchEngine(engine: Engine) {
  const place = await benchPlace(engine, 'load');
  // Its output is not shown: a bench prints its table.
  const { child, url: base } = await startServerProcess({ DATA_DIR: place.dataDir, SEED_DEMO: '1', ...(place.databaseUrl && { DATABASE_URL: place.databaseUrl }) }, 30 * 60_000);
  try {
    // The writer: the first demo officer and an open hazard of the officer's county.
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'officer.donge', password: DEMO_PASSWORD }) });
    const session = (await login.json()) as { csrfToken: string };
    const auth = { cookie: login.headers.get('set-cookie')!.split(';')[0], 'x-csrf-token': session.csrfToken };
    const list = (await (await fetch(`${base}/api/hazards?status=registered,assigned`, { headers: auth })).json()) as { items: { id: number; version: number }[] };
    let hazard = list.items[0];
    if (!hazard) throw new Error('no open hazard in 东阿 to edit');

    for (const r of READS) await timed(base + r); // warm the cache
    const reads: number[] = [];
    const byPath: Record<string, { times: number[]; bytes: number }> = {};
    const writes: number[] = [];
    const health: number[] = [];
    const failures: string[] = [];
    const until = performance.now() + seconds * 1000;
    const load0 = loadavg();
    const reader = async (k: number) => {
      for (let i = k; performance.now() < until; i++) {
        const [t, r, bytes] = await timed(base + READS[i % READS.length]);
        if (r.ok) {
          reads.push(t);
          const p = (byPath[READS[i % READS.length]] ??= { times: [], bytes });
          p.times.push(t);
        }
        else failures.push(`${READS[i % READS.length]} ${r.status}`);
      }
    };
    const writer = async () => {
      for (let i = 0; performance.now() < until; i++) {
        const t = performance.now();
        const r = await fetch(`${base}/api/hazards/${hazard.id}`, {
          method: 'PATCH', headers: { 'content-type': 'application/json', ...auth },
          body: JSON.stringify({ version: hazard.version, description: `压力测试修改 ${i}` }),
        });
        const body = (await r.json()) as { id: number; version: number };
        if (r.ok) (writes.push(performance.now() - t), (hazard = body));
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
    const afterLoad = peakMemory(child.pid!);

    // One pathological request: a whole-city grid of 300 m cells over a window nobody asked for.
    const heavyHealth: number[] = [];
    let done = false;
    const heavy = timed(`${base}/api/hotspots/grid?cell=300&from=2024-01-01&to=2025-12-31`).finally(() => (done = true));
    await Promise.all([heavy, prober(50, heavyHealth, () => done)]);
    const [heavyMs, heavyRes] = await heavy;

    // The hostile phase: 8 loops for `seconds`, each request answered (4xx, or 200/503 for the grids).
    const hostile = hostileRequests(base, auth);
    const statuses = new Map<number, number>();
    const hostileHealth: number[] = [];
    const hostileUntil = performance.now() + seconds * 1000;
    const attacker = async (k: number) => {
      for (let i = k; performance.now() < hostileUntil; i++) {
        const r = await hostile[i % hostile.length](i).catch(() => null);
        await r?.arrayBuffer().catch(() => undefined);
        const s = r?.status ?? 0;
        statuses.set(s, (statuses.get(s) ?? 0) + 1);
      }
    };
    await Promise.all([...Array.from({ length: 8 }, (_, k) => attacker(k)), prober(100, hostileHealth, () => performance.now() >= hostileUntil)]);
    const afterHostile = peakMemory(child.pid!);

    return {
      engine, readers, seconds, load: `${load0} → ${load1}`,
      reads: { n: reads.length, p50: pct(reads, 50), p95: pct(reads, 95), p99: pct(reads, 99) },
      byPath: Object.entries(byPath).map(([path, { times, bytes }]) => `${path} (${times.length}, ${Math.round(bytes / 1024)} kB gzip) ${ms(pct(times, 50))} / ${ms(pct(times, 99))}`),
      writes: { n: writes.length, p50: pct(writes, 50), p95: pct(writes, 95), p99: pct(writes, 99) },
      health: { n: health.length, p50: pct(health, 50), p99: pct(health, 99), max: Math.max(...health) },
      heavy: { ms: heavyMs, status: heavyRes.status, healthMax: Math.max(...heavyHealth), healthN: heavyHealth.length },
      hostile: { statuses: [...statuses].sort((a, b) => a[0] - b[0]), healthP99: pct(hostileHealth, 99), afterLoad, afterHostile },
      failures: failures.length ? [...new Set(failures)].slice(0, 5) : [],
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
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
  console.log(`  ${r.engine} reads by path (n, size sent) p50 / p99: ${r.byPath.join('; ')}`);
  const { afterLoad, afterHostile } = r.hostile;
  const total = afterHostile.server + afterHostile.database;
  console.log(
    `  ${r.engine} hostile phase: answers ${r.hostile.statuses.map(([s, n]) => `${s || 'no answer'} × ${n}`).join(', ')}; health p99 ${ms(r.hostile.healthP99)};` +
      ` peak memory server ${mb(afterLoad.server)} → ${mb(afterHostile.server)}, database ${mb(afterLoad.database)} → ${mb(afterHostile.database)}, together ${mb(total)}${r.engine === 'pglite' ? (total <= 1.5 * 1024 * 1024 ? ' ✓' : ' ✗') : ''}`,
  );
}

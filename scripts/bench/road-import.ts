/**
 * `npm run bench:road-import [-- --engines postgres,pglite --ways 100000 --extra-nodes 5000000 --files city,padded --job-limit-min 90 --keep]`
 * (`--out DIR` writes the files there and leaves them; `--files-only` only writes them; `--explain`,
 * native: auto_explain logs the plans of statements over 3 s to bench-results/logs/.)
 *
 * The road network import (`POST /api/roads/import`) of an OpenStreetMap extract, as an admin sends
 * it from the dialog: the file as the raw body, `mode=replace`, `Prefer: respond-async`, the job
 * followed to its end. Each file goes to a server as `npm start` runs it (`api/main.ts` in its own
 * process) on a fresh database seeded with the demo world (embedded: a temp DATA_DIR; native: a
 * throwaway database on BENCH_DATABASE_URL): first a preview (`preview=true`: read, stage and cut
 * to the counties, nothing changed), then the import. Targets (the issue): a 100 000-way .osm.pbf
 * in ≤ 60 s native, with memory flat in the file's size.
 *
 * Measured: the time from the upload to the job's end (and to the 202: the body on the server's
 * disk), the time to read and stage (the last move of the job's progress, bytes read; on native,
 * from pg_stat_activity sampled every 100 ms: every statement of the import with its start, so the
 * swap's steps are timed too), the server's process tree's peak memory above its idle level (as
 * scripts/bench/rss.ts samples it; native PostgreSQL is not counted, its backend's CPU and RSS
 * are reported beside it), and
 * what the import answers: ways read, kept, outside, roads added, routes, intersections.
 *
 * The files are synthetic and generated deterministically (a seeded `Rng` from data/generator,
 * written with scripts/fixtures/osm-pbf-writer.ts; same arguments, same bytes):
 * - `city`: `ways` highway ways in Liaocheng. Around every township's point (data/base, as the
 *   generator repairs them) a street grid, turned by a few degrees, its spacing 110–170 m (less
 *   where townships are close, to keep neighbouring grids apart), each street split into ways between its
 *   crossings as OSM splits them (a third of the ways with a bend node between); every fourth
 *   street tertiary, the others residential or unclassified, many unnamed; secondary roads with an
 *   X ref from each township to its county seat; a few trunk (G105, G309) and primary (S254, S316,
 *   S258, S329) roads between seats. Grids are sized so the file holds exactly `ways` ways.
 * - `padded`: the same nodes and ways, plus `extra-nodes` nodes elsewhere in Shandong
 *   (117.5–119° E, 36–37° N, outside Liaocheng's box): half of them on highway ways of 20 nodes,
 *   half on buildings (closed ways of 4 nodes, `building=yes`). The import reads them all and keeps
 *   none: memory should not follow them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { DEMO_PASSWORD } from '@api/seed/accounts';
import { loadBase } from '../../data/generator/base-data';
import { Rng } from '../../data/generator/random';
import type { LonLat } from '../../data/generator/types';
import { writeOsmPbf, type PbfNode, type PbfWay } from '../fixtures/osm-pbf-writer';
import { adminQuery, benchPlace } from './bench-database';
import { RssSampler } from './rss';
import { startServerProcess } from '../server-process';

type Engine = 'pglite' | 'postgres';
type FileKind = 'city' | 'padded';
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const engines = arg('engines', 'postgres,pglite').split(',') as Engine[];
const fileKinds = arg('files', 'city,padded').split(',') as FileKind[];
const targetWays = Number(arg('ways', '100000'));
const extraNodes = Number(arg('extra-nodes', '5000000'));
const keep = process.argv.includes('--keep');
/** How long a job that reads as interrupted is followed (minutes from its upload). */
const jobLimitMin = Number(arg('job-limit-min', '90'));
/** Native: auto_explain on the bench database (plans of statements over 3 s, row counts, no timing), copied to bench-results/logs/. */
const explain = process.argv.includes('--explain');
/** Where Debian's PostgreSQL 15 logs (auto_explain's plans). */
const PG_LOG = '/var/log/postgresql/postgresql-15-main.log';
const SEED = 20261203;
const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (s: string) => console.error(`[bench:road-import] ${s}`);

// ---------------------------------------------------------------------------------------------
// The synthetic network
// ---------------------------------------------------------------------------------------------

/** Metres east/north of `at` as lon/lat (local flat approximation, fine over a few km). */
const offset = (at: LonLat, east: number, north: number): LonLat => [
  at[0] + east / (111_320 * Math.cos((at[1] * Math.PI) / 180)),
  at[1] + north / 110_574,
];
const metres = (a: LonLat, b: LonLat) => Math.hypot((b[0] - a[0]) * 111_320 * Math.cos((a[1] * Math.PI) / 180), (b[1] - a[1]) * 110_574);

class NetworkBuilder {
  nodes: PbfNode[] = [];
  ways: PbfWay[] = [];
  private nodeId = 0;
  private wayId = 0;
  node(p: LonLat): number {
    this.nodes.push({ id: ++this.nodeId, lon: Math.round(p[0] * 1e7) / 1e7, lat: Math.round(p[1] * 1e7) / 1e7 });
    return this.nodeId;
  }
  way(refs: number[], tags: Record<string, string>) {
    this.ways.push({ id: ++this.wayId, refs, tags });
  }
  /** A line through `points` (one node each), split into ways of `perWay` segments. */
  line(points: LonLat[], perWay: number, tags: Record<string, string>) {
    const ids = points.map((p) => this.node(p));
    for (let k = 0; k + 1 < ids.length; k += perWay) this.way(ids.slice(k, Math.min(ids.length, k + perWay + 1)), tags);
  }
}

interface GridPlan {
  name: string;
  point: LonLat;
  spacing: number;
  angle: number;
  base: number;
  cap: number;
}

/** Ways a grid of n streets each way makes: each street has n crossings and an end beyond each side, so n + 1 ways. */
const gridWays = (n: number) => 2 * n * (n + 1);
const gridSize = (p: GridPlan, f: number) => Math.max(3, Math.min(p.cap, Math.round(p.base * f)));

function addGrid(b: NetworkBuilder, rng: Rng, p: GridPlan, n: number, wayBudget: number) {
  const short = p.name.replace(/(街道|镇|乡)$/, '');
  const [c, s] = [Math.cos(p.angle), Math.sin(p.angle)];
  const at = (u: number, v: number): LonLat => offset(p.point, u * c - v * s, u * s + v * c);
  const half = ((n - 1) * p.spacing) / 2;
  const jitter = () => rng.uniform(-0.06, 0.06) * p.spacing;
  const crossings: number[][] = [];
  for (let i = 0; i < n; i++) {
    crossings.push([]);
    for (let j = 0; j < n; j++) crossings[i].push(b.node(at(i * p.spacing - half + jitter(), j * p.spacing - half + jitter())));
  }
  const stub = 0.6 * p.spacing;
  let added = 0;
  for (let i = 0; i < n; i++) {
    for (const dir of ['ns', 'ew'] as const) {
      const u = i * p.spacing - half;
      const ends: [LonLat, LonLat] = dir === 'ns' ? [at(u, -half - stub), at(u, half + stub)] : [at(-half - stub, u), at(half + stub, u)];
      const ids = [b.node(ends[0]), ...(dir === 'ns' ? crossings[i] : crossings.map((col) => col[i])), b.node(ends[1])];
      const tertiary = i % 4 === 1;
      const highway = tertiary ? 'tertiary' : rng.chance(0.6) ? 'residential' : 'unclassified';
      const tags: Record<string, string> = { highway };
      if (tertiary || rng.chance(highway === 'residential' ? 0.6 : 0.3)) tags.name = `${short}${dir === 'ns' ? '纵' : '横'}${i + 1}${dir === 'ns' ? '路' : '街'}`;
      if (rng.chance(tertiary ? 0.5 : 0.25)) tags.lit = 'yes';
      if (rng.chance(tertiary ? 0.4 : 0.15)) tags.maxspeed = tertiary ? '40' : '30';
      for (let k = 0; k + 1 < ids.length; k++) {
        if (added >= wayBudget) return added;
        const refs = [ids[k], ids[k + 1]];
        // A bend between the crossings on a third of the ways, a few metres off the straight line.
        if (rng.chance(1 / 3)) {
          const a = b.nodes[ids[k] - 1];
          const z = b.nodes[ids[k + 1] - 1];
          refs.splice(1, 0, b.node(offset([(a.lon + z.lon) / 2, (a.lat + z.lat) / 2], rng.uniform(-4, 4), rng.uniform(-4, 4))));
        }
        b.way(refs, tags);
        added++;
      }
    }
  }
  return added;
}

/** A gently curving road from `a` to `z`, a node every ~`step` m. */
function curve(rng: Rng, a: LonLat, z: LonLat, step: number): LonLat[] {
  const d = metres(a, z);
  const k = Math.max(2, Math.round(d / step));
  const bow = rng.uniform(-0.04, 0.04) * d;
  const [ex, ny] = [(z[0] - a[0]) / k, (z[1] - a[1]) / k];
  const normal: [number, number] = [-(z[1] - a[1]) * 110_574, (z[0] - a[0]) * 111_320 * Math.cos((a[1] * Math.PI) / 180)];
  const len = Math.hypot(...normal) || 1;
  const pts: LonLat[] = [];
  for (let i = 0; i <= k; i++) {
    const t = i / k;
    const off = i === 0 || i === k ? 0 : bow * Math.sin(Math.PI * t) + rng.uniform(-5, 5);
    pts.push(offset([a[0] + ex * i, a[1] + ny * i], (normal[0] / len) * off, (normal[1] / len) * off));
  }
  return pts;
}

/** The Liaocheng network: exactly `target` highway ways. */
function liaochengNetwork(target: number) {
  const base = loadBase();
  const rng = new Rng(SEED, 'road-import-bench');
  const seat = new Map(base.counties.map((c) => [c.code, c.seat]));
  const towns = base.townships.filter((t) => t.point).sort((a, b) => a.code.localeCompare(b.code));
  const b = new NetworkBuilder();

  // Numbered roads between county seats, ways of ~1.2 km.
  const trunks: [string, string, string, string[]][] = [
    ['trunk', 'G105', '国道105线', ['371524', '371502', '371503', '371526']],
    ['trunk', 'G309', '国道309线', ['371525', '371502', '371503']],
    ['primary', 'S254', '省道254线', ['371522', '371521', '371524']],
    ['primary', 'S316', '省道316线', ['371581', '371526']],
    ['primary', 'S258', '省道258线', ['371525', '371581']],
    ['primary', 'S329', '省道329线', ['371522', '371502']],
  ];
  for (const [highway, ref, name, codes] of trunks) {
    for (let k = 0; k + 1 < codes.length; k++) {
      b.line(curve(rng, seat.get(codes[k])!, seat.get(codes[k + 1])!, 300), 4, { highway, ref, name, maxspeed: highway === 'trunk' ? '80' : '60' });
    }
  }
  // A county road (secondary, X ref) from each township farther than 3 km to its county's seat, ways of ~1 km.
  let x = 0;
  for (const t of towns) {
    const s = seat.get(t.countyCode)!;
    if (metres(t.point!, s) < 3000) continue;
    const tags: Record<string, string> = { highway: 'secondary', ref: `X${String(++x).padStart(3, '0')}`, name: `${t.name.replace(/(街道|镇|乡)$/, '')}公路` };
    if (rng.chance(0.3)) tags.maxspeed = '60';
    b.line(curve(rng, t.point!, s, 250), 4, tags);
  }

  // A grid at every township: spacing 110–170 m, at most 85 % of the way to the nearest other township across.
  const plans: GridPlan[] = towns.map((t) => {
    const near = Math.min(...towns.filter((o) => o !== t).map((o) => metres(t.point!, o.point!)));
    const spacing = Math.min(rng.uniform(110, 170), Math.max(60, (0.85 * near) / 12));
    return { name: t.name, point: t.point!, spacing, angle: rng.uniform(-0.35, 0.35), base: rng.uniform(0.7, 1.3), cap: Math.max(3, Math.floor((0.85 * near) / spacing)) };
  });
  const room = target - b.ways.length;
  const total = (f: number) => plans.reduce((n, p) => n + gridWays(gridSize(p, f)), 0);
  let [lo, hi] = [1, 200];
  while (hi - lo > 0.001) {
    const mid = (lo + hi) / 2;
    if (total(mid) >= room) hi = mid;
    else lo = mid;
  }
  if (total(hi) < room) throw new Error(`the townships' grids cannot hold ${room} ways`);
  let left = room;
  for (const p of plans) if (left > 0) left -= addGrid(b, rng, p, gridSize(p, hi), left);
  return { nodes: b.nodes, ways: b.ways, grids: plans.map((p) => gridSize(p, hi)) };
}

/** The .osm.pbf files, written block by block (writeOsmPbf's header once, then its blocks). */
async function writeFiles(dir: string) {
  const t0 = performance.now();
  const net = liaochengNetwork(targetWays);
  const header = writeOsmPbf([], []);
  const blocks = (nodes: PbfNode[], ways: PbfWay[]) => writeOsmPbf(nodes, ways).subarray(header.length);
  const cityNodes = blocks(net.nodes, []);
  const cityWays = blocks([], net.ways);
  const files: Record<FileKind, { file: string; bytes: number; nodes: number; ways: number; highwayWays: number }> = {} as never;
  const city = path.join(dir, 'liaocheng.osm.pbf');
  fs.writeFileSync(city, Buffer.concat([header, cityNodes, cityWays]));
  files.city = { file: city, bytes: fs.statSync(city).size, nodes: net.nodes.length, ways: net.ways.length, highwayWays: net.ways.length };
  const classes: Record<string, number> = {};
  for (const w of net.ways) classes[w.tags.highway] = (classes[w.tags.highway] ?? 0) + 1;
  log(`city: ${net.ways.length} ways (${JSON.stringify(classes)}), ${net.nodes.length} nodes, ${net.grids.length} grids of ${Math.min(...net.grids)}–${Math.max(...net.grids)} streets, ${mb(files.city.bytes)} MB`);

  if (fileKinds.includes('padded')) {
    // Elsewhere in Shandong: half the extra nodes on highway ways of 20 nodes, half on 4-node buildings.
    const rng = new Rng(SEED, 'road-import-bench-shandong');
    const roadNodes = Math.floor(extraNodes / 2 / 20) * 20;
    const buildingNodes = Math.floor((extraNodes - roadNodes) / 4) * 4;
    const firstNode = net.nodes.length + 1;
    const firstWay = net.ways.length + 1;
    const padded = path.join(dir, 'liaocheng-in-shandong.osm.pbf');
    const out = fs.openSync(padded, 'w');
    fs.writeSync(out, header);
    fs.writeSync(out, cityNodes);
    const CHUNK = 8000 * 25;
    let id = firstNode;
    let at: LonLat = [118, 36.5];
    const point = (): LonLat => [rng.uniform(117.5, 119), rng.uniform(36, 37)];
    for (let done = 0; done < roadNodes + buildingNodes; ) {
      const chunk: PbfNode[] = [];
      for (; chunk.length < CHUNK && done < roadNodes + buildingNodes; done++) {
        const k = done < roadNodes ? done % 20 : (done - roadNodes) % 4;
        if (done < roadNodes) at = k === 0 ? point() : offset(at, rng.uniform(-120, 120), rng.uniform(-120, 120));
        else at = k === 0 ? point() : offset(at, k === 1 || k === 2 ? 12 : 0, k === 2 || k === 3 ? 9 : 0);
        chunk.push({ id: id++, lon: Math.round(at[0] * 1e7) / 1e7, lat: Math.round(at[1] * 1e7) / 1e7 });
      }
      fs.writeSync(out, blocks(chunk, []));
    }
    fs.writeSync(out, cityWays);
    let wayId = firstWay;
    const extraWays = roadNodes / 20 + buildingNodes / 4;
    const HIGHWAYS = ['residential', 'residential', 'unclassified', 'tertiary', 'service', 'track'];
    for (let w = 0; w < extraWays; ) {
      const chunk: PbfWay[] = [];
      for (; chunk.length < CHUNK && w < extraWays; w++) {
        if (w < roadNodes / 20) {
          const from = firstNode + w * 20;
          chunk.push({ id: wayId++, refs: Array.from({ length: 20 }, (_, k) => from + k), tags: { highway: HIGHWAYS[w % HIGHWAYS.length] } });
        } else {
          const from = firstNode + roadNodes + (w - roadNodes / 20) * 4;
          chunk.push({ id: wayId++, refs: [from, from + 1, from + 2, from + 3, from], tags: { building: 'yes' } });
        }
      }
      fs.writeSync(out, blocks([], chunk));
    }
    fs.closeSync(out);
    files.padded = {
      file: padded, bytes: fs.statSync(padded).size, nodes: net.nodes.length + roadNodes + buildingNodes,
      ways: net.ways.length + extraWays, highwayWays: net.ways.length + roadNodes / 20,
    };
    log(`padded: + ${roadNodes + buildingNodes} nodes outside Liaocheng, ${roadNodes / 20} highway ways and ${buildingNodes / 4} buildings on them, ${mb(files.padded.bytes)} MB`);
  }
  log(`files written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return files;
}

// ---------------------------------------------------------------------------------------------
// The import's statements, as pg_stat_activity shows them (native)
// ---------------------------------------------------------------------------------------------

/** What a statement of the import is (first match); the SQL is api/roads/*, api/intersections/*. */
const STEPS: [RegExp, string][] = [
  [/^SET statement_timeout|^CREATE TEMP TABLE road_stage_|^INSERT INTO road_stage_/, 'read + stage'],
  [/^CREATE INDEX ON road_stage_/, 'stage index'],
  [/^-- The staged lines/, 'clip (clip.sql)'],
  [/count\(DISTINCT seq\)/, 'summary'],
  [/^-- The roads an import removes|"removedSynthetic"/, 'doomed (doomed.sql)'],
  [/^BEGIN|pg_advisory_xact_lock|^LOCK TABLE roads/, 'locks'],
  [/^-- Replaces the doomed|^UPDATE accidents SET road_id = NULL/, 'swap: accidents let go of removed roads'],
  [/^UPDATE school_gates SET road_id = NULL/, 'swap: gates let go'],
  [/^DELETE FROM roads WHERE id IN/, 'swap: DELETE FROM roads'],
  [/^INSERT INTO roads/, 'swap: INSERT INTO roads'],
  [/^-- After the network changed/, 'obstacles, gates (after-swap.sql)'],
  [/rebuild_road_routes/, 'rebuild_road_routes()'],
  [/seed_kilometre_posts/, 'seed_kilometre_posts()'],
  [/^DELETE FROM (sight_triangles|approaches|intersections)$/, 'buildNetwork: clear'],
  [/^-- The intersections of the road network|^SELECT count\(\*\)::int AS n FROM intersections/, 'buildNetwork (network.sql)'],
  [/required_sight_distance|^DELETE FROM sight_triangles WHERE/, 'analyseSight: reach, clear'],
  [/^-- Sight triangles/, 'analyseSight: triangles (analyse.sql)'],
  [/^-- Each intersection within|FILTER \(WHERE deficient\)/, 'analyseSight: summary (summary.sql)'],
  [/sight_runs/, 'record run'],
  [/^COMMIT/, 'commit'],
  [/^ANALYZE/, 'ANALYZE'],
  [/AS routes|^DROP TABLE IF EXISTS road_doomed|^RESET statement_timeout/, 'counts, clean-up'],
  [/^UPDATE jobs|FROM jobs/, 'the job row (after the import)'],
  [/FROM users|FROM sessions/, "the request's session (before the import)"],
];
const stepOf = (query: string) => STEPS.find(([re]) => re.test(query.trim()))?.[1] ?? `other: ${query.trim().replace(/\s+/g, ' ').slice(0, 60)}`;

interface Activity {
  pid: number;
  state: string;
  queryStart: number;
  query: string;
}

/** Samples the bench database's sessions every 100 ms; `steps()` times the import's statements by their starts. */
class ActivitySampler {
  private client: pg.Client;
  private timer: NodeJS.Timeout | undefined;
  private seen = new Map<string, Activity & { samples: number; active: number; last: number }>();
  private backend: RssSampler | null = null;
  private backendPid = 0;
  private busy = false;

  constructor(url: string) {
    this.client = new pg.Client({ connectionString: url });
  }

  async start() {
    await this.client.connect();
    await this.client.query(`SET application_name = 'road-import-bench'`);
    this.timer = setInterval(() => void this.sample(), 100);
  }

  private async sample() {
    if (this.busy) return;
    this.busy = true;
    try {
      const now = Date.now();
      const r = await this.client.query<{ pid: number; state: string; qs: number; query: string }>(
        `SELECT pid, state, extract(epoch FROM query_start) * 1000 AS qs, left(query, 1000) AS query
         FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query_start IS NOT NULL`,
      );
      for (const a of r.rows) {
        const key = `${a.pid}@${a.qs}`;
        const s = this.seen.get(key) ?? { pid: a.pid, state: a.state, queryStart: Number(a.qs), query: a.query, samples: 0, active: 0, last: now };
        s.samples++;
        if (a.state === 'active') s.active++;
        s.last = now;
        this.seen.set(key, s);
        if (!this.backend && /road_stage_/.test(a.query)) {
          this.backendPid = a.pid;
          this.backend = new RssSampler(a.pid, 200).start();
        }
      }
    } catch {
      // A sample lost; the next one comes.
    } finally {
      this.busy = false;
    }
  }

  async stop() {
    clearInterval(this.timer);
    while (this.busy) await sleep(20);
    await this.client.end();
    const backend = this.backend?.stop();
    // The import's session: the one that staged the file; its statements in order of their starts.
    const mine = [...this.seen.values()].filter((a) => a.pid === this.backendPid).sort((a, b) => a.queryStart - b.queryStart);
    const steps: { step: string; s: number; activeShare: number }[] = [];
    for (let i = 0; i < mine.length; i++) {
      const end = i + 1 < mine.length ? mine[i + 1].queryStart : mine[i].last;
      const step = stepOf(mine[i].query);
      const last = steps[steps.length - 1];
      const s = (end - mine[i].queryStart) / 1000;
      if (last?.step === step) {
        last.activeShare = (last.activeShare * last.s + (mine[i].samples ? mine[i].active / mine[i].samples : 0) * s) / Math.max(1e-9, last.s + s);
        last.s += s;
      } else steps.push({ step, s, activeShare: mine[i].samples ? mine[i].active / mine[i].samples : 0 });
    }
    return {
      steps: steps.map((x) => ({ step: x.step, s: Number(x.s.toFixed(2)), activeShare: Number(x.activeShare.toFixed(2)) })),
      backendCpuS: backend ? Number(backend.cpuS.toFixed(1)) : null,
      backendPeakRssMb: backend ? Math.round(backend.peakTotal / 1048576) : null,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// The runs
// ---------------------------------------------------------------------------------------------

type Auth = Record<'cookie' | 'x-csrf-token', string>;

/** One upload as the dialog sends it, followed to the job's end. */
async function importOnce(url: string, auth: Auth, serverPid: number, file: string, query: Record<string, string>, databaseUrl: string | undefined) {
  const bytes = fs.readFileSync(file);
  const sampler = new RssSampler(serverPid);
  await sleep(2000);
  sampler.sample();
  const idle = sampler.peaks.peakTotal;
  sampler.start();
  const cpu0 = sampler.peaks.cpuS;
  const activity = databaseUrl ? new ActivitySampler(databaseUrl) : null;
  await activity?.start();
  const load0 = fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  const t0 = performance.now();
  const res = await fetch(`${url}/api/roads/import?${new URLSearchParams(query)}`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/octet-stream', prefer: 'respond-async' },
    body: bytes,
  });
  if (res.status !== 202) throw new Error(`upload: ${res.status} ${await res.text()}`);
  const uploadS = (performance.now() - t0) / 1000;
  let job = (await res.json()) as { id: number; state: string; done: number; total: number | null; result?: Record<string, unknown>; error?: unknown };
  // The read's end as the job shows it: the last time its progress (bytes read) moved while it ran.
  let readS: number | null = null;
  let progress = job.done;
  // Embedded, one statement holds PGlite's only session: the job's heartbeat waits behind it, and after
  // 60 s GET /api/jobs calls the job interrupted though it runs on. Followed on until it ends (or the limit).
  let interruptedS: number | null = null;
  while (job.state === 'running' || (job.state === 'interrupted' && performance.now() - t0 < jobLimitMin * 60_000)) {
    await sleep(200);
    job = await (await fetch(`${url}/api/jobs/${job.id}`, { headers: auth })).json();
    if (job.state === 'running' && job.done !== progress) [progress, readS] = [job.done, (performance.now() - t0) / 1000];
    if (job.state === 'interrupted' && interruptedS === null) {
      interruptedS = (performance.now() - t0) / 1000;
      log(`the job reads as interrupted after ${interruptedS.toFixed(0)} s; following it on`);
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const peaks = sampler.stop();
  const statements = await activity?.stop();
  // A job that fails (e.g. a statement past the import's 20-minute limit) is reported, not thrown: the next file still runs.
  if (job.state !== 'done' || !job.result) log(`the job ended ${job.state}: ${JSON.stringify(job.error)}`);
  return {
    state: job.state,
    interruptedS: interruptedS === null ? null : Number(interruptedS.toFixed(1)),
    error: job.state === 'done' ? undefined : job.error,
    seconds: Number(seconds.toFixed(1)),
    uploadS: Number(uploadS.toFixed(1)),
    readS: readS === null ? null : Number(readS.toFixed(1)),
    serverMs: (job.result?.ms as number | undefined) ?? null,
    serverCpuS: Number((peaks.cpuS - cpu0).toFixed(1)),
    idleMb: Math.round(idle / 1048576),
    peakMb: Math.round(peaks.peakTotal / 1048576),
    aboveIdleMb: Math.round((peaks.peakTotal - idle) / 1048576),
    peakByProcessMb: Object.fromEntries(Object.entries(peaks.peakByProcess).map(([k, v]) => [k, Math.round(v / 1048576)])),
    load: `${load0}→${fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`,
    ...statements,
    result: job.result,
  };
}

async function runFile(engine: Engine, kind: FileKind, f: { file: string; bytes: number; nodes: number; ways: number; highwayWays: number }) {
  const place = await benchPlace(engine, 'roadimport');
  const logFrom = explain && place.databaseUrl && fs.existsSync(PG_LOG) ? fs.statSync(PG_LOG).size : null;
  if (logFrom !== null) {
    const db = new URL(place.databaseUrl!).pathname.slice(1);
    await adminQuery(`ALTER DATABASE ${db} SET session_preload_libraries = 'auto_explain'`);
    for (const [k, v] of [['log_min_duration', '3s'], ['log_analyze', 'on'], ['log_timing', 'off'], ['log_nested_statements', 'on']]) {
      await adminQuery(`ALTER DATABASE ${db} SET auto_explain.${k} = '${v}'`);
    }
  }
  const started = performance.now();
  const { child, url } = await startServerProcess({ DATA_DIR: place.dataDir, SEED_DEMO: '1', ...(place.databaseUrl && { DATABASE_URL: place.databaseUrl }) }, 30 * 60_000);
  const startS = (performance.now() - started) / 1000;
  log(`${engine} ${kind}: server up in ${startS.toFixed(1)} s (fresh database, demo world seeded)`);
  try {
    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }) });
    if (!login.ok) throw new Error(`login: ${login.status} ${await login.text()}`);
    const session = (await login.json()) as { csrfToken: string };
    const auth = { cookie: login.headers.get('set-cookie')!.split(';')[0], 'x-csrf-token': session.csrfToken };
    const before = await (await fetch(`${url}/api/roads/network`)).json();
    const name = path.basename(f.file);
    const preview = await importOnce(url, auth, child.pid!, f.file, { name, mode: 'replace', preview: 'true' }, place.databaseUrl);
    log(`${engine} ${kind}: preview ${preview.state} in ${preview.seconds} s, ${preview.aboveIdleMb} MB above idle`);
    const done = await importOnce(url, auth, child.pid!, f.file, { name, mode: 'replace' }, place.databaseUrl);
    log(`${engine} ${kind}: import ${done.state} in ${done.seconds} s, ${done.aboveIdleMb} MB above idle`);
    const r = (done.result ?? preview.result ?? {}) as { read: number; outside: number; kept: number; byClass: unknown; network: Record<string, number>; intersections: number; deficient: number };
    const health = (await (await fetch(`${url}/api/health`)).json()) as { ok?: boolean };
    const strip = ({ result: _r, ...x }: typeof preview) => x;
    return {
      engine,
      file: kind,
      fileMb: mb(f.bytes),
      fileNodes: f.nodes,
      fileWays: f.ways,
      fileHighwayWays: f.highwayWays,
      startS: Number(startS.toFixed(1)),
      roadsBefore: (before as { roads: number }).roads,
      read: r.read,
      outside: r.outside,
      kept: r.kept,
      byClass: r.byClass,
      network: done.result ? r.network : null,
      intersections: r.intersections ?? null,
      deficient: r.deficient,
      preview: strip(preview),
      import: strip(done),
      healthy: health.ok === true,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    if (logFrom !== null) {
      const fd = fs.openSync(PG_LOG, 'r');
      const text = Buffer.alloc(fs.fstatSync(fd).size - logFrom);
      fs.readSync(fd, text, 0, text.length, logFrom);
      fs.closeSync(fd);
      const to = path.resolve(import.meta.dirname, '../../bench-results/logs', `road-import-explain-${engine}-${kind}.log`);
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.writeFileSync(to, text);
      log(`plans in ${to}`);
    }
    await place.remove(keep);
  }
}

const out = arg('out', '');
const dir = out || fs.mkdtempSync(path.join(os.tmpdir(), 'changan-bench-roads-'));
fs.mkdirSync(dir, { recursive: true });
try {
  const files = await writeFiles(dir);
  if (process.argv.includes('--files-only')) engines.length = 0;
  for (const engine of engines) {
    for (const kind of fileKinds) {
      const r = await runFile(engine, kind, files[kind]);
      console.log(JSON.stringify(r));
    }
  }
} finally {
  if (!out) fs.rmSync(dir, { recursive: true, force: true });
}
console.log(`\nmachine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 1073741824)} GiB; ${new Date().toISOString()}`);

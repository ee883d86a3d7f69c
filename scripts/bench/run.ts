/**
 * `npm run bench [-- --counts 20000,200000,1000000 --engines pglite,postgres --runs 5]`
 *
 * For each engine and accident count: starts the real server on a fresh database (embedded:
 * a temp DATA_DIR; native: a throwaway database on BENCH_DATABASE_URL), times the first start
 * (seed included) to a healthy /api/health, times whole-city GET /api/accidents as GeoJSON and
 * binary, stops it, times a second start on the same data, and samples the peak RSS of the
 * server's process tree. Prints markdown tables and writes JSON to bench-results/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { measureAccidents, type FormatResult } from './http';
import type { RssPeaks } from './rss';
import { killAllServers, startServer, stopServer, type StepTime } from './server';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = path.join(root, 'bench-results');

type Engine = 'pglite' | 'postgres';

function parseArgs(argv: string[]) {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    if (i >= 0) return argv[i + 1];
    const eq = argv.find((a) => a.startsWith(`--${name}=`));
    return eq?.slice(name.length + 3);
  };
  const counts = (get('counts') ?? '20000,200000,1000000').split(',').map((s) => Number(s.replace(/[_k]/gi, (c) => (c.toLowerCase() === 'k' ? '000' : ''))));
  const engines = (get('engines') ?? 'pglite,postgres').split(',') as Engine[];
  for (const c of counts) if (!Number.isInteger(c) || c < 0) throw new Error(`--counts: bad number ${c}`);
  for (const e of engines) if (e !== 'pglite' && e !== 'postgres') throw new Error(`--engines: unknown engine ${e}`);
  return {
    counts,
    engines,
    runs: Number(get('runs') ?? 5),
    timeoutMs: Number(get('timeout-min') ?? 20) * 60_000,
  };
}

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://changan:changan@127.0.0.1:5432/postgres';

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

function dirSize(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += dirSize(p);
    else if (e.isFile()) total += fs.statSync(p).size;
  }
  return total;
}

// ---- cleanup, also on Ctrl-C ------------------------------------------------------------------
const cleanups = new Map<string, () => Promise<void>>();
async function runCleanups() {
  killAllServers();
  for (const [name, fn] of [...cleanups]) {
    try {
      await fn();
    } catch (err) {
      console.error(`cleanup ${name} failed:`, err instanceof Error ? err.message : err);
    }
    cleanups.delete(name);
  }
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    console.error(`\n${sig}: stopping servers and cleaning up…`);
    void runCleanups().finally(() => process.exit(130));
  });
}

// ---- one engine × count --------------------------------------------------------------------
interface StartResult {
  healthyS: number;
  /** CPU seconds (user + system) of the server's process tree until healthy. */
  cpuS: number;
  steps: StepTime[];
  /** Peaks until healthy (first start: includes the seed). */
  startPeaks: RssPeaks;
  /** Peaks over the server's whole life (first run: includes the /api/accidents requests). */
  peaks: RssPeaks;
  stopS: number;
  cleanStop: boolean;
}

interface CaseResult {
  engine: Engine;
  accidents: number;
  ok: boolean;
  error?: string;
  postgis?: string;
  first?: StartResult & ReturnType<typeof seedTimes>;
  second?: StartResult & { openS: number | null };
  geojson?: FormatResult;
  binary?: FormatResult;
  dataBytes?: number;
  /** 1-minute load average when the case began and ended: other work on the machine skews wall times. */
  load?: [number, number];
}

const stepAt = (steps: StepTime[], re: RegExp) => steps.find((s) => re.test(s.step));

/**
 * From the server's progress lines: opening the database (until "migrating"), the whole seed
 * ("generating base world" until "running"), and its roads + accidents part ("roads" until
 * "analysing tables": accidents are generated lazily, batch by batch, while they are inserted,
 * and the first accident line appears only after the first batch).
 */
function seedTimes(steps: StepTime[]) {
  const migrating = stepAt(steps, /^migrating/);
  const begin = stepAt(steps, /^generating base world/);
  const roads = stepAt(steps, /^roads/);
  const analysing = stepAt(steps, /^analysing/);
  const running = stepAt(steps, /is running on/);
  return {
    openS: migrating ? migrating.first : null,
    seedS: begin && running ? running.first - begin.first : null,
    roadsAccidentsS: roads && analysing ? analysing.first - roads.first : null,
    analyseS: analysing && running ? running.first - analysing.first : null,
  };
}

async function runCase(engine: Engine, accidents: number, opts: ReturnType<typeof parseArgs>, stamp: string): Promise<CaseResult> {
  const res: CaseResult = { engine, accidents, ok: false };
  const load0 = os.loadavg()[0];
  const tag = `${engine}-${accidents}`;
  const env: Record<string, string> = { SEED_ACCIDENTS: String(accidents) };
  let measureSize: () => Promise<number>;

  // Everything on disk for this case lives under one temp folder: the data folder, and the
  // server's TMPDIR (the embedded database's socket folder), so a killed server leaves nothing.
  const caseDir = fs.mkdtempSync(path.join(os.tmpdir(), `changan-bench-${accidents}-`));
  fs.mkdirSync(path.join(caseDir, 'tmp'));
  env.TMPDIR = path.join(caseDir, 'tmp');
  const removeDir = async () => fs.rmSync(caseDir, { recursive: true, force: true });
  cleanups.set(tag, removeDir);
  if (engine === 'pglite') {
    const dir = path.join(caseDir, 'data');
    env.DATA_DIR = dir;
    measureSize = async () => dirSize(dir);
  } else {
    const db = `changan_bench_${accidents}_${process.pid}`;
    cleanups.set(tag, async () => {
      await removeDir();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`));
    });
    env.DATABASE_URL = withDatabase(adminUrl, db);
    measureSize = () => admin((c) => c.query(`SELECT pg_database_size($1) AS n`, [db])).then((r) => Number(r.rows[0].n));
  }

  const echo = (line: string) => console.log(`    ${line}`);
  try {
    if (engine === 'postgres') {
      const db = new URL(env.DATABASE_URL).pathname.slice(1);
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).then(() => c.query(`CREATE DATABASE ${db}`)));
    }
    console.log(`  first start (seeding ${accidents.toLocaleString()} accidents)…`);
    const first = await startServer({ root, env, timeoutMs: opts.timeoutMs, logFile: path.join(outDir, 'logs', `${stamp}-${tag}-first.log`), echo });
    res.postgis = (first.health as { postgis?: string })?.postgis;
    console.log(`  healthy after ${(first.healthyMs / 1000).toFixed(1)} s; measuring /api/accidents…`);
    try {
      res.geojson = await measureAccidents(first.url, 'geojson', accidents, opts.runs);
      res.binary = await measureAccidents(first.url, 'binary', accidents, opts.runs);
    } finally {
      const stop1 = await stopServer(first);
      res.first = {
        healthyS: first.healthyMs / 1000,
        cpuS: first.cpuToHealthyS,
        startPeaks: first.startPeaks,
        steps: first.steps,
        peaks: stop1.peaks,
        stopS: stop1.stopMs / 1000,
        cleanStop: stop1.clean,
        ...seedTimes(first.steps),
      };
    }
    res.dataBytes = await measureSize();

    console.log('  second start…');
    const second = await startServer({ root, env, timeoutMs: opts.timeoutMs, logFile: path.join(outDir, 'logs', `${stamp}-${tag}-second.log`), echo });
    const stop2 = await stopServer(second);
    res.second = { openS: seedTimes(second.steps).openS, healthyS: second.healthyMs / 1000, cpuS: second.cpuToHealthyS, startPeaks: second.startPeaks, steps: second.steps, peaks: stop2.peaks, stopS: stop2.stopMs / 1000, cleanStop: stop2.clean };
    res.ok = true;
  } catch (err) {
    res.error = err instanceof Error ? err.message : String(err);
    console.error(`  FAILED: ${res.error}`);
  } finally {
    res.load = [+load0.toFixed(2), +os.loadavg()[0].toFixed(2)];
    killAllServers();
    const fn = cleanups.get(tag);
    cleanups.delete(tag);
    if (fn) await fn().catch((e) => console.error(`  cleanup failed: ${e instanceof Error ? e.message : e}`));
  }
  return res;
}

// ---- output ---------------------------------------------------------------------------------
const MB = (b: number) => (b / 1e6).toFixed(b < 1e7 ? 2 : 1);
const s1 = (x: number | null | undefined) => (x == null || Number.isNaN(x) ? '–' : x.toFixed(1));
const ms = (x: number) => (x < 100 ? x.toFixed(1) : x.toFixed(0));
const rssCell = (p?: RssPeaks) => {
  if (!p) return '–';
  const parts = Object.entries(p.peakByProcess)
    .sort((a, b) => b[1] - a[1])
    .filter(([, v]) => v > 20e6)
    .map(([k, v]) => `${k} ${Math.round(v / 1e6)}`);
  return `${Math.round(p.peakTotal / 1e6)} (${parts.join(', ')})`;
};

/** The line of an error that says what went wrong, for a table cell. */
function shortError(e?: string): string {
  const lines = (e ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  const line = lines.find((l) => /error|could not|cannot|timeout|not healthy/i.test(l) && !/before it was healthy:$/.test(l)) ?? lines[0] ?? '';
  return line.replace(/\|/g, '\\|').slice(0, 160);
}

function formatCell(f?: FormatResult): string[] {
  if (!f) return ['–', '–', '–'];
  if (f.refused) return [`400 (${ms(f.medianMs)} ms)`, 'refused: > 250 000 features', '–'];
  const gz = f.gzip.contentEncoding ? `${MB(f.gzip.wireBytes)} MB` : `not compressed (gzip here: ${MB(f.gzipLocalBytes)} MB)`;
  return [`${ms(f.medianMs)}`, `${MB(f.bytes)} MB (${f.bytesPerAccident?.toFixed(1)} B/acc.)`, gz];
}

function tables(results: CaseResult[]): string {
  const lines: string[] = [];
  lines.push('**Starts and memory** (seconds; RSS in MB, peak of the summed process tree, with each process\'s own peak)');
  lines.push('');
  lines.push('| engine | accidents | first start → healthy (CPU s) | of which: open db / seed / roads + accidents / analyse | second start → healthy (open db; CPU s) | peak RSS, first start | peak RSS, first run incl. requests | peak RSS, second start | data size | load avg |');
  lines.push('|---|--:|--:|--:|--:|---|---|---|--:|--:|');
  for (const r of results) {
    if (!r.first) {
      lines.push(`| ${r.engine} | ${r.accidents.toLocaleString('en')} | failed: ${shortError(r.error)} | | | | | | | |`);
      continue;
    }
    lines.push(
      `| ${r.engine} | ${r.accidents.toLocaleString('en')} | ${s1(r.first.healthyS)} (${s1(r.first.cpuS)}) | ${s1(r.first.openS)} / ${s1(r.first.seedS)} / ${s1(r.first.roadsAccidentsS)} / ${s1(r.first.analyseS)} | ${r.second ? `${s1(r.second.healthyS)} (${s1(r.second.openS)}; ${s1(r.second.cpuS)})` : `failed: ${shortError(r.error)}`} | ${rssCell(r.first.startPeaks)} | ${rssCell(r.first.peaks)} | ${rssCell(r.second?.startPeaks)} | ${r.dataBytes ? `${MB(r.dataBytes)} MB` : '–'} | ${r.load ? r.load.map((x) => x.toFixed(1)).join('→') : '–'} |`,
    );
  }
  lines.push('');
  lines.push('**Whole-city `GET /api/accidents`** (median of warm runs, time to last byte in ms; bytes without compression, then with `Accept-Encoding: gzip`)');
  lines.push('');
  lines.push('| engine | accidents | GeoJSON ms | GeoJSON bytes | GeoJSON gzip | binary ms | binary bytes | binary gzip |');
  lines.push('|---|--:|--:|--:|--:|--:|--:|--:|');
  for (const r of results) {
    if (!r.geojson && !r.binary) continue;
    lines.push(`| ${r.engine} | ${r.accidents.toLocaleString('en')} | ${formatCell(r.geojson).join(' | ')} | ${formatCell(r.binary).join(' | ')} |`);
  }
  return lines.join('\n');
}

function machine() {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  return {
    cpu: /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1]?.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
  };
}

// ---- main -----------------------------------------------------------------------------------
const opts = parseArgs(process.argv.slice(2));
const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
fs.mkdirSync(outDir, { recursive: true });
const info = machine();
console.log(`畅安 bench — ${info.cpu}, ${info.cores} cores, ${info.memGiB} GiB, node ${info.node}`);
console.log(`engines ${opts.engines.join(', ')}; counts ${opts.counts.join(', ')}; ${opts.runs} warm runs; ${opts.timeoutMs / 60_000} min per start\n`);

const results: CaseResult[] = [];
const outFile = path.join(outDir, `bench-${stamp}.json`);
const save = () => fs.writeFileSync(outFile, JSON.stringify({ date: new Date().toISOString(), machine: info, options: opts, results }, null, 2));
try {
  for (const accidents of opts.counts) {
    for (const engine of opts.engines) {
      console.log(`▶ ${engine}, ${accidents.toLocaleString('en')} accidents`);
      results.push(await runCase(engine, accidents, opts, stamp));
      save();
    }
  }
} finally {
  await runCleanups();
}
console.log(`\n${tables(results)}\n`);
console.log(`results: ${path.relative(root, outFile)}; server logs: bench-results/logs/`);
process.exit(results.every((r) => r.ok) ? 0 : 1);

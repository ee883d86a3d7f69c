/**
 * `npm run bench [-- --counts 20000,200000,1000000 --engines pglite,postgres --runs 5]`
 * `npm run bench -- --only hotspots [--analyses clusters,grid --windows 12m,5y --turf 20000,60000 --explain]`
 *
 * For each engine and accident count: starts the real server on a fresh database (embedded:
 * a temp DATA_DIR; native: a throwaway database on BENCH_DATABASE_URL), times the first start
 * (seed included) to a healthy /api/health, times whole-city GET /api/accidents as GeoJSON and
 * binary, times each hotspot analysis (hotspot-case.ts), stops it, times a second start on the
 * same data, and samples the peak RSS of the server's process tree. `--only accidents` or
 * `--only hotspots` runs one part (hotspots alone skips the second start). Prints markdown
 * tables and writes JSON to bench-results/.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { runHotspots, type HotspotContext, type HotspotsResult } from './hotspot-case';
import { hotspotTables } from './hotspot-tables';
import { ANALYSES, WINDOWS, type Analysis } from './hotspots';
import { measureAccidents, type FormatResult } from './http';
import type { RssPeaks } from './rss';
import { killAllServers, startServer, stopServer, type ServerHandle, type StepTime } from './server';

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
  const num = (s: string) => Number(s.replace(/[_k]/gi, (c) => (c.toLowerCase() === 'k' ? '000' : '')));
  const counts = (get('counts') ?? '20000,200000,1000000').split(',').map(num);
  const engines = (get('engines') ?? 'pglite,postgres').split(',') as Engine[];
  for (const c of counts) if (!Number.isInteger(c) || c < 0) throw new Error(`--counts: bad number ${c}`);
  for (const e of engines) if (e !== 'pglite' && e !== 'postgres') throw new Error(`--engines: unknown engine ${e}`);
  const only = get('only');
  if (only !== undefined && only !== 'accidents' && only !== 'hotspots') throw new Error('--only: accidents or hotspots');
  const analyses = (get('analyses') ?? ANALYSES.join(',')).split(',') as Analysis[];
  for (const a of analyses) if (!ANALYSES.includes(a)) throw new Error(`--analyses: unknown analysis ${a} (${ANALYSES.join(', ')})`);
  const windowIds = (get('windows') ?? WINDOWS.map((w) => w.id).join(',')).split(',');
  const windows = windowIds.map((id) => WINDOWS.find((w) => w.id === id) ?? fail(`--windows: unknown window ${id} (${WINDOWS.map((w) => w.id).join(', ')})`));
  const turf = get('turf') === 'none' ? [] : (get('turf') ?? '20000,60000,200000').split(',').map(num);
  for (const n of turf) if (!Number.isInteger(n) || n <= 0) throw new Error(`--turf: bad number of points ${n}`);
  return {
    counts,
    engines,
    runs: Number(get('runs') ?? 5),
    timeoutMs: Number(get('timeout-min') ?? 20) * 60_000,
    accidents: only !== 'hotspots',
    hotspots: only !== 'accidents',
    analyses,
    windows,
    /** Per hotspot request, last byte included. */
    hotspotDeadlineMs: Number(get('hotspot-timeout-s') ?? 120) * 1000,
    /** Points for turf vs PostGIS DBSCAN: each on the smallest seeded count that holds them. */
    turf: analyses.includes('clusters') ? turf : [],
    turfLimitMs: Number(get('turf-timeout-min') ?? 10) * 60_000,
    explain: argv.includes('--explain'),
  };
}

function fail(message: string): never {
  throw new Error(message);
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
process.once('uncaughtException', (err) => {
  console.error('\nuncaught:', err);
  void runCleanups().finally(() => process.exit(1));
});
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
  hotspots?: HotspotsResult;
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

/** The embedded server's socket folder: the newest `changan-db-*` under the server's TMPDIR. */
function embeddedSocketDir(tmp: string): string {
  const dirs = fs
    .readdirSync(tmp)
    .filter((d) => d.startsWith('changan-db-') && fs.existsSync(path.join(tmp, d, '.s.PGSQL.5432')))
    .map((d) => path.join(tmp, d))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  if (!dirs.length) throw new Error(`no embedded database socket under ${tmp}`);
  return dirs[0];
}

const PG_LOG = process.env.BENCH_PG_LOG ?? '/var/log/postgresql/postgresql-15-main.log';

function hotspotContext(
  engine: Engine,
  accidents: number,
  env: Record<string, string>,
  caseDir: string,
  url: () => string,
  restart: (reason: string) => Promise<void>,
  log: (line: string) => void,
): HotspotContext {
  const db = env.DATABASE_URL ? new URL(env.DATABASE_URL).pathname.slice(1) : null;
  return {
    engine,
    accidents,
    url,
    scratchDir: caseDir,
    log,
    async connect() {
      const c =
        engine === 'postgres'
          ? new pg.Client({ connectionString: env.DATABASE_URL, options: '-c jit=off' })
          : new pg.Client({ host: embeddedSocketDir(env.TMPDIR), port: 5432, user: 'postgres', database: 'postgres' });
      // A dropped connection must fail the query in progress, not crash the run.
      c.on('error', (err) => log(`database connection error: ${err.message}`));
      await c.connect();
      return c;
    },
    async recover() {
      if (engine === 'pglite') return restart('a query passed its deadline');
      // The server does not cancel a query when its client goes away.
      await admin((c) => c.query(`SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND pid <> pg_backend_pid()`, [db]));
    },
    withAutoExplain:
      engine === 'postgres'
        ? async () => {
            // New sessions of the database log the plan (with actual times) of every statement over 100 ms.
            await admin(async (c) => {
              await c.query(`ALTER DATABASE ${db} SET session_preload_libraries = 'auto_explain'`);
              await c.query(`ALTER DATABASE ${db} SET auto_explain.log_min_duration = '100ms'`);
              await c.query(`ALTER DATABASE ${db} SET auto_explain.log_analyze = on`);
            });
            const offset = fs.statSync(PG_LOG).size;
            await restart('auto_explain');
            return () => {
              const fd = fs.openSync(PG_LOG, 'r');
              const size = fs.fstatSync(fd).size;
              const buf = Buffer.alloc(size - offset);
              fs.readSync(fd, buf, 0, buf.length, offset);
              fs.closeSync(fd);
              // Entries start with a timestamp (log_line_prefix '%m [%p] %q%u@%d '); keep this database's.
              const entries = buf.toString('utf8').split(/\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)/);
              return entries.filter((e) => e.includes(`@${db} `)).join('\n');
            };
          }
        : undefined,
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
    const db = `bench_changan_${accidents}_${process.pid}`;
    cleanups.set(tag, async () => {
      await removeDir();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`));
    });
    env.DATABASE_URL = withDatabase(adminUrl, db);
    measureSize = () => admin((c) => c.query(`SELECT pg_database_size($1) AS n`, [db])).then((r) => Number(r.rows[0].n));
  }

  const echo = (line: string) => console.log(`    ${line}`);
  const logFile = (name: string) => path.join(outDir, 'logs', `${stamp}-${tag}-${name}.log`);
  try {
    if (engine === 'postgres') {
      const db = new URL(env.DATABASE_URL).pathname.slice(1);
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).then(() => c.query(`CREATE DATABASE ${db}`)));
    }
    console.log(`  first start (seeding ${accidents.toLocaleString()} accidents)…`);
    const first = await startServer({ root, env, timeoutMs: opts.timeoutMs, logFile: logFile('first'), echo });
    // A hotspot request past its deadline on the embedded engine is stopped by restarting the server.
    let server: ServerHandle = first;
    let restarts = 0;
    const restart = async (reason: string) => {
      console.log(`  restarting the server (${reason})…`);
      await stopServer(server, 5000);
      server = await startServer({ root, env, timeoutMs: opts.timeoutMs, logFile: logFile(`restart-${++restarts}`), echo });
    };
    res.postgis = (first.health as { postgis?: string })?.postgis;
    console.log(`  healthy after ${(first.healthyMs / 1000).toFixed(1)} s`);
    try {
      if (opts.accidents) {
        console.log('  measuring /api/accidents…');
        res.geojson = await measureAccidents(first.url, 'geojson', accidents, opts.runs);
        res.binary = await measureAccidents(first.url, 'binary', accidents, opts.runs);
      }
      if (opts.hotspots) {
        console.log('  measuring /api/hotspots/*…');
        res.hotspots = await runHotspots(hotspotContext(engine, accidents, env, caseDir, () => server.url, restart, echo), {
          analyses: opts.analyses,
          windows: opts.windows,
          runs: opts.runs,
          deadlineMs: opts.hotspotDeadlineMs,
          turfPoints: opts.turf.filter((n) => opts.counts.filter((c) => c >= n).sort((a, b) => a - b)[0] === accidents),
          turfLimitMs: opts.turfLimitMs,
          explain: opts.explain && engine === 'postgres',
        }, logFile('explain'));
      }
    } finally {
      const stop1 = await stopServer(server);
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

    if (opts.accidents) {
      console.log('  second start…');
      const second = await startServer({ root, env, timeoutMs: opts.timeoutMs, logFile: logFile('second'), echo });
      const stop2 = await stopServer(second);
      res.second = { openS: seedTimes(second.steps).openS, healthyS: second.healthyMs / 1000, cpuS: second.cpuToHealthyS, startPeaks: second.startPeaks, steps: second.steps, peaks: stop2.peaks, stopS: stop2.stopMs / 1000, cleanStop: stop2.clean };
    }
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
      `| ${r.engine} | ${r.accidents.toLocaleString('en')} | ${s1(r.first.healthyS)} (${s1(r.first.cpuS)}) | ${s1(r.first.openS)} / ${s1(r.first.seedS)} / ${s1(r.first.roadsAccidentsS)} / ${s1(r.first.analyseS)} | ${r.second ? `${s1(r.second.healthyS)} (${s1(r.second.openS)}; ${s1(r.second.cpuS)})` : r.error ? `failed: ${shortError(r.error)}` : 'not run'} | ${rssCell(r.first.startPeaks)} | ${rssCell(r.first.peaks)} | ${rssCell(r.second?.startPeaks)} | ${r.dataBytes ? `${MB(r.dataBytes)} MB` : '–'} | ${r.load ? r.load.map((x) => x.toFixed(1)).join('→') : '–'} |`,
    );
  }
  if (results.every((r) => !r.geojson && !r.binary)) {
    if (results.some((r) => r.hotspots)) lines.push('', hotspotTables(results));
    return lines.join('\n');
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
  if (results.some((r) => r.hotspots)) lines.push('', hotspotTables(results));
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
    code: codeVersion(),
  };
}

/** The commit measured, and whether api/ or data/ had uncommitted changes (read-only git). */
function codeVersion(): string {
  try {
    const git = (args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
    return `${git(['rev-parse', '--short', 'HEAD'])}${git(['status', '--porcelain', '--', 'api', 'data']) ? ' + uncommitted changes in api/ or data/' : ''}`;
  } catch {
    return 'unknown';
  }
}

// ---- main -----------------------------------------------------------------------------------
const opts = parseArgs(process.argv.slice(2));
const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
fs.mkdirSync(outDir, { recursive: true });
const info = machine();
console.log(`畅安 bench — ${info.cpu}, ${info.cores} cores, ${info.memGiB} GiB, node ${info.node}, code ${info.code}`);
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

/**
 * `npm run bench:lights [-- --engines pglite,postgres --count 200000 --runs 5 --cases candidates,eb100 --keep]`
 *
 * Lights and the before/after evaluation at city scale: on a fresh database per engine (embedded:
 * a temp DATA_DIR; native: a throwaway database on BENCH_DATABASE_URL; both dropped after unless
 * `--keep`), seeded as the app seeds it with `count` accidents (SEED_ACCIDENTS) and the synthetic
 * lights, times in-process, over the app's own pool, whole city:
 *   - candidates: GET /api/lights/candidates with its defaults, the three-year window, then
 *     findLightCandidates (radius 150 m, eps 100 m, 3 points, the first 100 with details);
 *   - spfFit: the night SPF fitted afresh (the cache cleared first) over the data's span; spfQuery:
 *     its query alone; spfCached: the cached call;
 *   - eb100: an Empirical Bayes evaluation of 100 sites on unlit county and township roads, treated
 *     on the 15th of the months 2023-01 … 2024-12, SPF cached;
 *   - programme: GET /api/evaluation?kind=lights, the seeded lights as the route groups them.
 * `--cases` runs some of them. One warm-up, then medians of `runs`, with a CPU reference (a fixed
 * sort) and the load average beside them: this VM's speed drifts and other work shares it. A case
 * whose warm-up took over a minute is not repeated (that run is its time); one that fails (the
 * 30 s limit on native) is reported as failed. Targets (200k accidents): light candidates ≤ 500 ms
 * native, ≤ 3 s embedded; SPF fit ≤ 5 s native; EB of 100 sites ≤ 1 s native.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadEnv } from '@api/env';
import { dataSpan, evaluate, type TreatedSite } from '@api/evaluation/evaluate';
import { clearSpfCache, networkSpf } from '@api/evaluation/spf';
import { sqlFile } from '@api/lib/sql-file';
import { findLightCandidates } from '@api/lights/candidates';
import { CANDIDATE_YEARS } from '@api/lights/route';
import { analysisWindow } from '@api/lib/analysis-window';
import { benchPlace } from './bench-database';
import { arg, cpuReference, engineArg, loadavg, median, range, s, time, type Engine } from './bench-kit';
import { prepareDatabase } from '@api/start';

const engines = engineArg();
const count = Number(arg('count', '200000').replace(/k$/i, '000'));
const runs = Number(arg('runs', '5'));
const keep = process.argv.includes('--keep');
const CASES = ['candidates', 'spfFit', 'spfQuery', 'spfCached', 'eb100', 'programme'] as const;
type Timed = (typeof CASES)[number];
const only = arg('cases', '').split(',').filter(Boolean);
for (const n of only) if (!(CASES as readonly string[]).includes(n)) throw new Error(`--cases: unknown case ${n} (${CASES.join(', ')})`);
/** A warm-up longer than this is the case's only run: the point is made, and embedded cannot cancel. */
const ONCE_MS = 60_000;

/** The SPF's own query, timed apart from the regression to tell database time from Node's. */
const SPF_DATA_SQL = sqlFile(new URL('../../api/evaluation/spf-data.sql', import.meta.url));
const RADIUS = 150;
const SITES = 100;
/** The route's default: the first 100 candidates get their details. */
const LIMIT = 100;



/**
 * 100 places on unlit county and township roads spread over the city: the middle of every n-th
 * such road in id order; site i treated on the 15th of month i mod 24 from January 2023, so that
 * neighbouring roads get different days. Deterministic for the same seed.
 */
async function programmeOf100(pool: pg.Pool): Promise<TreatedSite[]> {
  const r = await pool.query<{ id: number; geometry: TreatedSite['geometry']; i: number }>(
    `SELECT id, ST_AsGeoJSON(ST_LineInterpolatePoint(geom, 0.5), 7)::json AS geometry, (rn - 1) / step AS i
     FROM (SELECT id, geom, row_number() OVER (ORDER BY id) AS rn, greatest(count(*) OVER () / $1, 1) AS step
           FROM roads WHERE NOT lit AND class IN ('county', 'township')) r
     WHERE (rn - 1) % step = 0
     ORDER BY id LIMIT $1`,
    [SITES],
  );
  if (r.rows.length < SITES) throw new Error(`only ${r.rows.length} unlit county and township roads, not ${SITES}`);
  return r.rows.map((x) => {
    const m = x.i % 24;
    const date = `${2023 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-15`;
    return { key: `road:${x.id}`, geometry: x.geometry, date };
  });
}

/** The seeded lights as GET /api/evaluation?kind=lights groups them (api/evaluation/route.ts): all programmes, whole city. */
async function seededProgramme(pool: pg.Pool): Promise<TreatedSite[]> {
  const r = await pool.query<{ key: string; geometry: TreatedSite['geometry']; date: string; label: string | null; ids: number[] }>(
    `SELECT 'light:' || min(id) AS key, ST_AsGeoJSON(ST_Collect(geom ORDER BY id), 7)::json AS geometry, min(installed_on)::text AS date,
            min(name) AS label, array_agg(id ORDER BY id) AS ids
     FROM (SELECT l.*, ST_ClusterDBSCAN(l.geom_m, eps := $1 * 2, minpoints := 1) OVER () AS cid
           FROM lights l WHERE l.installed_on IS NOT NULL AND l.status <> 'planned') x
     GROUP BY cid ORDER BY min(id)`,
    [RADIUS],
  );
  return r.rows.map((x) => ({ key: x.key, geometry: x.geometry, date: x.date, label: x.label ?? undefined, lights: x.ids }));
}

async function benchEngine(engine: Engine) {
  const place = await benchPlace(engine, 'lights');
  const { dataDir, databaseUrl } = place;
  const env = loadEnv({ DATA_DIR: dataDir, SEED_ACCIDENTS: String(count), SEED_DEMO: '0', ...(databaseUrl && { DATABASE_URL: databaseUrl }) });
  const [seedMs, db] = await time(() => prepareDatabase(env, (p) => console.error(`[bench:lights] ${engine}: ${p.step}`)));
  try {
    const world = (
      await db.pool.query<{ accidents: number; dark: number; lights: number; roads: number; versions: string }>(
        `SELECT (SELECT count(*)::int FROM accidents) AS accidents,
                (SELECT count(*)::int FROM accidents WHERE light IN ('dark_lit', 'dark_unlit')) AS dark,
                (SELECT count(*)::int FROM lights) AS lights, (SELECT count(*)::int FROM roads) AS roads,
                version() || ' / PostGIS ' || postgis_full_version() AS versions`,
      )
    ).rows[0];
    if (world.accidents !== count) throw new Error(`seeded ${world.accidents} accidents, not ${count}`);
    const weights = env.EPDO_WEIGHTS;
    const data = await dataSpan(db.pool);
    if (!data) throw new Error('no accidents');
    const sites100 = await programmeOf100(db.pool);

    // What GET /api/lights/candidates runs with its defaults (radius: light_radius_m, 150), whole city.
    const candidates = async () => {
      const w = await analysisWindow(db.pool, {}, CANDIDATE_YEARS, { calendar: false });
      const found = await findLightCandidates(db.pool, { from: w.from, to: w.to, radius: RADIUS, eps: 100, minPoints: 3, county: null, township: null, weights, limit: LIMIT });
      const r = found.candidates;
      return {
        window: `${w.from} … ${w.to}`,
        found: found.total,
        candidates: r.length,
        stretches: r.filter((c) => c.kind === 'stretch').length,
        nightCrashes: r.reduce((s, c) => s + c.night.crashes, 0),
        withLightNotLighting: r.filter((c) => c.lights.faulty + c.lights.removed + c.lights.planned > 0).length,
        top: r[0] && { crashes: r[0].night.crashes, epdo: r[0].night.epdo, county: r[0].county?.code ?? null },
      };
    };
    const spfSummary = async () => {
      const d = await dataSpan(db.pool);
      const spf = await networkSpf(db.pool, 'night', d!.from, d!.to);
      return {
        window: `${spf.from} … ${spf.to}`,
        crashes: spf.crashes,
        fitMs: spf.ms,
        segments: { n: spf.segments.n, k: spf.segments.k, iterations: spf.segments.iterations, converged: spf.segments.converged },
        junctions: { n: spf.junctions.n, k: spf.junctions.k, iterations: spf.junctions.iterations, converged: spf.junctions.converged },
      };
    };
    const spfFit = async () => {
      clearSpfCache();
      return spfSummary();
    };
    // The fit's query alone: what of the fit is the database's.
    const spfQuery = async () => ({ units: (await db.pool.query(SPF_DATA_SQL, ['night', data.from, data.to])).rowCount });
    const evaluation = async (sites: TreatedSite[]) => {
      const e = await evaluate(db.pool, sites, { radius: RADIUS, years: null, target: 'night', comparison: 'dark_unlit_roads' });
      const eb = e.methods.find((m) => m.method === 'empirical_bayes');
      return {
        sites: e.sites.length,
        counted: e.counted,
        withPrediction: e.sites.filter((s) => s.predicted).length,
        years: e.years,
        before: eb?.before ?? null,
        after: eb?.after ?? null,
        // Each method's change in % (negative: fewer crashes than expected), to see the evaluation ran as it should.
        change: Object.fromEntries(e.methods.map((m) => [m.method, m.change == null ? null : Math.round(m.change * 10) / 10])),
      };
    };
    const eb100 = () => evaluation(sites100);
    const programme = async () => evaluation(await seededProgramme(db.pool));

    const cases: Record<Timed, () => Promise<unknown>> = { candidates, spfFit, spfQuery, spfCached: spfSummary, eb100, programme };
    // In CASES' order: the fit leaves the SPF cached for the cached call and the evaluations after it.
    const names = CASES.filter((n) => !only.length || only.includes(n));
    const times = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<Timed, number[]>;
    const results: Partial<Record<Timed, unknown>> = {};
    // A case that fails its warm-up (the analyses' 30 s time limit) is reported with its error and not run again.
    const failed: Partial<Record<Timed, { ms: number; error: string }>> = {};
    const once = new Set<Timed>();
    const refs: number[] = [];
    const loads: string[] = [loadavg()];
    for (const name of names) {
      const t = performance.now();
      try {
        results[name] = await cases[name]();
        const ms = performance.now() - t;
        if (ms > ONCE_MS) {
          once.add(name);
          times[name].push(ms);
          console.error(`[bench:lights] ${engine}: ${name} took ${Math.round(ms)} ms: timed once`);
        }
      } catch (e) {
        failed[name] = { ms: performance.now() - t, error: e instanceof Error ? e.message : String(e) };
        console.error(`[bench:lights] ${engine}: ${name} failed after ${Math.round(failed[name].ms)} ms: ${failed[name].error}`);
      }
    }
    for (let i = 0; i < runs; i++) {
      refs.push(cpuReference());
      for (const name of names.filter((n) => !failed[n] && !once.has(n))) {
        const [ms, value] = await time<unknown>(cases[name]);
        times[name].push(ms);
        results[name] = value;
      }
      loads.push(loadavg());
    }
    console.error(`[bench:lights] ${engine}: ${JSON.stringify(results)}`);
    return {
      engine,
      accidents: world.accidents,
      darkAccidents: world.dark,
      lights: world.lights,
      roads: world.roads,
      versions: world.versions,
      seedMs,
      results,
      failed,
      once: [...once],
      times,
      medians: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)])) as Record<Timed, number>,
      cpuRefMs: median(refs),
      cpuRefs: refs,
      loads,
    };
  } finally {
    await db.close();
    await place.remove(keep);
  }
}

const TARGETS: Record<Engine, Partial<Record<Timed, number>>> = {
  postgres: { candidates: 500, spfFit: 5000, eb100: 1000 },
  pglite: { candidates: 3000 },
};
const mark = (engine: Engine, k: Timed, ms: number) => {
  const t = TARGETS[engine][k];
  return t === undefined ? '' : ms <= t ? ' ✓' : ' ✗';
};

const results = [];
for (const engine of engines) {
  console.error(`[bench:lights] ${engine}, ${count} accidents…`);
  results.push(await benchEngine(engine));
}
console.log(`\nLights, ${count.toLocaleString('en')} accidents, median of ${runs} (${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${new Date().toISOString()})\n`);
console.log('| engine | light candidates | SPF fit (of which its query) | SPF cached | EB, 100 sites | EB, seeded lights | CPU ref | load avg (1/5/15 min) |');
console.log('|---|--:|--:|--:|--:|--:|--:|---|');
for (const r of results) {
  const m = r.medians;
  const cell = (k: Timed) => {
    const f = r.failed[k];
    if (f) return `failed after ${s(f.ms)}${TARGETS[r.engine][k] === undefined ? '' : ' ✗'}`;
    if (!r.times[k]?.length) return '–';
    return `${s(m[k])}${mark(r.engine, k, m[k])} (${r.once.includes(k) ? 'once' : range(r.times[k])})`;
  };
  console.log(
    `| ${r.engine} | ${cell('candidates')} | ${cell('spfFit')}, ${cell('spfQuery')} | ${cell('spfCached')} | ${cell('eb100')} | ${cell('programme')} | ` +
      `${s(r.cpuRefMs)} (${range(r.cpuRefs)}) | ${r.loads[0]} → ${r.loads.at(-1)} |`,
  );
}
for (const r of results) {
  console.log(`\n${r.engine}: ${r.versions}; ${r.accidents} accidents (${r.darkAccidents} in the dark), ${r.lights} lights, ${r.roads} roads; first start (seed included) ${s(r.seedMs)}`);
  for (const [k, v] of Object.entries(r.results)) console.log(`  ${k}: ${JSON.stringify(v)}`);
  for (const [k, f] of Object.entries(r.failed)) console.log(`  ${k}: failed after ${s(f.ms)}: ${f.error}`);
}
fs.mkdirSync('bench-results', { recursive: true });
fs.writeFileSync(path.join('bench-results', `lights-${Date.now()}.json`), JSON.stringify(results, null, 2));

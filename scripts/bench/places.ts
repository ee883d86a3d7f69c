/**
 * `npm run bench:places [-- --engines pglite,postgres --count 200000 --runs 5 --keep]`
 *
 * The place analyses at city scale: on a fresh database per engine (embedded: a temp DATA_DIR;
 * native: a throwaway database on BENCH_DATABASE_URL, dropped after unless `--keep`), seeded as
 * the app seeds it with `count` accidents (SEED_ACCIDENTS), times in-process, over the app's own
 * pool, what three routes run with their default parameters, whole city:
 *   - GET /api/markets/analysis: the window and buffer (resolveWindow), then analyseMarkets;
 *   - GET /api/markets/candidates: the five-year window, then findMarketCandidates (eps 300 m, 6 points);
 *   - GET /api/schools/zones: analysisWindow, exposure, schoolZoneStats, the rollups and the
 *     guard-post comparison.
 * One warm-up, then medians of `runs`, with a CPU reference (a fixed sort) and the load average
 * beside them: this VM's speed drifts and other work shares it. Targets (200k accidents): market
 * analysis ≤ 500 ms native, ≤ 3 s embedded; cycle finder ≤ 2 s native; school zones ≤ 500 ms native.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadEnv } from '@api/env';
import type { AppDeps } from '@api/lib/app-deps';
import { analyseMarkets } from '@api/markets/analysis';
import { findMarketCandidates } from '@api/markets/candidates';
import { CANDIDATE_YEARS, resolveWindow } from '@api/markets/route';
import { analysisWindow, exposure, guardPostComparison, rollup, schoolZoneStats } from '@api/schools/zone-stats';
import { benchPlace } from './bench-database';
import { arg, engineArg, measureCases, range, s, time, type Engine } from './bench-kit';
import { prepareDatabase, readExtent } from '@api/start';

const engines = engineArg();
const count = Number(arg('count', '200000').replace(/k$/i, '000'));
const runs = Number(arg('runs', '5'));
const keep = process.argv.includes('--keep');



async function benchEngine(engine: Engine) {
  const place = await benchPlace(engine, 'places');
  const { dataDir, databaseUrl } = place;
  const env = loadEnv({ DATA_DIR: dataDir, SEED_ACCIDENTS: String(count), SEED_DEMO: '0', ...(databaseUrl && { DATABASE_URL: databaseUrl }) });
  const [seedMs, db] = await time(() => prepareDatabase(env, (p) => console.error(`[bench:places] ${engine}: ${p.step}`)));
  try {
    const deps: AppDeps = { pool: db.pool, engine: db.engine, env, extent: await readExtent(db) };
    const world = (
      await db.pool.query<{ accidents: number; markets: number; schools: number; versions: string }>(
        `SELECT (SELECT count(*)::int FROM accidents) AS accidents, (SELECT count(*)::int FROM markets) AS markets,
                (SELECT count(*)::int FROM schools) AS schools,
                version() || ' / PostGIS ' || postgis_full_version() AS versions`,
      )
    ).rows[0];
    if (world.accidents !== count) throw new Error(`seeded ${world.accidents} accidents, not ${count}`);
    const weights = env.EPDO_WEIGHTS;

    // What each route runs with its default parameters (no query string), whole city.
    const marketAnalysis = async () => {
      const w = await resolveWindow(db.pool, {});
      const r = await analyseMarkets(db.pool, { ...w, county: null, township: null, statuses: null, marketId: null, weights });
      return {
        window: `${w.from} … ${w.to}, ${w.buffer} m`,
        markets: r.markets.length,
        withCrashes: r.markets.filter((m) => m.marketDays.crashes + m.otherDays.crashes > 0).length,
        marketDayCrashes: r.markets.reduce((s, m) => s + m.marketDays.crashes, 0),
        otherDayCrashes: r.markets.reduce((s, m) => s + m.otherDays.crashes, 0),
        counties: r.byCounty.length,
        townships: r.byTownship.length,
      };
    };
    const candidates = async () => {
      const w = await resolveWindow(db.pool, {}, CANDIDATE_YEARS);
      const r = await findMarketCandidates(db.pool, { from: w.from, to: w.to, eps: 300, minPoints: 6, buffer: w.buffer, county: null, township: null });
      return {
        window: `${w.from} … ${w.to}`,
        excluded: r.excluded,
        considered: r.considered,
        tested: r.tested,
        candidates: r.candidates.length,
        nearRegistered: r.candidates.filter((c) => c.nearMarket).length,
      };
    };
    const zones = async () => {
      const window = await analysisWindow(deps, {});
      const e = await exposure(db.pool, window.from, window.to);
      const schools = await schoolZoneStats(db.pool, { ...window, county: null, township: null, weights }, e);
      const counties = rollup(schools, 'county', weights);
      const townships = rollup(schools, 'township', weights);
      const posts = guardPostComparison(schools, weights);
      return {
        window: `${window.from} … ${window.to}`,
        schoolDays: e.schoolDays,
        zones: schools.length,
        withRoads: schools.filter((s) => s.zoneLength > 0).length,
        withCrashes: schools.filter((s) => s.schoolHours.crashes + s.otherHours.crashes > 0).length,
        schoolHourCrashes: schools.reduce((s, z) => s + z.schoolHours.crashes, 0),
        otherHourCrashes: schools.reduce((s, z) => s + z.otherHours.crashes, 0),
        counties: counties.length,
        townships: townships.length,
        guardPosts: posts.with.schools,
      };
    };
    const measured = await measureCases({ marketAnalysis, candidates, zones }, runs);
    console.error(`[bench:places] ${engine}: ${JSON.stringify(measured.results)}`);
    return { engine, accidents: world.accidents, versions: world.versions, seedMs, ...measured };
  } finally {
    await db.close();
    // The embedded folder goes either way; --keep keeps the native database for EXPLAIN.
    await place.remove(keep && engine === 'postgres');
  }
}

const TARGETS: Record<Engine, Record<'marketAnalysis' | 'candidates' | 'zones', number | null>> = {
  postgres: { marketAnalysis: 500, candidates: 2000, zones: 500 },
  pglite: { marketAnalysis: 3000, candidates: null, zones: null },
};
const mark = (engine: Engine, k: 'marketAnalysis' | 'candidates' | 'zones', ms: number) => {
  const t = TARGETS[engine][k];
  return t === null ? '' : ms <= t ? ' ✓' : ' ✗';
};

const results = [];
for (const engine of engines) {
  console.error(`[bench:places] ${engine}, ${count} accidents…`);
  results.push(await benchEngine(engine));
}
console.log(`\nPlaces, ${count.toLocaleString('en')} accidents, median of ${runs} (${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${new Date().toISOString()})\n`);
console.log('| engine | market analysis | cycle finder | school zones | CPU ref | load avg (1/5/15 min) |');
console.log('|---|--:|--:|--:|--:|---|');
for (const r of results) {
  const m = r.medians;
  console.log(
    `| ${r.engine} | ${s(m.marketAnalysis)}${mark(r.engine, 'marketAnalysis', m.marketAnalysis)} (${range(r.times.marketAnalysis)}) | ` +
      `${s(m.candidates)}${mark(r.engine, 'candidates', m.candidates)} (${range(r.times.candidates)}) | ` +
      `${s(m.zones)}${mark(r.engine, 'zones', m.zones)} (${range(r.times.zones)}) | ${s(r.cpuRefMs)} (${range(r.cpuRefs)}) | ${r.loads[0]} → ${r.loads.at(-1)} |`,
  );
}
for (const r of results) {
  console.log(`\n${r.engine}: ${r.versions}; first start (seed included) ${s(r.seedMs)}`);
  for (const [k, v] of Object.entries(r.results)) console.log(`  ${k}: ${JSON.stringify(v)}`);
}
fs.mkdirSync('bench-results', { recursive: true });
fs.writeFileSync(path.join('bench-results', `places-${Date.now()}.json`), JSON.stringify(results, null, 2));

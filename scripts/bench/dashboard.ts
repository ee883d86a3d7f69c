/**
 * `npm run bench:dashboard [-- --engines pglite,postgres --count 200000 --runs 5 --keep]`
 *
 * The leaders' numbers at city scale: on a fresh database per engine (embedded: a temp DATA_DIR;
 * native: a throwaway database on BENCH_DATABASE_URL, dropped after unless `--keep`), seeded as the
 * app seeds it with `count` accidents, times in-process, over the app's own pool, what the routes
 * run for the city's leader:
 *   - GET /api/dashboard: the year to date, a whole past year, and one county's year to date;
 *   - GET /api/dashboard/hotspots: the city's year to date against the days before;
 *   - GET /api/briefing: the city's year to date as PDF and as .docx (numbers, hotspots, hazards,
 *     the map image, the document).
 * One warm-up, then medians of `runs`, with a CPU reference and the load average beside them.
 * Targets (200k accidents): the whole-city dashboard ≤ 300 ms native, ≤ 1.5 s embedded; the city's
 * briefing ≤ 10 s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readBriefing } from '@api/briefing/content';
import { briefingDocx } from '@api/briefing/docx';
import { briefingBlocks, briefingTitle } from '@api/briefing/model';
import { briefingPdf } from '@api/briefing/pdf';
import { readDashboard, readHotspotChange } from '@api/dashboard/route';
import { loadEnv } from '@api/env';
import type { AppDeps } from '@api/lib/app-deps';
import { prepareDatabase, readExtent } from '@api/start';
import { benchPlace } from './bench-database';
import { arg, engineArg, measureCases, range, s, time, type Engine } from './bench-kit';

const engines = engineArg();
const count = Number(arg('count', '200000').replace(/k$/i, '000'));
const runs = Number(arg('runs', '5'));
const keep = process.argv.includes('--keep');
const CITY = { scope: { code: '371500', name: '聊城市' } };

async function benchEngine(engine: Engine) {
  const place = await benchPlace(engine, 'dashboard');
  const env = loadEnv({ DATA_DIR: place.dataDir, SEED_ACCIDENTS: String(count), SEED_DEMO: '0', ...(place.databaseUrl && { DATABASE_URL: place.databaseUrl }) });
  const [seedMs, db] = await time(() => prepareDatabase(env, (p) => console.error(`[bench:dashboard] ${engine}: ${p.step}`)));
  try {
    const deps: AppDeps = { pool: db.pool, engine: db.engine, env, extent: await readExtent(db) };
    const world = (
      await db.pool.query<{ accidents: number; hazards: number; newest: string; versions: string }>(
        `SELECT (SELECT count(*)::int FROM accidents) AS accidents, (SELECT count(*)::int FROM hazards) AS hazards,
                (SELECT (max(occurred_at) AT TIME ZONE 'Asia/Shanghai')::date::text FROM accidents) AS newest,
                version() || ' / PostGIS ' || postgis_full_version() AS versions`,
      )
    ).rows[0];
    if (world.accidents !== count) throw new Error(`seeded ${world.accidents} accidents, not ${count}`);
    const lastYear = String(Number(world.newest.slice(0, 4)) - 1);
    const cases = {
      cityYtd: async () => {
        const d = await readDashboard(deps, CITY, { period: 'ytd' });
        return { period: `${d.period.from} … ${d.period.to}`, accidents: d.total.accidents, deaths: d.total.deaths, parts: d.parts.length };
      },
      cityYear: async () => {
        const d = await readDashboard(deps, CITY, { period: 'year', at: lastYear });
        return { period: `${d.period.from} … ${d.period.to}`, accidents: d.total.accidents, parts: d.parts.length };
      },
      countyYtd: async () => {
        const d = await readDashboard(deps, CITY, { period: 'ytd', area: '371524' });
        return { accidents: d.total.accidents, townships: d.parts.length };
      },
      briefingPdf: async () => {
        const c = await readBriefing(deps, CITY, { period: 'ytd' });
        const pdf = await briefingPdf(briefingBlocks(c), briefingTitle(c));
        return { hotspots: c.hotspots.length, overdueRows: c.overdue.length, bytes: pdf.length };
      },
      briefingDocx: async () => {
        const c = await readBriefing(deps, CITY, { period: 'ytd' });
        const docx = await briefingDocx(briefingBlocks(c));
        return { bytes: docx.length };
      },
      hotspotChange: async () => {
        const h = await readHotspotChange(deps, CITY, { period: 'ytd' });
        return { now: h.now, before: h.before, new: h.new, persistent: h.persistent, gone: h.gone };
      },
    };
    const measured = await measureCases(cases, runs);
    console.error(`[bench:dashboard] ${engine}: ${JSON.stringify(measured.results)}`);
    return { engine, accidents: world.accidents, hazards: world.hazards, versions: world.versions, seedMs, ...measured };
  } finally {
    await db.close();
    await place.remove(keep && engine === 'postgres');
  }
}

const TARGETS: Record<Engine, { cityYtd: number; briefingPdf: number }> = { postgres: { cityYtd: 300, briefingPdf: 10_000 }, pglite: { cityYtd: 1500, briefingPdf: 10_000 } };
const mark = (ms: number, target: number) => (ms <= target ? ' ✓' : ' ✗');

const results = [];
for (const engine of engines) {
  console.error(`[bench:dashboard] ${engine}, ${count} accidents…`);
  results.push(await benchEngine(engine));
}
console.log(`\nDashboard and briefing, ${count.toLocaleString('en')} accidents, median of ${runs} (${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${new Date().toISOString()})\n`);
console.log('| engine | city, year to date | city, last year | a county, year to date | hotspots vs before (city, ytd) | briefing PDF (city) | briefing .docx (city) | CPU ref | load avg (1/5/15 min) |');
console.log('|---|--:|--:|--:|--:|--:|--:|--:|---|');
for (const r of results) {
  const m = r.medians;
  const t = TARGETS[r.engine];
  console.log(
    `| ${r.engine} | ${s(m.cityYtd)}${mark(m.cityYtd, t.cityYtd)} (${range(r.times.cityYtd)}) | ${s(m.cityYear)} (${range(r.times.cityYear)}) | ${s(m.countyYtd)} (${range(r.times.countyYtd)}) | ${s(m.hotspotChange)} (${range(r.times.hotspotChange)}) | ` +
      `${s(m.briefingPdf)}${mark(m.briefingPdf, t.briefingPdf)} (${range(r.times.briefingPdf)}) | ${s(m.briefingDocx)} (${range(r.times.briefingDocx)}) | ${s(r.cpuRefMs)} (${range(r.cpuRefs)}) | ${r.loads[0]} → ${r.loads.at(-1)} |`,
  );
}
for (const r of results) {
  console.log(`\n${r.engine}: ${r.versions}; ${r.hazards} hazards; first start (seed included) ${s(r.seedMs)}`);
  for (const [k, v] of Object.entries(r.results)) console.log(`  ${k}: ${JSON.stringify(v)}`);
}
fs.mkdirSync('bench-results', { recursive: true });
fs.writeFileSync(path.join('bench-results', `dashboard-${Date.now()}.json`), JSON.stringify(results, null, 2));

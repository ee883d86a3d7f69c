/**
 * The hotspot part of one engine × accident count: each analysis over each window through the
 * HTTP API, then turf's DBSCAN against PostGIS's on the same points, then (native, `--explain`)
 * one more request per analysis with auto_explain logging the plans.
 */
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { countWindow, newestWindow, postgisDbscan, runTurf, writePoints, type PointWindow, type PostgisDbscan, type TurfResult } from './dbscan';
import { measureAnalysis, type Analysis, type AnalysisResult, type HotspotWindow } from './hotspots';

export interface HotspotOptions {
  analyses: Analysis[];
  windows: HotspotWindow[];
  runs: number;
  deadlineMs: number;
  /** Point counts for the turf comparison that this case holds. */
  turfPoints: number[];
  turfLimitMs: number;
  explain: boolean;
}

/** What the case gives the hotspot runs: the server's URL, a direct client, and ways to recover from a timed-out query. */
export interface HotspotContext {
  engine: 'pglite' | 'postgres';
  accidents: number;
  url(): string;
  connect(): Promise<pg.Client>;
  /** After a request passed its deadline: stop the query still running (native: cancel it; embedded: restart the server). */
  recover(): Promise<void>;
  /** Native only: restart the server with auto_explain on, returning a function that reads the plans it logged. */
  withAutoExplain?(): Promise<() => string>;
  scratchDir: string;
  log(line: string): void;
}

export interface DbscanCase {
  points: number;
  window: PointWindow;
  postgis?: PostgisDbscan;
  /** The clusters endpoint over the same window (meta.total is its cluster count). */
  endpoint?: AnalysisResult;
  /** Run once per point set, on the first engine that had it; the points are the same on both. */
  turf?: TurfResult & { engine: string };
  error?: string;
}

export interface HotspotsResult {
  dataRange: { from: string; to: string; n: number };
  /** Each window's dates, as the analyses resolve them, and the accidents in it. */
  windows: Record<string, PointWindow>;
  analyses: AnalysisResult[];
  dbscan: DbscanCase[];
  recoveries: number;
  /** File with the auto_explain plans (native, --explain). */
  explainLog?: string;
}

/** turf results by `${accidents}:${points}`: the generated data is the same on both engines. */
const turfDone = new Map<string, TurfResult & { engine: string }>();

const fmtMs = (r: AnalysisResult) => (r.timedOut ? `> ${r.deadlineS} s` : r.medianMs != null ? `${r.medianMs} ms` : `failed: ${r.error}`);

export async function runHotspots(ctx: HotspotContext, opts: HotspotOptions, explainFile: string): Promise<HotspotsResult> {
  const c0 = await ctx.connect();
  let dataRange: HotspotsResult['dataRange'];
  const windows: HotspotsResult['windows'] = {};
  try {
    const r = await c0.query<{ from: string; to: string; n: string }>(
      `SELECT (min(occurred_at) AT TIME ZONE 'Asia/Shanghai')::date::text AS from,
              (max(occurred_at) AT TIME ZONE 'Asia/Shanghai')::date::text AS to, count(*) AS n FROM accidents`,
    );
    dataRange = { from: r.rows[0].from, to: r.rows[0].to, n: Number(r.rows[0].n) };
    for (const w of opts.windows) {
      const q = new URLSearchParams(w.query);
      // Without dates: the 12 months ending at the newest accident (api/hotspots/params.ts).
      const to = q.get('to') ?? dataRange.to;
      const from = q.get('from') ?? (await c0.query<{ d: string }>(`SELECT (($1::date - interval '1 year')::date + 1)::text AS d`, [to])).rows[0].d;
      windows[w.id] = { from, to, n: await countWindow(c0, from, to) };
    }
  } finally {
    await c0.end();
  }
  ctx.log(`accidents ${dataRange.n.toLocaleString('en')}, local dates ${dataRange.from} … ${dataRange.to}`);
  const out: HotspotsResult = { dataRange, windows, analyses: [], dbscan: [], recoveries: 0 };

  const measure = async (analysis: Analysis, w: HotspotWindow, runs: number) => {
    const r = await measureAnalysis(ctx.url(), analysis, w, { runs, deadlineMs: opts.deadlineMs, budgetMs: 5 * 60_000 });
    ctx.log(`${analysis} ${w.label}: ${fmtMs(r)}${r.runsMs.length ? ` (runs ${r.runsMs.join(', ')}; warm-up ${Math.round(r.warmupMs!)})` : ''}, ${r.features ?? '–'} features, total ${r.total ?? '–'}, load ${r.load.join('→')}`);
    if (r.timedOut) {
      out.recoveries++;
      await ctx.recover();
    }
    return r;
  };

  for (const w of opts.windows) {
    for (const analysis of opts.analyses) out.analyses.push(await measure(analysis, w, opts.runs));
  }

  for (const points of opts.turfPoints) {
    const dc: DbscanCase = { points, window: { from: '', to: '', n: 0 } };
    out.dbscan.push(dc);
    try {
      const key = `${ctx.accidents}:${points}`;
      const file = path.join(ctx.scratchDir, `points-${points}.f64`);
      const c = await ctx.connect();
      try {
        dc.window = await newestWindow(c, points);
        ctx.log(`DBSCAN on the newest ${points.toLocaleString('en')}: ${dc.window.from} … ${dc.window.to}, ${dc.window.n.toLocaleString('en')} accidents`);
        dc.postgis = await postgisDbscan(c, dc.window, dc.window.n >= 100_000 ? 1 : 3);
        ctx.log(`  PostGIS ST_ClusterDBSCAN: ${dc.postgis.medianMs} ms, ${dc.postgis.clusters} clusters, ${dc.postgis.clustered} points in them`);
        if (!turfDone.has(key)) await writePoints(c, dc.window, file);
      } finally {
        await c.end();
      }
      const query = `from=${dc.window.from}&to=${dc.window.to}`;
      dc.endpoint =
        out.analyses.find((a) => a.analysis === 'clusters' && a.path.endsWith(`?${query}`) && a.medianMs != null) ??
        (await measure('clusters', { id: `newest-${points}`, label: `newest ${points}`, query }, 3));
      // No connection is held open while turf runs (up to its limit).
      if (!turfDone.has(key)) {
        const runs = dc.window.n >= 100_000 ? 1 : 3;
        ctx.log(`  turf clustersDbscan (${runs} run${runs > 1 ? 's' : ''}, at most ${opts.turfLimitMs / 60_000} min)…`);
        const t = await runTurf(file, runs, opts.turfLimitMs);
        fs.rmSync(file, { force: true });
        turfDone.set(key, { ...t, engine: ctx.engine });
      }
      dc.turf = turfDone.get(key);
      const t = dc.turf!;
      ctx.log(`  turf: ${t.timedOut ? `> ${t.limitS} s` : t.medianMs != null ? `${t.medianMs} ms (runs ${t.runs.map((x) => x.ms).join(', ')})` : `failed: ${t.error}`}, ${t.clusters ?? '–'} clusters, ${t.clustered ?? '–'} points in them, peak RSS ${Math.round(t.peakRss / 1e6)} MB`);
    } catch (err) {
      dc.error = err instanceof Error ? err.message : String(err);
      ctx.log(`  FAILED: ${dc.error}`);
    }
  }

  if (opts.explain && ctx.withAutoExplain) {
    ctx.log('auto_explain pass (one request per analysis and window)…');
    const readPlans = await ctx.withAutoExplain();
    for (const w of opts.windows) {
      for (const analysis of opts.analyses) {
        const r = await measureAnalysis(ctx.url(), analysis, w, { runs: 0, deadlineMs: opts.deadlineMs, budgetMs: 0 });
        ctx.log(`${analysis} ${w.label} with auto_explain: ${r.warmupMs != null ? `${Math.round(r.warmupMs)} ms` : r.error}`);
        if (r.timedOut) await ctx.recover();
      }
    }
    fs.writeFileSync(explainFile, readPlans());
    out.explainLog = explainFile;
  }
  return out;
}


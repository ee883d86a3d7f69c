/**
 * turf's `clustersDbscan` against PostGIS's `ST_ClusterDBSCAN` on the same accidents: the newest
 * N of a seeded database, widened to whole local days (the clusters endpoint's windows are whole
 * days), with the endpoint's defaults (eps 50 m, minPoints 5). PostGIS works on the stored metric
 * geometry (`geom_m`, EPSG:4498); turf gets the same rows' EPSG:4326 points and measures on the
 * sphere, so a point exactly at 50 m may fall either side, and DBSCAN's border points depend on
 * the visiting order: the two cluster counts may differ slightly.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { median } from './http';
import { RssSampler } from './rss';
import type { TurfRun } from './turf-dbscan';

const here = path.dirname(fileURLToPath(import.meta.url));

export const EPS_M = 50;
export const MIN_POINTS = 5;

const WINDOW_SQL = `occurred_at >= ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai')
  AND occurred_at < (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`;

export interface PointWindow {
  from: string;
  to: string;
  /** Accidents in the window (≥ the N asked for: whole days). */
  n: number;
}

/** The local dates holding the newest `n` accidents (all of them if there are fewer). */
export async function newestWindow(c: pg.Client, n: number): Promise<PointWindow> {
  const local = `(occurred_at AT TIME ZONE 'Asia/Shanghai')::date::text`;
  const r = await c.query<{ from: string | null; to: string }>(
    `SELECT (SELECT ${local} FROM accidents ORDER BY occurred_at DESC OFFSET $1 - 1 LIMIT 1) AS from,
            (SELECT ${local} FROM accidents ORDER BY occurred_at DESC LIMIT 1) AS to`,
    [n],
  );
  const to = r.rows[0].to;
  const from = r.rows[0].from ?? (await c.query<{ d: string }>(`SELECT (min(occurred_at) AT TIME ZONE 'Asia/Shanghai')::date::text AS d FROM accidents`)).rows[0].d;
  return { from, to, n: await countWindow(c, from, to) };
}

export async function countWindow(c: pg.Client, from: string, to: string): Promise<number> {
  const r = await c.query<{ n: string }>(`SELECT count(*) AS n FROM accidents WHERE ${WINDOW_SQL}`, [from, to]);
  return Number(r.rows[0].n);
}

export interface PostgisDbscan {
  medianMs: number;
  runsMs: number[];
  clusters: number;
  /** Points in some cluster (core and border). */
  clustered: number;
}

/** The bare window function over the window's rows, as the clusters endpoint runs it; one warm-up, then `runs`. */
export async function postgisDbscan(c: pg.Client, w: PointWindow, runs: number): Promise<PostgisDbscan> {
  const sql = `SELECT count(DISTINCT cid)::int AS clusters, count(cid)::int AS clustered
    FROM (SELECT ST_ClusterDBSCAN(geom_m, eps := ${EPS_M}, minpoints := ${MIN_POINTS}) OVER () AS cid
          FROM accidents WHERE ${WINDOW_SQL}) s`;
  let row = (await c.query<{ clusters: number; clustered: number }>(sql, [w.from, w.to])).rows[0];
  const runsMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    row = (await c.query<{ clusters: number; clustered: number }>(sql, [w.from, w.to])).rows[0];
    runsMs.push(Math.round(performance.now() - t0));
  }
  return { medianMs: median(runsMs), runsMs, clusters: row.clusters, clustered: row.clustered };
}

/** The window's points as float64 lon/lat pairs, ordered by id, written to `file`. */
export async function writePoints(c: pg.Client, w: PointWindow, file: string): Promise<number> {
  const r = await c.query<{ x: number; y: number }>(
    `SELECT ST_X(geom) AS x, ST_Y(geom) AS y FROM accidents WHERE ${WINDOW_SQL} ORDER BY id`,
    [w.from, w.to],
  );
  const xy = new Float64Array(r.rows.length * 2);
  r.rows.forEach((p, i) => {
    xy[2 * i] = p.x;
    xy[2 * i + 1] = p.y;
  });
  fs.writeFileSync(file, Buffer.from(xy.buffer));
  return r.rows.length;
}

export interface TurfResult {
  runs: Omit<TurfRun, 'type'>[];
  medianMs: number | null;
  clusters: number | null;
  clustered: number | null;
  timedOut: boolean;
  limitS: number;
  error?: string;
  /** Peak RSS of the turf process, bytes. */
  peakRss: number;
  /** Wall time of the whole child (loading turf and building the features included). */
  wallS: number;
  /** 1-minute load average before and after. */
  load: [number, number];
}

/** Runs turf in a child process (so a runaway case can be killed) and waits at most `limitMs` for all runs. */
export function runTurf(file: string, runs: number, limitMs: number): Promise<TurfResult> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = fork(path.join(here, 'turf-dbscan.ts'), [file, String(runs), String(EPS_M / 1000), String(MIN_POINTS)], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    const sampler = new RssSampler(child.pid!).start();
    const load = () => +os.loadavg()[0].toFixed(2);
    const res: TurfResult = { runs: [], medianMs: null, clusters: null, clustered: null, timedOut: false, limitS: limitMs / 1000, peakRss: 0, wallS: 0, load: [load(), NaN] };
    let stderr = '';
    child.stderr!.on('data', (b: Buffer) => {
      stderr = (stderr + b.toString('utf8')).slice(-4000);
    });
    child.on('message', (m: TurfRun) => {
      const { type: _, ...run } = m;
      res.runs.push({ ...run, ms: Math.round(run.ms) });
    });
    const timer = setTimeout(() => {
      res.timedOut = true;
      child.kill('SIGKILL');
    }, limitMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      res.peakRss = sampler.stop().peakTotal;
      res.wallS = +((performance.now() - t0) / 1000).toFixed(1);
      res.load[1] = load();
      if (res.runs.length) {
        res.medianMs = median(res.runs.map((r) => r.ms));
        const last = res.runs[res.runs.length - 1];
        res.clusters = last.clusters;
        res.clustered = last.core + last.edge;
      }
      if (!res.timedOut && (code !== 0 || res.runs.length < runs)) {
        const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('at '));
        res.error = `exit code ${code}, signal ${signal}: ${lines.slice(-3).join(' / ')}`;
      }
      resolve(res);
    });
  });
}

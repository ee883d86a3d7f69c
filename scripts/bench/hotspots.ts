/**
 * Times the hotspot analyses through the real HTTP API: `/api/hotspots/{clusters,segments,grid}`
 * with their default parameters, over a window of dates. One warm-up, then the median of the
 * timed runs (time to last byte), with a deadline per request so a slow case is recorded as
 * "> N s" instead of holding up the run.
 */
import os from 'node:os';
import { DeadlineError, fetchRaw, median } from './http';

export const ANALYSES = ['clusters', 'segments', 'grid'] as const;
export type Analysis = (typeof ANALYSES)[number];

export interface HotspotWindow {
  id: string;
  label: string;
  /** Query string without `?`; empty for the analyses' own default (12 months ending at the newest accident). */
  query: string;
}

/** The generator writes five years of accidents, 2021-11-01 … 2026-10-31 (data/generator/accidents.ts). */
export const WINDOWS: HotspotWindow[] = [
  { id: '12m', label: '12 months (default)', query: '' },
  { id: '5y', label: '5 years', query: 'from=2021-11-01&to=2026-10-31' },
];

export interface AnalysisResult {
  analysis: Analysis;
  window: string;
  path: string;
  status: number | null;
  /** The warm-up (or a timed run) passed the deadline: no median, `deadlineS` is the bound. */
  timedOut: boolean;
  deadlineS: number;
  error?: string;
  warmupMs: number | null;
  medianMs: number | null;
  runsMs: number[];
  bytes: number | null;
  features: number | null;
  /** `meta.total` (clusters, segments: how many hotspots before the limit), or grid's `meta.cells` (n). */
  total: number | null;
  /** The window the server resolved, where its meta says so. */
  from?: string;
  to?: string;
  /** 1-minute load average before and after. */
  load: [number, number];
  /** cpuReferenceMs() just before the warm-up. */
  cpuRefMs: number;
}

export interface MeasureOptions {
  runs: number;
  deadlineMs: number;
  /** Fewer timed runs when the warm-up alone is slow: at most this much time for the timed runs. */
  budgetMs: number;
}

interface Parsed {
  features: number | null;
  total: number | null;
  from?: string;
  to?: string;
}

function parse(body: Buffer): Parsed {
  const fc = JSON.parse(body.toString('utf8')) as {
    features?: unknown[];
    meta?: { total?: number; cells?: number; from?: string; to?: string };
  };
  return {
    features: fc.features?.length ?? null,
    total: fc.meta?.total ?? fc.meta?.cells ?? null,
    from: fc.meta?.from,
    to: fc.meta?.to,
  };
}

const loadavg = () => +os.loadavg()[0].toFixed(2);

/**
 * A fixed CPU-bound workload in this process (sorting 1M seeded pseudo-random numbers; median of
 * three): how fast the machine is right now. This VM's speed drifts by up to 2× over minutes, so
 * each measurement carries this figure beside it (lower is faster).
 */
export function cpuReferenceMs(): number {
  const times: number[] = [];
  for (let k = 0; k < 3; k++) {
    let x = 20261124;
    const a = new Float64Array(1_000_000);
    for (let i = 0; i < a.length; i++) {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      a[i] = x / 2 ** 32;
    }
    const t = performance.now();
    a.sort();
    times.push(performance.now() - t);
  }
  return Math.round(times.sort((p, q) => p - q)[1]);
}

export async function measureAnalysis(base: string, analysis: Analysis, window: HotspotWindow, opts: MeasureOptions): Promise<AnalysisResult> {
  const path = `/api/hotspots/${analysis}${window.query ? `?${window.query}` : ''}`;
  const url = `${base}${path}`;
  const res: AnalysisResult = {
    analysis,
    window: window.id,
    path,
    status: null,
    timedOut: false,
    deadlineS: opts.deadlineMs / 1000,
    warmupMs: null,
    medianMs: null,
    runsMs: [],
    bytes: null,
    features: null,
    total: null,
    load: [loadavg(), NaN],
    cpuRefMs: cpuReferenceMs(),
  };
  const get = () => fetchRaw(url, { deadlineMs: opts.deadlineMs, timeoutMs: opts.deadlineMs + 60_000 });
  try {
    const warm = await get();
    res.status = warm.status;
    res.warmupMs = warm.ms;
    if (warm.status !== 200) throw new Error(`GET ${path} → ${warm.status}: ${warm.body.toString('utf8').slice(0, 300)}`);
    const runs = Math.min(opts.runs, Math.max(1, Math.floor(opts.budgetMs / warm.ms)));
    let last = warm;
    for (let i = 0; i < runs; i++) {
      last = await get();
      if (last.status !== 200) throw new Error(`GET ${path} → ${last.status}`);
      res.runsMs.push(Math.round(last.ms));
    }
    res.medianMs = res.runsMs.length ? median(res.runsMs) : null;
    res.bytes = last.wireBytes;
    Object.assign(res, parse(last.body));
  } catch (err) {
    res.timedOut = err instanceof DeadlineError;
    res.error = err instanceof Error ? err.message : String(err);
  }
  res.load[1] = loadavg();
  return res;
}

import { comparisonGroup, empiricalBayes, naiveBeforeAfter, nightDayRatio, type Effect, type EbSite } from '@shared/stats/before-after';
import type pg from 'pg';
import { ApiError } from '../lib/api-error';
import { sqlFile } from '../lib/sql-file';
import { withTimeLimit } from '../lib/time-limit';
import type { Evaluation, SiteResult, Target, TreatedSite, Windows } from '@shared/evaluation/evaluation-types';
import { networkSpf, type Spf } from './spf';

export type { Evaluation, SiteResult, TreatedSite, Windows } from '@shared/evaluation/evaluation-types';

const SITES_SQL = sqlFile(new URL('./sites.sql', import.meta.url));

/** The longest window either side of a treatment; the default is the longest of 3, 2, 1 years that fits most sites. */
export const MAX_YEARS = 5;
export const DEFAULT_YEARS = [3, 2, 1];

export interface EvaluationOptions {
  /** Metres around each site whose crashes are the site's. */
  radius: number;
  /** Whole years either side; null: the longest of DEFAULT_YEARS that fits at least half the sites. */
  years: number | null;
  target: Target;
  comparison: 'dark_unlit_roads' | 'county';
  /** The SPFs to predict with (tests give their own); else the network's, fitted or cached (spf.ts). */
  spf?: Spf;
}

const addMonths = (iso: string, months: number): string => {
  const [y, m] = iso.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  return `${String(Math.floor(total / 12)).padStart(4, '0')}-${String((total % 12) + 1).padStart(2, '0')}-01`;
};
const dayBefore = (iso: string): string => new Date(Date.parse(`${iso}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/**
 * A site's windows: `years` before the month of its treatment and `years` after it, the month
 * itself left out (work under way, and a light put up on the 20th lit only part of it).
 */
export function windowsOf(date: string, years: number): Windows {
  const m0 = `${date.slice(0, 7)}-01`;
  return {
    before: { from: addMonths(m0, -12 * years), to: dayBefore(m0) },
    after: { from: addMonths(m0, 1), to: dayBefore(addMonths(m0, 1 + 12 * years)) },
  };
}

const fitsIn = (w: Windows, data: { from: string; to: string }) => w.before.from >= data.from && w.after.to <= data.to;

interface SqlRow {
  key: string;
  county: string | null;
  k: number;
  l: number;
  day_before: number;
  day_after: number;
  m: number;
  n: number;
  city_before: number;
  city_after: number;
  city_total: number;
  roads: [number, number][];
  junctions: number[];
}

/** The first and last day (local) of the accidents, or null when there are none. */
export async function dataSpan(db: pg.Pool | pg.ClientBase): Promise<{ from: string; to: string } | null> {
  const r = await db.query<{ from: string | null; to: string | null }>(
    `SELECT (min(occurred_at) AT TIME ZONE 'Asia/Shanghai')::date::text AS from, (max(occurred_at) AT TIME ZONE 'Asia/Shanghai')::date::text AS to FROM accidents`,
  );
  return r.rows[0].from ? { from: r.rows[0].from, to: r.rows[0].to! } : null;
}

/**
 * Did the treatment work? Each site's crashes of the target within the radius in equal windows
 * before and after its month (sites.sql), then, side by side (shared/stats/before-after.ts):
 * - naive before/after;
 * - comparison group: per site r = (N/M)/(1 + 1/M) from the comparison crashes of its county in its
 *   windows; the expected after Σ r·K, passed on as one group of the sites' mean M;
 * - Empirical Bayes (HSM part B, 9A): the network's SPFs (spf.ts) predict each site's crashes
 *   (the road length within the radius and its junctions), scaled to each window by the city's
 *   crashes of the target in it; each site's k is that of its elements' sum;
 * - for lights (target night), night crashes against day crashes at the same sites.
 * A window longer than the data for every site is a 400 naming `years`.
 */
export async function evaluate(db: pg.Pool | pg.ClientBase, sites: TreatedSite[], o: EvaluationOptions): Promise<Evaluation> {
  const started = Date.now();
  const data = await dataSpan(db);
  if (!data) throw ApiError.badParam('years', 'there are no accidents to evaluate with', 'no_data');
  let years = o.years;
  if (years === null) {
    years = DEFAULT_YEARS.find((y) => sites.filter((s) => fitsIn(windowsOf(s.date, y), data)).length * 2 >= sites.length) ?? 1;
  } else if (sites.length && !sites.some((s) => fitsIn(windowsOf(s.date, years!), data))) {
    const w = windowsOf(sites[0].date, years);
    throw ApiError.badParam(
      'years',
      `a ${years}-year window is longer than the data allow (accidents from ${data.from} to ${data.to}; ${sites[0].date} would need ${w.before.from} to ${w.after.to})`,
      'window_outside_data',
    );
  }
  const windows = sites.map((s) => windowsOf(s.date, years!));
  const spf = o.spf ?? (await networkSpf(db, o.target, data.from, data.to));
  const { rows } = await withTimeLimit(
    db,
    (client) =>
      client.query<SqlRow>(SITES_SQL, [
        sites.map((s) => s.key), sites.map((s) => JSON.stringify(s.geometry)),
        windows.map((w) => w.before.from), windows.map((w) => w.before.to), windows.map((w) => w.after.from), windows.map((w) => w.after.to),
        o.radius, o.target, o.comparison, data.from, data.to,
      ]),
    'before/after evaluation',
    'evaluate fewer sites or a shorter window',
  );
  const byKey = new Map(rows.map((r) => [r.key, r]));
  // Each site's overdispersion: that of the sum of its elements (EbSite.k).
  const siteK = new Map<string, number>();
  const results: SiteResult[] = sites.map((s, i) => {
    const r = byKey.get(s.key)!;
    const w = windows[i];
    const elements = [
      // The part of a segment within the radius: its mean the segment's times the share, its
      // overdispersion the segment's over the share. A segment is the sum of its parts, and summed
      // as below (independent elements) parts of k/share give back the segment's k; with the
      // segment's own k a 150 m part of a 3 km road would weigh the SPF far too much.
      ...r.roads.map(([id, share]) => ({ mu: (spf.segmentMean.get(id) ?? 0) * share, k: spf.segments.k / Math.max(share, 1e-6) })),
      ...r.junctions.map((id) => ({ mu: spf.junctionMean.get(id) ?? 0, k: spf.junctions.k })),
    ].filter((e) => e.mu > 0);
    const mu = elements.reduce((sum, e) => sum + e.mu, 0);
    const predicted = mu > 0 && r.city_total > 0 && r.city_before > 0 && r.city_after > 0
      ? { before: (mu * r.city_before) / r.city_total, after: (mu * r.city_after) / r.city_total }
      : null;
    if (predicted) siteK.set(s.key, elements.reduce((sum, e) => sum + e.k * e.mu * e.mu, 0) / (mu * mu));
    return {
      ...s, county: r.county, windows: w, fits: fitsIn(w, data),
      before: r.k, after: r.l, dayBefore: r.day_before, dayAfter: r.day_after,
      comparison: { before: r.m, after: r.n },
      predicted,
      expected: null,
    };
  });
  const counted = results.filter((s) => s.fits);
  const methods: Effect[] = [];
  const K = sum(counted, (s) => s.before);
  const L = sum(counted, (s) => s.after);
  methods.push(naiveBeforeAfter(K, L));
  methods.push(pooledComparison(counted));
  const eb = counted.filter((s) => s.predicted);
  if (eb.length) {
    const effect = empiricalBayes(
      eb.map((s): EbSite => ({ predictedBefore: s.predicted!.before, predictedAfter: s.predicted!.after, observedBefore: s.before, observedAfter: s.after, k: siteK.get(s.key) })),
      spf.segments.k,
    );
    eb.forEach((s, i) => (s.expected = { before: effect.sites[i].expectedBefore, after: effect.sites[i].expectedAfter, weight: effect.sites[i].weight }));
    const { sites: _perSite, ...rest } = effect;
    methods.push(rest);
  }
  if (o.target === 'night') {
    methods.push(nightDayRatio({ nightBefore: K, nightAfter: L, dayBefore: sum(counted, (s) => s.dayBefore), dayAfter: sum(counted, (s) => s.dayAfter) }));
  }
  const coefficients = (f: { names: string[]; coefficients: number[] }) => Object.fromEntries(f.names.map((n, i) => [n, f.coefficients[i]]));
  return {
    target: o.target, radius: o.radius, years, data,
    sites: results,
    counted: counted.length,
    methods,
    spf: {
      from: spf.from, to: spf.to,
      segments: { k: spf.segments.k, n: spf.segments.n, coefficients: coefficients(spf.segments) },
      junctions: { k: spf.junctions.k, n: spf.junctions.n, coefficients: coefficients(spf.junctions) },
    },
    ms: Date.now() - started,
  };
}

const sum = <T>(xs: T[], f: (x: T) => number) => xs.reduce((s, x) => s + f(x), 0);

/**
 * The comparison group over sites treated at different times: each site's ratio r_i =
 * (N_i/M_i)/(1 + 1/M_i) from its county's comparison crashes in its own windows; the expected
 * after Σ r_i·K_i. Passed to comparisonGroup as one group with the sites' mean M and the N that
 * gives the pooled ratio, so its variance carries the comparison counts of one site's windows
 * (not their sum, which counts the same comparison crashes once per site). Sites without a
 * comparison crash before are left out of it.
 */
export function pooledComparison(sites: Pick<SiteResult, 'before' | 'after' | 'comparison'>[]): Effect {
  const usable = sites.filter((s) => s.comparison.before > 0);
  const K = sum(usable, (s) => s.before);
  const L = sum(usable, (s) => s.after);
  if (!usable.length || K === 0) return comparisonGroup({ K, L, M: 0, N: 0 });
  const expected = sum(usable, (s) => ((s.comparison.after / s.comparison.before) / (1 + 1 / s.comparison.before)) * s.before);
  const r = expected / K;
  const M = sum(usable, (s) => s.comparison.before) / usable.length;
  return comparisonGroup({ K, L, M, N: r * (1 + 1 / M) * M });
}

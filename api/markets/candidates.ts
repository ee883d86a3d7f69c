import { benjaminiHochberg, binomialUpperTail } from '@shared/stats/binomial';
import { rateRatio } from '@shared/stats/rate-ratio';
import type pg from 'pg';
import { sqlFile } from '../lib/sql-file';
import { withTimeLimit } from '../lib/time-limit';

const CANDIDATES_SQL = sqlFile(new URL('./candidates.sql', import.meta.url));
const DETAILS_SQL = sqlFile(new URL('./candidate-details.sql', import.meta.url));

/** The false discovery rate the candidates are listed at (Benjamini–Hochberg over the clusters tested). */
export const FDR = 0.05;
/** Residues tested per cluster; the best one's p is multiplied by this (Bonferroni). */
const RESIDUES = 5;
/** Level at which the morning share of a candidate's market-day crashes counts as a market-hours pattern. */
const HOURS_LEVEL = 0.05;
/** A registered market within this many metres of a candidate's crashes is named as near it. */
export const NEAR_MARKET_M = 1000;
/** The digits a residue's market days end in, by residue: 0 逢五、十, 1 逢一、六 … 4 逢四、九. */
const DIGITS = ['五', '一', '二', '三', '四'];
const TENS = ['十', '六', '七', '八', '九'];

export interface CandidateParams {
  from: string;
  to: string;
  eps: number;
  minPoints: number;
  /** Crashes within this many metres of a registered market's stretch are that market's, and left out. */
  buffer: number;
  county: string | null;
  township: string | null;
}

interface Place {
  code: string;
  name: string;
  nameEn: string | null;
}

export interface Candidate {
  id: number;
  geometry: unknown;
  point: [number, number];
  county: Place | null;
  township: Place | null;
  roads: { name: string | null; class: string }[];
  crashes: number;
  /** Lunar day mod 5 the crashes concentrate on: 1 逢一、六 … 4 逢四、九, 0 逢五、十. */
  residue: number;
  digits: [number, number];
  schedule: { calendar: 'lunar'; days: number[] };
  label: string;
  onResidue: number;
  /** The residue's share of the window's days: the share of crashes expected on it without a market. */
  expectedShare: number;
  /** Crashes per day on the residue's days over crashes per day on the others; null when unbounded. */
  ratio: number | null;
  ci: [number, number | null];
  /** 5 · P(X ≥ onResidue | crashes, expectedShare), at most 1. */
  p: number;
  /** Benjamini–Hochberg adjusted over every cluster tested. */
  q: number;
  /** The market hours the residue's morning crashes suggest, whole hours; null when they show no morning pattern. */
  hours: { from: string; to: string } | null;
  evidence: {
    byResidue: number[];
    daysByResidue: number[];
    /** Of the crashes on the residue's days, how many fell in 05:00–13:00; and the share of all crashes considered that did. */
    morning: { crashes: number; of: number; share: number; p: number };
  };
  /**
   * The nearest registered market within NEAR_MARKET_M of the crashes (its stretch, or a relocated
   * one's new site); `sameDays`: it meets on this residue's lunar days, so the candidate is likely
   * that market reaching past its buffer (or at its new site) rather than a new one.
   */
  nearMarket: { id: number; name: string; status: string; distance: number; sameDays: boolean } | null;
  /** Any of its crashes synthetic (the demo's generated accidents). */
  synthetic: boolean;
}

export interface CandidateResult {
  /** Clusters tested (every DBSCAN cluster of the crashes considered). */
  tested: number;
  /** Crashes in the window and area: left out near registered markets, and considered. */
  excluded: number;
  considered: number;
  candidates: Candidate[];
}

interface SqlCluster {
  cid: number;
  n: number;
  byResidue: number[];
  morningByResidue: number[];
  firstMinute: (number | null)[];
  lastMinute: (number | null)[];
  /** The cluster's accidents. */
  ids: number[];
}

interface SqlDetails {
  cid: number;
  geometry: unknown;
  point: [number, number];
  county: Place | null;
  township: Place | null;
  roads: Candidate['roads'];
  nearMarket: { id: number; name: string; status: string; distance: number; calendar: string; days: number[] } | null;
  synthetic: boolean;
}

interface SqlRow {
  days_by_residue: number[];
  excluded: number;
  considered: number;
  morning_share: number | null;
  clusters: SqlCluster[];
}

/**
 * Finds crash clusters that recur on one residue of the lunar day mod 5, as an unregistered market
 * would (candidates.sql counts, this tests). For each cluster and residue r, with p0 = r's share of
 * the window's days, X ~ Binomial(n, p0) without a market: the best residue (smallest P(X ≥ x)) is
 * kept with p = 5 · P (Bonferroni over the residues), and p is adjusted by Benjamini–Hochberg over
 * every cluster tested; the clusters with q ≤ FDR are the candidates, by q, then crashes.
 */
export async function findMarketCandidates(db: pg.Pool | pg.ClientBase, p: CandidateParams): Promise<CandidateResult> {
  return withTimeLimit(
    db,
    async (client) => {
      const { rows } = await client.query<SqlRow>(CANDIDATES_SQL, [p.from, p.to, p.eps, p.minPoints, p.county, p.township, p.buffer]);
      const { days_by_residue: days, clusters } = rows[0];
      const found = test(clusters, days);
      const details = found.length
        ? await client.query<{ clusters: string }>(DETAILS_SQL, [
            found.flatMap((f) => f.c.ids.map(() => f.c.cid)), found.flatMap((f) => f.c.ids), NEAR_MARKET_M,
          ])
        : null;
      const byCid = new Map((details ? (JSON.parse(details.rows[0].clusters) as SqlDetails[]) : []).map((d) => [d.cid, d]));
      return {
        tested: clusters.length,
        excluded: rows[0].excluded,
        considered: rows[0].considered,
        candidates: found.map((f, i) => describe(i + 1, f, byCid.get(f.c.cid)!, days, rows[0].morning_share ?? 0)),
      };
    },
    'search for unregistered markets',
    'narrow the window or the area, or lower eps',
  );
}

interface Tested {
  c: SqlCluster;
  residue: number;
  p: number;
  q: number;
}

/** The clusters whose best residue passes, ranked: q, then crashes, then p. */
function test(clusters: SqlCluster[], days: number[]): Tested[] {
  const totalDays = days.reduce((s, d) => s + d, 0);
  const tested = clusters.map((c) => {
    const tails = c.byResidue.map((x, r) => binomialUpperTail(x, c.n, days[r] / totalDays));
    const residue = tails.reduce((best, t, r) => (t < tails[best] || (t === tails[best] && c.byResidue[r] > c.byResidue[best]) ? r : best), 0);
    return { c, residue, p: Math.min(1, RESIDUES * tails[residue]) };
  });
  const q = benjaminiHochberg(tested.map((t) => t.p));
  return tested
    .map((t, i) => ({ ...t, q: q[i] }))
    .filter((t) => t.q <= FDR)
    .sort((a, b) => a.q - b.q || b.c.n - a.c.n || a.p - b.p || a.c.cid - b.c.cid);
}

function describe(id: number, { c, residue, p, q }: Tested, d: SqlDetails, days: number[], morningShare: number): Candidate {
  const totalDays = days.reduce((s, x) => s + x, 0);
  const x = c.byResidue[residue];
  const rr = rateRatio(x, days[residue], c.n - x, totalDays - days[residue]);
  const morning = c.morningByResidue[residue];
  const morningP = binomialUpperTail(morning, x, morningShare);
  const first = c.firstMinute[residue];
  const last = c.lastMinute[residue];
  const digits: [number, number] = [residue === 0 ? 5 : residue, residue === 0 ? 10 : residue + 5];
  return {
    id,
    geometry: d.geometry,
    point: d.point,
    county: d.county,
    township: d.township,
    roads: d.roads,
    crashes: c.n,
    residue,
    digits,
    schedule: { calendar: 'lunar', days: Array.from({ length: 6 }, (_, k) => digits[0] + 5 * k) },
    label: `疑似逢${DIGITS[residue]}、${TENS[residue]}`,
    onResidue: x,
    expectedShare: days[residue] / totalDays,
    ratio: rr.ratio,
    ci: [rr.low!, rr.high],
    p,
    q,
    hours: morningP <= HOURS_LEVEL && first !== null && last !== null ? { from: clock(Math.floor(first / 60)), to: clock(Math.floor(last / 60) + 1) } : null,
    evidence: {
      byResidue: c.byResidue,
      daysByResidue: days,
      morning: { crashes: morning, of: x, share: morningShare, p: morningP },
    },
    nearMarket: d.nearMarket && {
      id: d.nearMarket.id, name: d.nearMarket.name, status: d.nearMarket.status, distance: d.nearMarket.distance,
      sameDays: d.nearMarket.calendar === 'lunar' && d.nearMarket.days.some((day) => day % 5 === residue),
    },
    synthetic: d.synthetic,
  };
}

function clock(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

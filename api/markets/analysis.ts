import { ratioInterval, type RatioInterval } from '@shared/stats/rate-ratio';
import type pg from 'pg';
import type { EpdoWeights } from '../hotspots/epdo';
import { sqlFile } from '../lib/sql-file';
import { withTimeLimit } from '../lib/time-limit';

const ANALYSIS_SQL = sqlFile(new URL('./analysis.sql', import.meta.url));


export interface MarketAnalysisParams {
  from: string;
  to: string;
  buffer: number;
  county: string | null;
  township: string | null;
  statuses: string[] | null;
  marketId: number | null;
  weights: EpdoWeights;
}

/** Crashes near a market in its hours on one kind of day, and how many such days it met. */
export interface DayCounts {
  days: number;
  crashes: number;
  fatal: number;
  injury: number;
  pdo: number;
  deaths: number;
  injuries: number;
  epdo: number;
  /** Crashes per day; null without days. */
  perDay: number | null;
}

/** Crashes per market day over crashes per other day (null: no crash, or none on other days), with its exact 95 % interval given the total. */
interface Compared extends RatioInterval {
  marketDays: DayCounts;
  otherDays: DayCounts;
}

interface Place {
  code: string;
  name: string;
  nameEn: string | null;
}

export interface MarketRow extends Compared {
  rank: number;
  id: number;
  name: string;
  countyCode: string;
  townshipCode: string | null;
  county: Place;
  township: Place | null;
  status: string;
  statusOn: string | null;
  roads: { name: string | null; class: string }[];
  trunk: boolean;
}

export interface AreaRow extends Compared {
  code: string | null;
  name: string | null;
  nameEn: string | null;
  countyCode: string;
  markets: number;
}

export interface MarketAnalysis {
  markets: MarketRow[];
  byCounty: AreaRow[];
  byTownship: AreaRow[];
}

interface SqlRow {
  level: 'market' | 'county' | 'township';
  id: number | null;
  name: string | null;
  status: string | null;
  status_on: string | null;
  roads: MarketRow['roads'] | null;
  trunk: boolean | null;
  county_code: string;
  county_name: string;
  county_name_en: string | null;
  township_code: string | null;
  township_name: string | null;
  township_name_en: string | null;
  markets: number;
  market_days: number;
  other_days: number;
  [column: `${'m' | 'o'}_${string}`]: number | null;
}

/**
 * Runs the market-day analysis (analysis.sql) on `db` — the pool, or a transaction's client in
 * tests — adds each row's exact interval, and ranks the markets: the interval's lower bound
 * first (strong evidence before a high ratio on a handful of crashes), then the ratio (unbounded
 * highest), then market-day crashes and EPDO, then id. Rollups are ranked the same way.
 */
export async function analyseMarkets(db: pg.Pool | pg.ClientBase, p: MarketAnalysisParams): Promise<MarketAnalysis> {
  const rows = await withTimeLimit(db, (client) =>
    client.query<SqlRow>(ANALYSIS_SQL, [
      p.from, p.to, p.buffer, p.county, p.township, p.statuses, p.marketId, p.weights.fatal, p.weights.injury, p.weights.pdo,
    ]), 'market analysis', 'narrow the window, the area or the buffer',
  );
  const place = (code: string | null, name: string | null, nameEn: string | null): Place | null =>
    code === null ? null : { code, name: name ?? code, nameEn };
  const markets = rank(
    rows.rows.filter((r) => r.level === 'market').map((r) => ({
      rank: 0,
      id: r.id!,
      name: r.name!,
      countyCode: r.county_code,
      townshipCode: r.township_code,
      county: place(r.county_code, r.county_name, r.county_name_en)!,
      township: place(r.township_code, r.township_name, r.township_name_en),
      status: r.status!,
      statusOn: r.status_on,
      roads: r.roads ?? [],
      trunk: r.trunk ?? false,
      ...compare(r),
    })),
  );
  markets.forEach((m, i) => (m.rank = i + 1));
  const area = (r: SqlRow, code: string | null, name: string | null, nameEn: string | null): AreaRow => ({
    code, name, nameEn, countyCode: r.county_code, markets: r.markets, ...compare(r),
  });
  return {
    markets,
    byCounty: rank(rows.rows.filter((r) => r.level === 'county').map((r) => area(r, r.county_code, r.county_name, r.county_name_en))),
    byTownship: rank(rows.rows.filter((r) => r.level === 'township').map((r) => area(r, r.township_code, r.township_name, r.township_name_en))),
  };
}

function counts(r: SqlRow, side: 'm' | 'o', days: number): DayCounts {
  const n = (k: string) => Number(r[`${side}_${k}`] ?? 0);
  return {
    days,
    crashes: n('crashes'), fatal: n('fatal'), injury: n('injury'), pdo: n('pdo'),
    deaths: n('deaths'), injuries: n('injuries'), epdo: n('epdo'),
    perDay: r[`${side}_per_day`] ?? null,
  };
}

function compare(r: SqlRow): Compared {
  const marketDays = counts(r, 'm', r.market_days);
  const otherDays = counts(r, 'o', r.other_days);
  return { marketDays, otherDays, ...ratioInterval(marketDays.crashes, marketDays.days, otherDays.crashes, otherDays.days) };
}

function rank<T extends Compared & { id?: number; code?: string | null }>(rows: T[]): T[] {
  const ratioKey = (x: T) => (x.ratio !== null ? x.ratio : x.ci !== null ? Infinity : -1);
  return rows.sort(
    (a, b) =>
      (b.ci?.[0] ?? -1) - (a.ci?.[0] ?? -1) ||
      compareDesc(ratioKey(a), ratioKey(b)) ||
      b.marketDays.crashes - a.marketDays.crashes ||
      b.marketDays.epdo - a.marketDays.epdo ||
      (a.id ?? 0) - (b.id ?? 0) ||
      String(a.code ?? '').localeCompare(String(b.code ?? '')),
  );
}

function compareDesc(a: number, b: number): number {
  return a === b ? 0 : a > b ? -1 : 1;
}

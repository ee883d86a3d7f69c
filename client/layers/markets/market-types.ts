import type { DayCounts, HarvestRow as ApiHarvestRow, InSeason, Season } from '@api/markets/harvest';
import type { MarketCalendar } from './market-schedule';

export type MarketStatus = 'active' | 'regulated' | 'relocated' | 'closed';
/** The legend's and the chips' order: still meeting on the road first. */
export const MARKET_STATUSES: readonly MarketStatus[] = ['active', 'regulated', 'relocated', 'closed'];

export interface LunarDate {
  month: number;
  day: number;
  leap: boolean;
}

export interface Place {
  code: string;
  name: string;
  nameEn: string | null;
}

/** One market in GET /api/markets (docs/API.md, "Markets"). */
export interface MarketProperties {
  id: number;
  name: string;
  county: Place;
  township: Place | null;
  roads: { name: string; class: string }[];
  /** A national or provincial road runs through it. */
  trunk: boolean;
  calendar: MarketCalendar;
  days: number[];
  hours: { from: string; to: string };
  status: MarketStatus;
  statusOn: string | null;
  relocatedTo: [number, number] | null;
  source: string;
  synthetic: boolean;
  version: number;
  meetsToday: boolean;
  nextDay: string | null;
}

export type MarketGeometry = GeoJSON.LineString | GeoJSON.MultiLineString | GeoJSON.Polygon | GeoJSON.MultiPolygon;

export interface MarketFeature {
  type: 'Feature';
  id: number;
  geometry: MarketGeometry;
  properties: MarketProperties;
}

export interface MarketCollection {
  type: 'FeatureCollection';
  features: MarketFeature[];
}

/** GET /api/markets/schedule: a week of days from `date`, each with the markets that meet. */
export interface MarketSchedule {
  date: string;
  days: { date: string; lunar: LunarDate; weekday: number; holiday: string | null; marketIds: number[] }[];
}

/** Crashes near one market in market hours: on its market days, and in the same hours on other days. */
export interface MarketDayCounts {
  days: number;
  crashes: number;
  fatal: number;
  injury: number;
  deaths: number;
  injuries: number;
  epdo: number;
  perDay: number;
}

/** One market's row of GET /api/markets/analysis. */
export interface MarketAnalysisRow {
  id: number;
  name: string;
  county: Place;
  township: Place | null;
  trunk: boolean;
  marketDays: MarketDayCounts;
  otherDays: MarketDayCounts;
  /** Crashes per market day over crashes per other day; null when unbounded (none on other days) or when there is no crash. */
  ratio: number | null;
  /** Exact 95 % interval of the ratio, conditional on the total; the upper end null when unbounded; null with no crash. */
  ci: [number, number | null] | null;
}

export interface MarketAnalysis {
  buffer: number;
  from: string;
  to: string;
  markets: MarketAnalysisRow[];
}

export interface MarketDetail extends MarketProperties {
  geometry: MarketGeometry;
  nextDays: { date: string; lunar: LunarDate; weekday: number }[];
  analysis: MarketAnalysisRow | null;
}

/** One place of GET /api/markets/candidates: crashes recurring on a five-day lunar cycle where no market is registered. */
export interface MarketCandidate {
  id: number;
  geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon | GeoJSON.LineString | GeoJSON.Point;
  point: [number, number];
  county: Place;
  township: Place | null;
  roads: { name: string; class: string }[];
  crashes: number;
  /** Lunar day mod 5 the crashes concentrate on (0 = 逢五、十). */
  residue: number;
  digits: number[];
  schedule: { calendar: 'lunar'; days: number[] };
  label: string;
  onResidue: number;
  /** The residue's share of the window's days: what the crashes would show with no cycle. */
  expectedShare: number;
  ratio: number | null;
  ci: [number, number | null] | null;
  p: number;
  /** Benjamini–Hochberg adjusted over the clusters tested. */
  q: number;
  hours: { from: string; to: string } | null;
  evidence: { byResidue: number[]; daysByResidue: number[]; morning?: { crashes: number; of: number; share: number; p: number } };
  /** A registered market within 1 km; `sameDays` when it meets on the same days (likely that market reaching past its buffer). */
  nearMarket: { id: number; name: string; status: MarketStatus; distance: number; sameDays: boolean } | null;
  synthetic: boolean;
}

export interface MarketCandidates {
  from: string;
  to: string;
  params: { eps: number; minPoints: number; buffer: number; fdr: number };
  tested: number;
  candidates: MarketCandidate[];
}

/** GET /api/markets/harvest: the API's own types (its counts per season, township and county). */
export type HarvestCounts = DayCounts;
export type HarvestSeasonCounts = InSeason;
/** A township (with its county) or a county. */
export type HarvestRow = ApiHarvestRow & { countyCode?: string };

export interface Harvest {
  from: string;
  to: string;
  seasons: Season[];
  townships: HarvestRow[];
  byCounty: HarvestRow[];
  total: Pick<HarvestRow, 'seasons' | 'other'>;
}

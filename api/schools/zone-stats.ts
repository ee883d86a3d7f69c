import type pg from 'pg';
import type { EpdoWeights } from '../hotspots/epdo';
import { shiftDate } from '../hotspots/params';
import { ApiError } from '../lib/api-error';
import type { AppDeps } from '../lib/app-deps';
import { sqlFile } from '../lib/sql-file';
import { ZONE_RADIUS_M, ZONE_REACH_M } from './params';

const ZONE_STATS_SQL = sqlFile(new URL('./zone-stats.sql', import.meta.url));
const EXPOSURE_SQL = sqlFile(new URL('./exposure.sql', import.meta.url));

type Db = pg.Pool | pg.ClientBase;

/** Rates are crashes per this many hours of a zone's time (per zone-hour for sums over zones). */
export const RATE_HOURS = 1000;
/** The longest window one request may analyse (the other analyses stop at 10 years too). */
export const MAX_WINDOW_DAYS = 3653;

/** Accidents in a zone (or summed over zones) in one kind of hours. */
export interface ZoneCounts {
  crashes: number;
  fatal: number;
  injury: number;
  pdo: number;
  deaths: number;
  injuries: number;
  epdo: number;
  /** Crashes with a pedestrian involved / an e-bike involved. */
  pedestrians: number;
  ebikes: number;
  /** The accident records carry no ages: always null until they do. */
  children: null;
  /** Zone-hours of exposure: the hours of this kind in the window (× schools, when summed). */
  hours: number;
  /** Crashes per RATE_HOURS zone-hours; null without exposure. */
  rate: number | null;
}

export interface SchoolZoneStats {
  id: number;
  name: string;
  countyCode: string;
  county: string;
  townshipCode: string | null;
  township: string | null;
  guardPost: boolean;
  zoneLength: number;
  schoolHours: ZoneCounts;
  otherHours: ZoneCounts;
  /** School-hours rate ÷ other-hours rate; null when either has no crash. */
  rateRatio: number | null;
}

export interface Exposure {
  schoolDays: number;
  hoursPerDay: number;
  days: number;
  /** Per zone: hours at school time, and all other hours of the window. */
  schoolHours: number;
  otherHours: number;
}

type Row = Record<string, number | string | boolean | null>;
const COUNT_KEYS = ['crashes', 'fatal', 'injury', 'pdo', 'deaths', 'injuries', 'pedestrians', 'ebikes'] as const;

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

function counts(values: Record<(typeof COUNT_KEYS)[number], number>, hours: number, w: EpdoWeights): ZoneCounts {
  return {
    ...values,
    epdo: values.fatal * w.fatal + values.injury * w.injury + values.pdo * w.pdo,
    children: null,
    hours: round(hours, 1),
    rate: hours > 0 ? round((values.crashes * RATE_HOURS) / hours, 4) : null,
  };
}

const ratio = (a: ZoneCounts, b: ZoneCounts) => (a.rate && b.rate ? round(a.rate / b.rate, 3) : null);

/** Sums of counts over schools, with their summed exposure. */
function sum(list: ZoneCounts[], w: EpdoWeights): ZoneCounts {
  const total = Object.fromEntries(COUNT_KEYS.map((k) => [k, list.reduce((s, c) => s + c[k], 0)])) as Record<(typeof COUNT_KEYS)[number], number>;
  return counts(total, list.reduce((s, c) => s + c.hours, 0), w);
}

/** Worst first: school-hours EPDO, then crashes, then how much school hours stand out, then id. */
const worstFirst = (a: { schoolHours: ZoneCounts; rateRatio: number | null }, b: typeof a) =>
  b.schoolHours.epdo - a.schoolHours.epdo || b.schoolHours.crashes - a.schoolHours.crashes || (b.rateRatio ?? -1) - (a.rateRatio ?? -1);

/**
 * The window of an analysis: as given, or the twelve months ending at the newest accident (a lone
 * `from` runs to it, a lone `to` starts twelve months earlier); at most ten years.
 */
export async function analysisWindow(deps: AppDeps, q: { from?: string; to?: string }): Promise<{ from: string; to: string }> {
  const newest = async () =>
    (await deps.pool.query<{ d: string | null }>(`SELECT (max(occurred_at) AT TIME ZONE 'Asia/Shanghai')::date::text AS d FROM accidents`)).rows[0].d ??
    new Date().toISOString().slice(0, 10);
  const to = q.to ?? (await newest());
  const from = q.from ?? shiftDate(to, -1, 1);
  if (from > to) throw ApiError.badParam('from', `from (${from}) is after to (${to})`);
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  if (days > MAX_WINDOW_DAYS) throw ApiError.badParam('from', `the window is ${days} days; at most ${MAX_WINDOW_DAYS} (ten years) at a time`);
  return { from, to };
}

/** The window's school days and hours; 400 when the calendar does not hold every day of it. */
export async function exposure(db: Db, from: string, to: string): Promise<Exposure> {
  const e = (await db.query<{ schoolDays: number; hoursPerDay: number; days: number; covered: number; calendarFrom: string | null; calendarTo: string | null }>(EXPOSURE_SQL, [from, to])).rows[0];
  if (e.covered < e.days) {
    const param = e.calendarFrom === null || from < e.calendarFrom ? 'from' : 'to';
    throw ApiError.badParam(param, `the calendar holds ${e.calendarFrom ?? 'no days'}${e.calendarTo ? ` to ${e.calendarTo}` : ''}: school days outside it are unknown`);
  }
  const schoolHours = e.schoolDays * e.hoursPerDay;
  return { schoolDays: e.schoolDays, hoursPerDay: e.hoursPerDay, days: e.days, schoolHours, otherHours: e.days * 24 - schoolHours };
}

export interface ZoneQuery {
  from: string;
  to: string;
  county?: string | null;
  township?: string | null;
  ids?: number[] | null;
  weights: EpdoWeights;
}

/** Every selected school's zone statistics, worst first (zone-stats.sql). */
export async function schoolZoneStats(db: Db, q: ZoneQuery, e: Exposure): Promise<SchoolZoneStats[]> {
  const r = await db.query<Row>(ZONE_STATS_SQL, [q.from, q.to, q.county ?? null, q.township ?? null, q.ids ?? null, ZONE_RADIUS_M, ZONE_REACH_M]);
  const part = (row: Row, p: 's' | 'o') =>
    Object.fromEntries(COUNT_KEYS.map((k) => [k, row[`${p}_${k}`] as number])) as Record<(typeof COUNT_KEYS)[number], number>;
  return r.rows
    .map((row): SchoolZoneStats => {
      const schoolHours = counts(part(row, 's'), e.schoolHours, q.weights);
      const otherHours = counts(part(row, 'o'), e.otherHours, q.weights);
      return {
        id: row.id as number,
        name: row.name as string,
        countyCode: row.countyCode as string,
        county: row.county as string,
        townshipCode: row.townshipCode as string | null,
        township: row.township as string | null,
        guardPost: row.guardPost as boolean,
        zoneLength: row.zoneLength as number,
        schoolHours,
        otherHours,
        rateRatio: ratio(schoolHours, otherHours),
      };
    })
    .sort((a, b) => worstFirst(a, b) || a.id - b.id);
}

export interface AreaRollup {
  code: string | null;
  name: string | null;
  countyCode: string;
  schools: number;
  withoutGuardPost: number;
  schoolHours: ZoneCounts;
  otherHours: ZoneCounts;
  rateRatio: number | null;
}

/** Sums by county or township, worst first. */
export function rollup(schools: SchoolZoneStats[], by: 'county' | 'township', w: EpdoWeights): AreaRollup[] {
  const groups = new Map<string, SchoolZoneStats[]>();
  for (const s of schools) {
    const key = by === 'county' ? s.countyCode : `${s.countyCode}:${s.townshipCode ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.values()]
    .map((list): AreaRollup => {
      const [first] = list;
      const schoolHours = sum(list.map((s) => s.schoolHours), w);
      const otherHours = sum(list.map((s) => s.otherHours), w);
      return {
        code: by === 'county' ? first.countyCode : first.townshipCode,
        name: by === 'county' ? first.county : first.township,
        countyCode: first.countyCode,
        schools: list.length,
        withoutGuardPost: list.filter((s) => !s.guardPost).length,
        schoolHours,
        otherHours,
        rateRatio: ratio(schoolHours, otherHours),
      };
    })
    .sort((a, b) => worstFirst(a, b) || (a.code ?? '').localeCompare(b.code ?? ''));
}

/** Zones with and without a guard post, at school hours: the crash rate per zone-hour of each, and their ratio. */
export function guardPostComparison(schools: SchoolZoneStats[], w: EpdoWeights) {
  const side = (posted: boolean) => {
    const list = schools.filter((s) => s.guardPost === posted);
    return { schools: list.length, ...sum(list.map((s) => s.schoolHours), w) };
  };
  const withPost = side(true);
  const without = side(false);
  return { with: withPost, without, rateRatio: ratio(withPost, without) };
}

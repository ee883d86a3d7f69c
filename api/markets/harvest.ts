import { Hono } from 'hono';
import type pg from 'pg';
import { z } from 'zod';
import { ratioInterval, type RatioInterval } from '@shared/stats/rate-ratio';
import type { SessionUser } from '../auth/accounts';
import { currentUser, type AuthEnv } from '../auth/middleware';
import { analysisWindow } from '../lib/analysis-window';
import { areaFilters, resolveArea } from '../lib/area-filters';
import { ApiError } from '../lib/api-error';
import type { AppDeps } from '../lib/app-deps';
import { sqlFile } from '../lib/sql-file';
import { validate } from '../lib/validate';
import { marketDate } from './write-schemas';

const HARVEST_SQL = sqlFile(new URL('./harvest.sql', import.meta.url));

/** The window when none is given: the three years to the newest accident; at most ten. */
const DEFAULT_YEARS = 3;

const monthDay = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/, 'MM-DD');
/** The `harvest_seasons` setting (migration 0019): each season's first and last day, within one year. */
const Seasons = z
  .array(
    z.object({ id: z.string().regex(/^[a-z_]+$/).refine((s) => s !== 'other', 'other is the days in no season'), name: z.string(), nameEn: z.string().optional(), from: monthDay, to: monthDay })
      .refine((s) => s.from <= s.to, 'from after to (a season lies within one year)'),
  )
  .min(1);
export type Season = z.infer<typeof Seasons>[number];

const area = areaFilters;
const HarvestQuery = z.object({ from: marketDate.optional(), to: marketDate.optional(), ...area });

/** Crashes and 占道晒粮 hazards on one kind of day (a season's, or the others). */
export interface DayCounts {
  days: number;
  crashes: number;
  fatal: number;
  injury: number;
  pdo: number;
  deaths: number;
  injuries: number;
  /** Crashes per day; null without days. */
  perDay: number | null;
  hazards: number;
}
/** A season against the other days: crashes per day in season over crashes per day out of it, with its exact 95 % interval. */
export interface InSeason extends DayCounts, RatioInterval {}
export interface HarvestRow {
  code: string;
  name: string;
  nameEn: string | null;
  /** Each season by its id, and `harvest`: all seasons' days together. */
  seasons: Record<string, InSeason>;
  other: DayCounts;
}

interface SqlRow {
  code: string; name: string; name_en: string | null; county_code: string; county_name: string; county_name_en: string | null;
  season: string; days: number; crashes: number; fatal: number; injury: number; pdo: number; deaths: number; injuries: number; hazards: number;
}

const KEYS = ['days', 'crashes', 'fatal', 'injury', 'pdo', 'deaths', 'injuries', 'hazards'] as const;
const zero = (): DayCounts => ({ days: 0, crashes: 0, fatal: 0, injury: 0, pdo: 0, deaths: 0, injuries: 0, perDay: null, hazards: 0 });
/**
 * Adds counts into `a`: a township's seasons into its harvest, or townships into their county. The
 * days are the window's, the same in every township: summed over seasons, never over townships.
 */
const add = (a: DayCounts, b: Omit<DayCounts, 'perDay'>, sameDays = false) => {
  for (const k of KEYS) a[k] = k === 'days' && sameDays ? Math.max(a.days, b.days) : a[k] + b[k];
  a.perDay = a.days ? a.crashes / a.days : null;
};
const against = (s: DayCounts, other: DayCounts): InSeason => ({ ...s, ...ratioInterval(s.crashes, s.days, other.crashes, other.days) });

export interface HarvestParams {
  from: string;
  to: string;
  seasons: Season[];
  county: string | null;
  township: string | null;
  /** Which hazards the reader may count (the ledger's visibility). */
  reader: SessionUser;
}

/**
 * Counts in SQL (harvest.sql), then per township, county and all: each season and the harvest
 * (all seasons) against the other days. Townships worst first: the harvest ratio's lower bound,
 * then crashes in season, then code. Runs on `db`, the pool or a test's transaction.
 */
export async function harvestBySeason(db: pg.Pool | pg.ClientBase, p: HarvestParams) {
  const u = p.reader;
  const limit = u.role === 'liaison' ? [null, null, u.unit!.id] : u.scope.level === 'city' ? [null, null, null] : u.scope.level === 'county' ? [u.scope.code, null, null] : [null, u.scope.code, null];
  const r = await db.query<SqlRow>(HARVEST_SQL, [
    p.from, p.to, p.seasons.map((s) => s.id), p.seasons.map((s) => s.from), p.seasons.map((s) => s.to), p.county, p.township, ...limit,
  ]);
  type Acc = { code: string; name: string; nameEn: string | null; countyCode?: string; parts: Record<string, DayCounts> };
  const acc = (m: Map<string, Acc>, code: string, name: string, nameEn: string | null, countyCode?: string) => {
    if (!m.has(code)) m.set(code, { code, name, nameEn, ...(countyCode && { countyCode }), parts: {} });
    return m.get(code)!;
  };
  const townships = new Map<string, Acc>();
  const counties = new Map<string, Acc>();
  const all = { code: 'all', name: '', nameEn: null, parts: {} } as Acc;
  for (const row of r.rows) {
    const township = acc(townships, row.code, row.name, row.name_en, row.county_code);
    for (const kind of row.season === 'other' ? ['other'] : [row.season, 'harvest']) add((township.parts[kind] ??= zero()), row);
    acc(counties, row.county_code, row.county_name, row.county_name_en);
  }
  for (const t of townships.values()) {
    for (const a of [counties.get(t.countyCode!)!, all]) {
      for (const [kind, counts] of Object.entries(t.parts)) add((a.parts[kind] ??= zero()), counts, true);
    }
  }
  const shape = ({ parts, ...a }: Acc) => ({
    ...a,
    seasons: Object.fromEntries([...p.seasons.map((s) => s.id), 'harvest'].map((id) => [id, against(parts[id] ?? zero(), parts.other ?? zero())])),
    other: parts.other ?? zero(),
  });
  const rank = (rows: ReturnType<typeof shape>[]) =>
    rows.sort((a, b) => (b.seasons.harvest.ci?.[0] ?? -1) - (a.seasons.harvest.ci?.[0] ?? -1) || b.seasons.harvest.crashes - a.seasons.harvest.crashes || a.code.localeCompare(b.code));
  const { code: _c, name: _n, nameEn: _e, ...total } = shape(all);
  return { townships: rank([...townships.values()].map(shape)), byCounty: rank([...counties.values()].map(shape)), total };
}

/** The harvest seasons as set (app_settings harvest_seasons). */
export async function harvestSeasons(db: pg.Pool | pg.ClientBase): Promise<Season[]> {
  const r = await db.query<{ value: string }>(`SELECT value FROM app_settings WHERE key = 'harvest_seasons'`);
  const parsed = Seasons.safeParse(JSON.parse(r.rows[0]?.value ?? 'null'));
  if (!parsed.success) throw new ApiError('internal', `The setting harvest_seasons is not valid: ${parsed.error.issues[0].message}`);
  return parsed.data;
}

/** GET /harvest: crashes and 占道晒粮 hazards by harvest season per township (a session: hazards are the ledger's). */
export function harvestRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>().get('/harvest', validate('query', HarvestQuery), async (c) => {
    const user = currentUser(c);
    const q = c.req.valid('query');
    const f = await resolveArea(deps.pool, q);
    const { from, to } = await analysisWindow(deps.pool, q, DEFAULT_YEARS, { calendar: false });
    const seasons = await harvestSeasons(deps.pool);
    const result = await harvestBySeason(deps.pool, { from, to, seasons, county: f.county, township: f.township, reader: user });
    return c.json({ from, to, seasons, ...result });
  });
}

import { z } from 'zod';
import { INPUT_CRS } from '../lib/china-crs';
import { dateParam } from '../lib/query-params';
import { text as dbText } from '../lib/values';
import { MARKET_STATUSES } from './params';

export const CALENDARS = ['lunar', 'solar', 'weekly'] as const;
export type Calendar = (typeof CALENDARS)[number];
export type MarketStatus = (typeof MARKET_STATUSES)[number];

/** The highest day of each calendar: lunar months have 29 or 30 days, solar up to 31, weeks 7 (ISO, 1 Monday). */
export const LAST_DAY: Record<Calendar, number> = { lunar: 30, solar: 31, weekly: 7 };
const DAY_WORDS: Record<Calendar, string> = {
  lunar: 'lunar days run 1–30',
  solar: 'solar days run 1–31',
  weekly: 'weekdays run 1 (Monday) to 7 (Sunday)',
};

/** Longest stretch of road one market may fill, and the largest area of stalls: more is taken for a mistake. */
export const MAX_STRETCH_M = 5000;
export const MAX_AREA_M2 = 250_000;
/** Positions in one geometry, at most. */
export const MAX_VERTICES = 2000;
/** A JSON write body, at most (a stretch of 2000 positions is ~60 kB). */
export const MAX_BODY_BYTES = 1024 * 1024;

const MAX_ID = 2_147_483_647;
/** A path id that fits the column; a larger one is a 400 naming the parameter, not a 500. */
export const idNumber = z
  .string()
  .regex(/^[0-9]+$/, 'must be a whole number')
  .refine((s) => s.length <= 10 && Number(s) >= 1 && Number(s) <= MAX_ID, `is not a market id (1 to ${MAX_ID})`)
  .transform(Number);

/** Text the database can hold: trimmed, not empty, at most `max` characters, no NUL, no lone surrogate. */
export const text = (max: number) => dbText(max);

/** A date the database can hold (no year 0) and a market could have: 1900–2100. */
export const marketDate = dateParam.refine((d) => d >= '1900-01-01' && d <= '2100-12-31', 'must lie between 1900-01-01 and 2100-12-31');

const time = z.string({ message: 'must be a time HH:MM' }).regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be a time HH:MM, 00:00–23:59');
export const Hours = z
  .object({ from: time, to: time }, { message: 'must be { from: "HH:MM", to: "HH:MM" }' })
  .refine((h) => h.from < h.to, { path: ['to'], message: 'must be after from (the hours are reversed or empty; a market meets within one day)' });

/** Days as a list; whether each fits the calendar is checked with the calendar (checkDays). */
export const Days = z
  .array(z.number({ message: 'must be a number' }).int('must be a whole number'), { message: 'must be a list of days, e.g. [2, 7, 12, 17, 22, 27]' })
  .min(1, 'needs at least one day')
  .max(31, 'at most 31 days')
  .refine((d) => new Set(d).size === d.length, 'a day appears twice')
  .transform((d) => [...d].sort((a, b) => a - b));

/** Issues for days that do not fit the calendar: day 0, day 31 of a lunar month, weekday 8. */
export function dayIssues(calendar: Calendar, days: number[]): { index: number; message: string }[] {
  return days.flatMap((d, index) => (d < 1 || d > LAST_DAY[calendar] ? [{ index, message: `${d} is not a day: ${DAY_WORDS[calendar]}` }] : []));
}

const position = z.array(z.number({ message: 'must be a number' }), { message: 'a position is [lon, lat]' }).min(2, 'a position is [lon, lat]').max(3, 'a position is [lon, lat]');
const line = z.array(position, { message: 'must be a list of positions' }).min(2, 'a line needs at least 2 positions');
const ring = z
  .array(position, { message: 'must be a list of positions' })
  .min(4, 'a ring needs at least 4 positions')
  .refine((r) => r[0][0] === r[r.length - 1][0] && r[0][1] === r[r.length - 1][1], 'a ring must end where it starts (closed)');
const polygon = z.array(ring, { message: 'must be a list of rings' }).min(1, 'needs an outer ring');
const countPositions = (c: unknown): number => (Array.isArray(c) && typeof c[0] === 'number' ? 1 : Array.isArray(c) ? c.reduce((n: number, x) => n + countPositions(x), 0) : 0);

/** The stretch a market fills: a line along the road or the area of its stalls, as GeoJSON. */
export const StretchGeometry = z
  .discriminatedUnion(
    'type',
    [
      z.object({ type: z.literal('LineString'), coordinates: line }),
      z.object({ type: z.literal('MultiLineString'), coordinates: z.array(line, { message: 'must be a list of lines' }).min(1, 'needs a line') }),
      z.object({ type: z.literal('Polygon'), coordinates: polygon }),
      z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(polygon, { message: 'must be a list of polygons' }).min(1, 'needs a polygon') }),
    ],
    { message: 'must be a GeoJSON LineString, MultiLineString, Polygon or MultiPolygon' },
  )
  .refine((g) => countPositions(g.coordinates) <= MAX_VERTICES, `at most ${MAX_VERTICES} positions`);
export type Stretch = z.infer<typeof StretchGeometry>;

export const lonLat = z.array(z.number({ message: 'must be a number' }), { message: 'must be [lon, lat]' }).length(2, 'must be [lon, lat]');

const fields = {
  name: text(100),
  geometry: StretchGeometry,
  crs: z.enum(INPUT_CRS, { message: `one of ${INPUT_CRS.join(', ')}` }).default('wgs84'),
  calendar: z.enum(CALENDARS, { message: `one of ${CALENDARS.join(', ')}` }),
  days: Days,
  hours: Hours,
  source: text(500).optional(),
  /** Why: kept in the write's event (markets have no note of their own). */
  note: text(2000).optional(),
};

const status = z.enum(MARKET_STATUSES, { message: `one of ${MARKET_STATUSES.join(', ')}` });

/** Day lists that do not fit their calendar, as issues on `days.<k>`. */
function checkDays(b: { calendar?: Calendar; days?: number[] }, ctx: z.RefinementCtx) {
  if (!b.calendar || !b.days) return;
  for (const i of dayIssues(b.calendar, b.days)) ctx.addIssue({ code: 'custom', path: ['days', i.index], message: i.message });
}

/** A status with its day (each status but active needs one) and, when relocated, the new site. */
function checkStatus(b: { status?: MarketStatus; statusOn?: string | null; relocatedTo?: number[] | null }, ctx: z.RefinementCtx) {
  if (b.relocatedTo && b.status !== 'relocated') ctx.addIssue({ code: 'custom', path: ['relocatedTo'], message: 'only for a relocated market (status relocated)' });
  if (b.status === 'relocated' && !b.relocatedTo) ctx.addIssue({ code: 'custom', path: ['relocatedTo'], message: 'a relocated market needs its new site [lon, lat]' });
}

export const CreateMarketBody = z
  .object({
    ...fields,
    // A point instead of the stretch: the nearest non-expressway road through it (a market found by the cycle finder).
    geometry: fields.geometry.optional(),
    point: lonLat.optional(),
    status: status.default('active'),
    statusOn: marketDate.optional(),
    relocatedTo: lonLat.optional(),
  })
  .superRefine((b, ctx) => {
    if ((b.geometry === undefined) === (b.point === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['geometry'], message: 'send the stretch (geometry) or a point on its road (point [lon, lat]), one of them' });
    }
    checkDays(b, ctx);
    checkStatus(b, ctx);
    if (b.status !== 'active' && !b.statusOn) ctx.addIssue({ code: 'custom', path: ['statusOn'], message: `a ${b.status} market needs the day it became so (YYYY-MM-DD)` });
  });
export type CreateMarket = z.infer<typeof CreateMarketBody>;

const version = z.number({ message: 'the version you read is required' }).int('must be a whole number');

/** A change of the market's own fields; its status changes through POST /:id/status. */
export const PatchMarketBody = z
  .object({
    version,
    name: fields.name.optional(),
    geometry: fields.geometry.optional(),
    crs: fields.crs,
    calendar: fields.calendar.optional(),
    days: fields.days.optional(),
    hours: fields.hours.optional(),
    source: fields.source,
    note: fields.note,
    status: z.unknown().refine((s) => s === undefined, 'the status changes with POST /api/markets/:id/status').optional(),
  })
  .superRefine((b, ctx) => {
    checkDays(b, ctx);
    if (!['name', 'geometry', 'calendar', 'days', 'hours', 'source'].some((k) => b[k as keyof typeof b] !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['version'], message: 'nothing to change: send at least one of name, geometry, calendar, days, hours, source' });
    }
  });
export type PatchMarket = z.infer<typeof PatchMarketBody>;

/**
 * A status change: active → regulated (规范) | relocated (已搬迁, with the new site) | closed (取缔);
 * regulated → relocated | closed; the same status again corrects its day (and new site).
 */
export const StatusBody = z
  .object({
    version,
    status,
    statusOn: marketDate.optional(),
    relocatedTo: lonLat.optional(),
    crs: fields.crs,
    note: fields.note,
  })
  .superRefine(checkStatus);
export type StatusChange = z.infer<typeof StatusBody>;

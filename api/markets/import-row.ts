import type pg from 'pg';
import type { SessionUser } from '../auth/accounts';
import { parseDay } from '../hazards/import';
import { ApiError } from '../lib/api-error';
import { INPUT_CRS, type InputCrs } from '../lib/china-crs';
import { RowError } from '../lib/row-import';
import type { Column } from '@shared/markets/market-columns';
import { wgs84Point } from '../lib/point-input';
import { MARKET_STATUSES } from './params';
import { parseDays } from './days';
import { createMarket, sitePoint } from './store';
import { checkedStretch, stretchAtPoint } from './stretch';
import { CALENDARS, StretchGeometry, type Calendar, type MarketStatus, type Stretch } from './write-schemas';

export { COLUMNS, REQUIRED, type Column } from '@shared/markets/market-columns';

const CALENDAR_WORDS: Record<string, Calendar> = { 农历: 'lunar', 阴历: 'lunar', 公历: 'solar', 阳历: 'solar', 星期: 'weekly', 每周: 'weekly', 周: 'weekly' };
const STATUS_WORDS: Record<string, MarketStatus> = {
  正常: 'active', 在用: 'active', 规范: 'regulated', 已规范: 'regulated', 搬迁: 'relocated', 已搬迁: 'relocated', 取缔: 'closed', 已取缔: 'closed',
};
const CRS_WORDS: Record<string, InputCrs> = { 'gcj-02': 'gcj02', 高德: 'gcj02', 腾讯: 'gcj02', 'bd-09': 'bd09', 百度: 'bd09', 'wgs-84': 'wgs84', cgcs2000: 'wgs84' };

/** 06:00, 6:00, 6:00:00, or an Excel time (a fraction of a day, 0.25 = 06:00) as HH:MM; null if none of them. */
export function parseTime(raw: string): string | null {
  const m = /^([01]?[0-9]|2[0-3])[:：]([0-5][0-9])(?::[0-5][0-9])?$/.exec(raw.trim());
  if (m) return `${m[1].padStart(2, '0')}:${m[2]}`;
  const f = Number(raw);
  if (raw.trim() !== '' && Number.isFinite(f) && f >= 0 && f < 1) {
    const minutes = Math.round(f * 1440);
    return minutes < 1440 ? `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}` : null;
  }
  return null;
}

const number = (raw: string, field: string) => {
  if (raw === '') throw new RowError(field, 'empty', 'required');
  if (!Number.isFinite(Number(raw))) throw new RowError(field, `"${raw}" is not a number`, 'not_a_number');
  return Number(raw);
};

/** An ApiError of a check the row went through, as the row's field and reason (a point's checks name lon). */
export function rowErrorOf(e: ApiError, pointRow: boolean): RowError {
  const d = e.details[0];
  const param = d?.param ?? d?.field ?? 'row';
  const field = pointRow && (param === 'geometry' || param === 'lat') ? (param === 'lat' ? 'lat' : 'lon') : param;
  const rule = d?.rule ?? (d?.reason === 'scope' ? 'scope' : undefined);
  return new RowError(field, e.message, rule);
}

/**
 * One row of a market list saved, in the caller's transaction (a savepoint per row): its cells read
 * by `get` (texts), its stretch either given (a GeoJSON feature's geometry) or built by PostGIS from
 * lon and lat: the nearest non-expressway road within 300 m (market_stretch()). Every check of
 * POST /api/markets applies; a RowError names the field when one fails.
 */
export async function importRow(
  client: pg.ClientBase, user: SessionUser, get: (c: Column) => string, given: { geometry?: unknown; crs: InputCrs; file: string; row: number },
): Promise<number> {
  const name = get('name');
  if (!name) throw new RowError('name', 'empty', 'required');
  if (name.length > 100) throw new RowError('name', 'longer than 100 characters', 'too_long');
  const calendarRaw = get('calendar').toLowerCase();
  const calendar = (CALENDARS as readonly string[]).includes(calendarRaw) ? (calendarRaw as Calendar) : CALENDAR_WORDS[calendarRaw];
  if (!calendar) throw new RowError('calendar', `unknown calendar "${get('calendar')}" (lunar 农历, solar 公历 or weekly 星期)`, 'unknown_calendar');
  const days = parseDays(get('days'), calendar);
  if ('reason' in days) throw new RowError('days', days.reason, 'bad_days');
  const [from, to] = [parseTime(get('hoursFrom')), parseTime(get('hoursTo'))];
  if (!from) throw new RowError('hoursFrom', `"${get('hoursFrom')}" is not a time HH:MM`, 'not_a_time');
  if (!to) throw new RowError('hoursTo', `"${get('hoursTo')}" is not a time HH:MM`, 'not_a_time');
  if (from >= to) throw new RowError('hoursTo', `${to} is not after ${from} (the hours are reversed)`, 'hours_reversed');
  const statusRaw = get('status') || 'active';
  const status = (MARKET_STATUSES as readonly string[]).includes(statusRaw) ? (statusRaw as MarketStatus) : STATUS_WORDS[statusRaw];
  if (!status) throw new RowError('status', `unknown status "${statusRaw}" (正常 active, 规范 regulated, 已搬迁 relocated, 取缔 closed)`, 'unknown_status');
  const statusOn = get('statusOn') ? parseDay(get('statusOn')) : null;
  if (get('statusOn') && (!statusOn || statusOn < '1900-01-01' || statusOn > '2100-12-31')) throw new RowError('statusOn', `"${get('statusOn')}" is not a date (YYYY-MM-DD)`, 'not_a_date');
  if (status !== 'active' && !statusOn) throw new RowError('statusOn', `a ${status} market needs the day it became so`, 'required');
  const crsRaw = get('crs').toLowerCase();
  const crs = crsRaw ? ((INPUT_CRS as readonly string[]).includes(crsRaw) ? (crsRaw as InputCrs) : CRS_WORDS[crsRaw]) : given.crs;
  if (!crs) throw new RowError('crs', `unknown coordinate system "${get('crs')}" (wgs84, gcj02 or bd09)`, 'unknown_crs');
  for (const [field, max] of [['source', 500], ['note', 2000]] as const) {
    if (get(field).length > max) throw new RowError(field, `longer than ${max} characters`, 'too_long');
  }
  for (const field of ['name', 'source', 'note'] as const) if (get(field).includes('\u0000')) throw new RowError(field, 'contains a NUL character', 'nul');

  let geometry: Stretch;
  if (given.geometry !== undefined) {
    const parsed = StretchGeometry.safeParse(given.geometry);
    if (!parsed.success) throw new RowError('geometry', parsed.error.issues[0].message, 'invalid_geometry');
    geometry = parsed.data;
  } else {
    const [lon, lat] = (() => {
      try {
        return wgs84Point(number(get('lon'), 'lon'), number(get('lat'), 'lat'), crs);
      } catch (e) {
        throw e instanceof ApiError ? rowErrorOf(e, true) : e;
      }
    })();
    const at = await stretchAtPoint(client, lon, lat);
    if ('problem' in at) throw new RowError('lon', at.reason, at.problem);
    geometry = at.stretch;
  }
  const pointRow = given.geometry === undefined;
  try {
    // A stretch built from a point is WGS84 already.
    const { ewkt } = await checkedStretch(client, user, geometry, pointRow ? 'wgs84' : crs);
    const relocated = [get('relocatedLon'), get('relocatedLat')];
    if (status === 'relocated' && relocated.some((v) => v === '')) throw new RowError('relocatedLon', 'a relocated market needs its new site (新址经度, 新址纬度)', 'required');
    if (status !== 'relocated' && relocated.some((v) => v !== '')) throw new RowError('relocatedLon', 'only for a relocated market', 'only_relocated');
    const site = status === 'relocated' ? await sitePoint(client, [number(relocated[0], 'relocatedLon'), number(relocated[1], 'relocatedLat')], crs, 'relocatedLon') : null;
    return await createMarket(client, user.id, {
      name, ewkt, calendar, days: days.days, hours: { from, to }, status, statusOn, site,
      source: get('source') || `imported by ${user.username} (${given.file})`, note: get('note') || null,
      via: { via: 'import', file: given.file, row: given.row },
    });
  } catch (e) {
    throw e instanceof ApiError && e.code !== 'internal' ? rowErrorOf(e, pointRow) : e;
  }
}

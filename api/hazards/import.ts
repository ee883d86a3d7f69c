import type pg from 'pg';
import type { SessionUser } from '../auth/accounts';
import { ApiError } from '../lib/api-error';
import type { AppDeps } from '../lib/app-deps';
import type { InputCrs } from '../lib/china-crs';
import { wgs84Point } from '../lib/point-input';
import { isDate } from '../lib/query-params';
import { importRoute, RowError, saveRows, sheetDay, type RowReport } from '../lib/row-import';
import { RISK_ZH, TYPE_ZH } from './ledger';
import { registerHazard, unitForHazard, type Registered } from './register';
import { addEvent, HAZARD_TYPES, RISK_LEVELS } from './store';

/** Columns of a ledger, by the headers brigades use (the export's own among them) or the API's names. */
const COLUMNS = {
  type: ['隐患类型', '类型', 'type'],
  risk: ['风险等级', '风险', 'risk'],
  description: ['隐患描述', '隐患情况', '描述', 'description'],
  lon: ['经度', 'lon', 'longitude'],
  lat: ['纬度', 'lat', 'latitude'],
  foundOn: ['发现日期', '排查日期', 'foundon', 'found'],
  roadName: ['道路', '道路名称', '路段', 'road', 'roadname'],
  unit: ['责任单位', 'unit', 'unitcode'],
  deadline: ['整改期限', '整改时限', 'deadline'],
  plan: ['整改措施（一点一策）', '整改措施(一点一策)', '整改措施', '一点一策', 'plan'],
  noticeNo: ['整改通知书编号', '通知书编号', 'noticeno'],
} as const;
type Column = keyof typeof COLUMNS;
const REQUIRED: Column[] = ['type', 'risk', 'description', 'lon', 'lat'];

const byLabel = (labels: Record<string, string>, codes: readonly string[], value: string) =>
  codes.find((c) => c === value) ?? Object.entries(labels).find(([, zh]) => zh === value)?.[0];

/** A day as a sheet holds it (sheetDay) as YYYY-MM-DD; null if not a real date (or one outside 1900–2100). */
export function parseDay(raw: string): string | null {
  const iso = sheetDay(raw);
  return iso !== null && isDate(iso) ? iso : null;
}

/** The longest text each column may hold (the hazards table's limits). */
const MAX_LENGTH: Partial<Record<Column, number>> = { description: 2000, roadName: 100, plan: 2000, noticeNo: 60 };

export type { RowReport };

async function importRow(client: pg.PoolClient, user: SessionUser, get: (c: Column) => string, crs: InputCrs, allowDuplicates: boolean): Promise<Registered> {
  const type = byLabel(TYPE_ZH, HAZARD_TYPES, get('type'));
  if (!type) throw new RowError('type', `unknown type "${get('type')}" (one of ${Object.values(TYPE_ZH).join('、')})`, 'unknown_type');
  const risk = byLabel(RISK_ZH, RISK_LEVELS, get('risk'));
  if (!risk) throw new RowError('risk', `unknown risk level "${get('risk')}" (重大、较大 or 一般)`, 'unknown_risk');
  // PostgreSQL text cannot hold NUL, and a value past its column's limit fails the row's INSERT.
  for (const k of Object.keys(COLUMNS) as Column[]) {
    if (get(k).includes('\u0000')) throw new RowError(k, 'contains a NUL character', 'nul');
    const max = MAX_LENGTH[k];
    if (max !== undefined && get(k).length > max) throw new RowError(k, `longer than ${max} characters`, 'too_long');
  }
  const description = get('description');
  if (!description) throw new RowError('description', 'empty', 'required');
  const [rawLon, rawLat] = [get('lon'), get('lat')];
  if (rawLon === '' || Number.isNaN(Number(rawLon))) throw new RowError('lon', `"${rawLon}" is not a number`, rawLon === '' ? 'required' : 'not_a_number');
  if (rawLat === '' || Number.isNaN(Number(rawLat))) throw new RowError('lat', `"${rawLat}" is not a number`, rawLat === '' ? 'required' : 'not_a_number');
  const [lon, lat] = wgs84Point(Number(rawLon), Number(rawLat), crs);
  const foundOn = get('foundOn') ? parseDay(get('foundOn')) : undefined;
  if (foundOn === null) throw new RowError('foundOn', `"${get('foundOn')}" is not a date (YYYY-MM-DD, 1900–2100)`, 'not_a_date');
  const [unit, deadlineRaw] = [get('unit'), get('deadline')];
  if (Boolean(unit) !== Boolean(deadlineRaw)) throw new RowError(unit ? 'deadline' : 'unit', 'a responsible unit and a deadline go together', 'unit_with_deadline');
  const deadline = deadlineRaw ? parseDay(deadlineRaw) : null;
  if (deadlineRaw && !deadline) throw new RowError('deadline', `"${deadlineRaw}" is not a date (YYYY-MM-DD, 1900–2100)`, 'not_a_date');

  const saved = await registerHazard(client, user, { type, description, risk, roadName: get('roadName') || null, foundOn, lon, lat, confirmNotDuplicate: allowDuplicates, source: 'import' });
  if (unit) {
    const code = (await client.query<{ code: string }>(`SELECT code FROM units WHERE code = $1 OR name = $1 ORDER BY code = $1 DESC LIMIT 1`, [unit])).rows[0]?.code;
    if (!code) throw new RowError('unit', `no unit "${unit}" (a unit code such as 371524-jtj, or its exact name)`, 'unit_unknown');
    const u = await unitForHazard(client, code, saved.county);
    if (deadline! < saved.foundOn) throw new RowError('deadline', `before the day it was found (${saved.foundOn})`, 'before_found');
    const data = { source: 'import', unitId: u.id, unitCode: code, unitName: u.name, unitNameEn: u.nameEn, deadline, plan: get('plan') || null, noticeNo: get('noticeNo') || null };
    await client.query(
      `UPDATE hazards SET status = 'assigned', unit_id = $2, deadline = $3, plan = $4, notice_no = $5, version = version + 1, updated_at = now() WHERE id = $1`,
      [saved.id, u.id, deadline, data.plan, data.noticeNo],
    );
    await addEvent(client, { hazardId: saved.id, actorId: user.id, action: 'assign', from: 'registered', to: 'assigned', data });
  }
  return saved;
}

/** The ledger's own refusals of a row (a field's 400, the 403 scope and 409 possible_duplicate rules) as the row's report. */
function ledgerRejection(e: unknown): RowError | null {
  if (!(e instanceof ApiError)) return null;
  const d = e.details[0];
  const field = d?.param === 'unitCode' ? 'unit' : (d?.param ?? d?.field ?? d?.reason);
  // 403 scope and 409 possible_duplicate name their rule as their reason.
  const rule = d?.rule ?? (d?.reason === 'scope' || d?.reason === 'possible_duplicate' ? d.reason : undefined);
  return new RowError(field ?? '', e.message, rule);
}

/**
 * POST /import: an existing ledger as .xlsx or CSV (file field "file"; optional fields crs and
 * allowDuplicates=true). Each row is saved whole (hazard, its events, its assignment) or not at
 * all; the answer reports every row: saved with its new number, or rejected with the field and why.
 */
export const hazardImportRoutes = (deps: AppDeps) =>
  importRoute(deps, {
    kind: 'hazards',
    noun: 'a ledger file',
    formats: '.xlsx or .csv',
    writers: ['officer', 'admin'],
    columns: COLUMNS,
    required: REQUIRED,
    run: (client, { user, form }, sheet) => saveRows(client, sheet.rows, (r) => importRow(client, user, r.get, sheet.crs, form.allowDuplicates === 'true'), ledgerRejection),
  });

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
import { createUnit, matchUnit } from './unit-match';

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
  // The brigade's own number, its status words and their days: the ledger's history, imported as events.
  externalNo: ['原编号', '隐患编号', '大队编号', '台账编号', 'externalno'],
  status: ['整改状态', '整改情况', '状态', 'status'],
  assignedOn: ['交办日期', '下发日期', 'assignedon'],
  rectifiedOn: ['整改完成日期', '完成日期', '整改日期', 'rectifiedon'],
  closedOn: ['销号日期', '销号时间', 'closedon'],
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
const MAX_LENGTH: Partial<Record<Column, number>> = { description: 2000, roadName: 100, plan: 2000, noticeNo: 60, externalNo: 60, status: 20 };

/**
 * A ledger's status words (a brigade's, and this app's own export's) and how far along the life
 * cycle each puts a hazard: the states it went through are imported as its history.
 */
const STATUS_WORDS: [RegExp, 'registered' | 'assigned' | 'rectifying' | 'inspecting' | 'closed'][] = [
  [/^(已销号|销号|已完成|已关闭|已办结|已整改销号|销号归档)$/, 'closed'],
  [/^(已整改|整改完成|待复查|待验收|整改复查)$/, 'inspecting'],
  [/^(整改中|正在整改|在整改)$/, 'rectifying'],
  [/^(未整改|待整改|已交办|交办|未完成|交办落实)$/, 'assigned'],
  [/^(排查登记|已登记|待交办)$/, 'registered'],
];
const STEPS = ['assigned', 'rectifying', 'inspecting', 'closed'] as const;

interface LedgerContext {
  user: SessionUser;
  crs: InputCrs;
  allowDuplicates: boolean;
  createUnits: boolean;
  /** 原编号 → the row that first had it, in this file (by brigade). */
  seen: Map<string, number>;
}

export type { RowReport };

async function importRow(client: pg.PoolClient, ctx: LedgerContext, row: number, get: (c: Column) => string): Promise<Registered & { reason?: string }> {
  const { user, crs, allowDuplicates } = ctx;
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
  const days: Partial<Record<'assignedOn' | 'rectifiedOn' | 'closedOn', string>> = {};
  for (const k of ['assignedOn', 'rectifiedOn', 'closedOn'] as const) {
    if (!get(k)) continue;
    const d = parseDay(get(k));
    if (!d) throw new RowError(k, `"${get(k)}" is not a date (YYYY-MM-DD, 1900–2100)`, 'not_a_date');
    days[k] = d;
  }
  const statusText = get('status');
  const reached = statusText ? STATUS_WORDS.find(([re]) => re.test(statusText))?.[1] : undefined;
  if (statusText && !reached) throw new RowError('status', `unknown status "${statusText}" (未整改, 整改中, 已整改 or 已销号)`, 'unknown_status');
  if (reached && reached !== 'registered' && !unit) throw new RowError('unit', `a hazard ${statusText} has a responsible unit: name it`, 'status_needs_unit');

  const saved = await registerHazard(client, user, { type, description, risk, roadName: get('roadName') || null, foundOn, lon, lat, confirmNotDuplicate: allowDuplicates, source: 'import' });
  const notes: string[] = [];
  // This app's own number (its export's 隐患编号) is not a brigade's: it is not kept again.
  const externalNo = get('externalNo');
  const ours = externalNo ? (await client.query(`SELECT 1 FROM hazards WHERE number = $1`, [externalNo])).rowCount : 0;
  if (externalNo && !ours) {
    // The brigade's own number: once per brigade, in the file and in the ledger.
    const key = `${saved.county}|${externalNo}`;
    const first = ctx.seen.get(key);
    if (first !== undefined) throw new RowError('externalNo', `"${externalNo}" is already the number of row ${first} of this file`, 'duplicate_in_file');
    const taken = await client.query<{ number: string }>(`SELECT number FROM hazards WHERE county_code = $1 AND external_no = $2`, [saved.county, externalNo]);
    if (taken.rowCount) throw new RowError('externalNo', `the brigade's number "${externalNo}" is already hazard ${taken.rows[0].number}`, 'duplicate_number');
    ctx.seen.set(key, row);
    await client.query(`UPDATE hazards SET external_no = $2 WHERE id = $1`, [saved.id, externalNo]);
  }
  if (unit) {
    let { match, candidates } = await matchUnit(client, unit, saved.county);
    if (!match && candidates.length) throw new RowError('unit', `"${unit}" could be ${candidates.join('、')}: write the full name or the code`, 'unit_ambiguous');
    if (!match && ctx.createUnits) match = await createUnit(client, unit, saved.county);
    if (!match) throw new RowError('unit', `no unit "${unit}" in this county (a unit code such as 371524-jtj, its name, or a short form such as 县住建局); or let the import create it`, 'unit_unknown');
    if (match.how !== 'exact') notes.push(`责任单位 ${unit} → ${match.name}（${match.how === 'created' ? '新建' : '按简称对应'}）`);
    const u = await unitForHazard(client, match.code, saved.county);
    if (deadline! < saved.foundOn) throw new RowError('deadline', `before the day it was found (${saved.foundOn})`, 'before_found');
    const data = { source: 'import', unitId: u.id, unitCode: match.code, unitName: u.name, unitNameEn: u.nameEn, deadline, plan: get('plan') || null, noticeNo: get('noticeNo') || null };
    await client.query(
      `UPDATE hazards SET status = 'assigned', unit_id = $2, deadline = $3, plan = $4, notice_no = $5, version = version + 1, updated_at = now() WHERE id = $1`,
      [saved.id, u.id, deadline, data.plan, data.noticeNo],
    );
    await addEvent(client, { hazardId: saved.id, actorId: user.id, action: 'assign', from: 'registered', to: 'assigned', data, at: days.assignedOn });
    if (reached && reached !== 'registered') await importHistory(client, ctx, saved, reached, statusText, days);
  }
  return notes.length ? { ...saved, reason: notes.join('；') } : saved;
}

/**
 * The ledger's status as the events that led there, each marked imported with the ledger's own
 * word, on the ledger's days where it gives them (整改完成日期, 销号日期), else the day found.
 */
async function importHistory(
  client: pg.PoolClient,
  ctx: LedgerContext,
  saved: Registered,
  reached: Exclude<(typeof STATUS_WORDS)[number][1], 'registered'>,
  statusText: string,
  days: Partial<Record<'assignedOn' | 'rectifiedOn' | 'closedOn', string>>,
) {
  const data = { source: 'import', imported: true, statusText };
  const steps: { action: string; from: string; to: string; at?: string; note?: string }[] = [
    { action: 'start', from: 'assigned', to: 'rectifying', at: days.assignedOn },
    { action: 'report', from: 'rectifying', to: 'inspecting', at: days.rectifiedOn ?? days.closedOn, note: `台账导入：${statusText}` },
    { action: 'pass', from: 'inspecting', to: 'closed', at: days.closedOn ?? days.rectifiedOn },
  ].slice(0, STEPS.indexOf(reached));
  for (const step of steps) {
    if (step.at && step.at < saved.foundOn) throw new RowError(step.action === 'pass' ? 'closedOn' : 'rectifiedOn', `before the day it was found (${saved.foundOn})`, 'before_found');
    await addEvent(client, { hazardId: saved.id, actorId: ctx.user.id, action: step.action, from: step.from, to: step.to, note: step.note ?? null, data, at: step.at });
  }
  await client.query(
    `UPDATE hazards SET status = $2, resolution = CASE WHEN $2 = 'closed' THEN 'rectified' END,
            closed_at = CASE WHEN $2 = 'closed' THEN coalesce($3::date, $4::date)::timestamptz END, version = version + 1, updated_at = now()
     WHERE id = $1`,
    [saved.id, reached, days.closedOn ?? days.rectifiedOn ?? null, saved.foundOn],
  );
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
    options: { allowDuplicates: ['false', 'true'], createUnits: ['false', 'true'] },
    run: (client, { user, form }, sheet) => {
      const ctx: LedgerContext = { user, crs: sheet.crs, allowDuplicates: form.allowDuplicates === 'true', createUnits: form.createUnits === 'true', seen: new Map() };
      return saveRows(client, sheet.rows, (r) => importRow(client, ctx, r.row, r.get), ledgerRejection);
    },
  });

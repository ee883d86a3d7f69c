import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type pg from 'pg';
import type { SessionUser } from '../auth/accounts';
import { currentUser, type AuthEnv } from '../auth/middleware';
import { withTransaction } from '../db/transaction';
import { ApiError } from '../lib/api-error';
import type { AppDeps } from '../lib/app-deps';
import { INPUT_CRS, type InputCrs } from '../lib/china-crs';
import { wgs84Point } from '../lib/point-input';
import { isDate } from '../lib/query-params';
import { readTable } from '../lib/table-reader';
import { RISK_ZH, TYPE_ZH } from './ledger';
import { registerHazard, unitForHazard, type Registered } from './register';
import { addEvent, HAZARD_TYPES, RISK_LEVELS } from './store';

const MAX_FILE_BYTES = 5 * 1024 * 1024;
const MAX_ROWS = 5000;

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
  deadline: ['整改期限', 'deadline'],
  plan: ['整改措施（一点一策）', '整改措施(一点一策)', '整改措施', '一点一策', 'plan'],
  noticeNo: ['整改通知书编号', '通知书编号', 'noticeno'],
} as const;
type Column = keyof typeof COLUMNS;
const REQUIRED: Column[] = ['type', 'risk', 'description', 'lon', 'lat'];

const byLabel = (labels: Record<string, string>, codes: readonly string[], value: string) =>
  codes.find((c) => c === value) ?? Object.entries(labels).find(([, zh]) => zh === value)?.[0];

/** 2026-01-05, 2026/1/5, 2026.1.5 or 2026年1月5日 as YYYY-MM-DD; null if not a real date (or one outside 1900–2100). */
export function parseDay(raw: string): string | null {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(raw.trim());
  if (!m) return null;
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  return isDate(iso) ? iso : null;
}

/** The longest text each column may hold (the hazards table's limits). */
const MAX_LENGTH: Partial<Record<Column, number>> = { description: 2000, roadName: 100, plan: 2000, noticeNo: 60 };

class RowError extends Error {
  constructor(readonly field: string, reason: string, readonly rule: string) {
    super(reason);
  }
}

export interface RowReport {
  row: number;
  status: 'saved' | 'rejected';
  id?: number;
  number?: string;
  field?: string;
  reason?: string;
  /** The rule broken, as in error details (docs/API.md), for clients to say in their language. */
  rule?: string;
}

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

/**
 * POST /import: an existing ledger as .xlsx or CSV (file field "file"; optional fields crs and
 * allowDuplicates=true). Each row is saved whole (hazard, its events, its assignment) or not at
 * all; the answer reports every row: saved with its new number, or rejected with the field and why.
 */
export function hazardImportRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>().post(
    '/import',
    bodyLimit({
      maxSize: MAX_FILE_BYTES,
      onError: () => {
        throw new ApiError('payload_too_large', `A ledger file may be at most ${MAX_FILE_BYTES / 1048576} MB.`, [{ field: 'file', reason: 'too large' }]);
      },
    }),
    async (c) => {
      const user = currentUser(c, 'officer', 'admin');
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const file = form.file;
      if (!(file instanceof File)) throw new ApiError('bad_request', 'Send the ledger as multipart/form-data, field "file" (.xlsx or .csv).', [{ field: 'file', reason: 'missing' }]);
      const crs = (typeof form.crs === 'string' && form.crs ? form.crs : 'wgs84') as InputCrs;
      if (!INPUT_CRS.includes(crs)) throw ApiError.badParam('crs', `one of ${INPUT_CRS.join(', ')}`);
      let table: string[][];
      try {
        table = readTable(new Uint8Array(await file.arrayBuffer()), file.name);
      } catch (e) {
        throw new ApiError('bad_request', `${file.name}: ${(e as Error).message}`, [{ field: 'file', reason: 'unreadable' }]);
      }
      const header = (table[0] ?? []).map((h) => h.trim().toLowerCase().replace(/\s+/g, ''));
      const index = Object.fromEntries(
        Object.entries(COLUMNS).map(([k, names]) => [k, header.findIndex((h) => (names as readonly string[]).some((n) => n.toLowerCase() === h))]),
      ) as Record<Column, number>;
      const missing = REQUIRED.filter((k) => index[k] < 0);
      if (missing.length) {
        throw new ApiError('bad_request', `${file.name}: no column for ${missing.map((k) => `${k} (${COLUMNS[k][0]})`).join(', ')} in the first row.`, missing.map((k) => ({ row: 1, field: k, reason: 'column missing' })));
      }
      if (table.length - 1 > MAX_ROWS) throw new ApiError('bad_request', `${file.name}: at most ${MAX_ROWS} rows per import.`, [{ field: 'file', reason: 'too many rows' }]);

      const allowDuplicates = form.allowDuplicates === 'true';
      const report: RowReport[] = await withTransaction(deps.pool, async (client) => {
        const out: RowReport[] = [];
        for (let i = 1; i < table.length; i++) {
          const cells = table[i];
          if (!cells.some((v) => v.trim() !== '')) continue;
          const get = (k: Column) => (index[k] >= 0 ? (cells[index[k]] ?? '').trim() : '');
          await client.query('SAVEPOINT import_row');
          try {
            const { id, number } = await importRow(client, user, get, crs, allowDuplicates);
            await client.query('RELEASE SAVEPOINT import_row');
            out.push({ row: i + 1, status: 'saved', id, number });
          } catch (e) {
            await client.query('ROLLBACK TO SAVEPOINT import_row');
            if (e instanceof RowError) out.push({ row: i + 1, status: 'rejected', field: e.field, reason: e.message, rule: e.rule });
            else if (e instanceof ApiError) {
              const d = e.details[0];
              const field = d?.param === 'unitCode' ? 'unit' : (d?.param ?? d?.field ?? d?.reason);
              // 403 scope and 409 possible_duplicate name their rule as their reason.
              const rule = d?.rule ?? (d?.reason === 'scope' || d?.reason === 'possible_duplicate' ? d.reason : undefined);
              out.push({ row: i + 1, status: 'rejected', field, reason: e.message, ...(rule && { rule }) });
            }
            else throw e;
          }
        }
        return out;
      });
      const saved = report.filter((r) => r.status === 'saved').length;
      return c.json({ saved, rejected: report.length - saved, rows: report });
    },
  );
}

import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type pg from 'pg';
import type { SessionUser } from '../auth/accounts';
import { currentUser, type AuthEnv } from '../auth/middleware';
import { commitSoFar, withTransaction } from '../db/transaction';
import { ApiError } from './api-error';
import type { AppDeps } from './app-deps';
import { INPUT_CRS, type InputCrs } from './china-crs';
import { wgs84Point } from './point-input';
import { MAX_INFLATED_BYTES, tableRows as readTableRows, WorkbookTooLargeError } from './table-reader';
import { answerOrJob } from '../jobs/jobs';
import { jobMayCommit, jobProgress } from './request-context';

/**
 * The one way a list comes in row by row (accidents, the ledger, markets, schools, lights): the
 * route that takes the upload (preview, column mapping, job), the file read into rows by its
 * headers, and each row saved whole or reported with the field and why. What a row means stays in
 * each feature's `import-row.ts`.
 */

/** Rows saved (and, as a job, committed) at a time by saveRows. */
export const JOB_BATCH_ROWS = 200;

/** 5 MB of file and 5000 rows per import; workbooks unpacked to MAX_INFLATED_BYTES at most. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_ROWS = 5000;

/** How much one import may be: the upload, its rows, a workbook unpacked. */
export interface ImportLimits {
  fileBytes: number;
  rows: number;
  inflatedBytes: number;
}
export const DEFAULT_LIMITS: ImportLimits = { fileBytes: MAX_FILE_BYTES, rows: MAX_ROWS, inflatedBytes: MAX_INFLATED_BYTES };

/** A row that cannot be saved: the column (or property) at fault, why, and the rule the client words it by. */
export class RowError extends Error {
  constructor(
    readonly field: string,
    reason: string,
    readonly rule?: string,
  ) {
    super(reason);
  }
}

/** One row of an import's answer. */
export interface RowReport {
  /** The sheet's row (the header is 1), or the GeoJSON feature's place (the first is 1). */
  row: number;
  /** `updated`: a record already there (the same 事故编号) written over; `skipped`: left as it was, or a row of sums. */
  status: 'saved' | 'updated' | 'rejected' | 'skipped';
  id?: number;
  /** The ledger's number of a saved hazard. */
  number?: string;
  field?: string;
  reason?: string;
  rule?: string;
}

/** A row to import: its cells by column, the geometry a GeoJSON feature brings, or why it cannot be one. */
export interface ImportRow<C extends string> {
  row: number;
  get: (c: C) => string;
  geometry?: unknown;
  refused?: RowError;
}

/** What saving one row gave: its id (and the ledger's number); `status` when it was not a new record. */
export interface SavedRow {
  id: number;
  number?: string;
  status?: 'updated' | 'skipped';
  reason?: string;
  rule?: string;
}

/** A row's point as WGS84 (wgs84Point's checks), or a RowError naming the column at fault and its rule. */
export function rowPoint(lon: number, lat: number, crs: InputCrs): [number, number] {
  try {
    return wgs84Point(lon, lat, crs);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    const d = e.details[0];
    throw new RowError(d?.param ?? 'lon', e.message.replace(/^Invalid parameter "\w+": /, ''), d?.rule);
  }
}

/** A row refused: its report with the column at fault, why, and the rule. */
export const rejectedRow = (row: number, e: RowError): RowReport => ({ row, status: 'rejected', field: e.field, reason: e.message, ...(e.rule && { rule: e.rule }) });

/**
 * Saves each row under a savepoint in the caller's transaction: all of it or nothing, and the row
 * reported either way. `rejection` turns an error other than RowError into the row's report (the
 * ledger's 403 scope and 409 duplicate); anything else is thrown and the caller's transaction
 * rolls back.
 */
export function saveRows<C extends string>(
  client: pg.ClientBase,
  rows: readonly ImportRow<C>[],
  save: (r: ImportRow<C>) => Promise<SavedRow>,
  rejection?: (e: unknown) => RowError | null,
): Promise<RowReport[]> {
  return saveInBatches(client, rows, JOB_BATCH_ROWS, async (batch) => {
    const out: RowReport[] = [];
    for (const r of batch) {
      await client.query('SAVEPOINT import_row');
      try {
        if (r.refused) throw r.refused;
        const { status = 'saved', ...rest } = await save(r);
        await client.query('RELEASE SAVEPOINT import_row');
        out.push({ row: r.row, status, ...rest });
      } catch (e) {
        await client.query('ROLLBACK TO SAVEPOINT import_row');
        const refused = e instanceof RowError ? e : rejection?.(e);
        if (!refused) throw e;
        out.push(rejectedRow(r.row, refused));
      }
    }
    return out;
  });
}

/**
 * Saves rows a batch at a time (`saveBatch` writes a whole batch, each row whole or not at all),
 * from a list or from rows still being read (sheetRowStream): the reading goes on while each
 * batch is saved, so parsing a long sheet and writing it overlap. As a background job (not a
 * preview), each batch is committed once the whole file has been read (a file refused on its way,
 * too many rows or cut short, saves nothing): each row stands on its own anyway, and other
 * requests get the database between batches (on the embedded engine a transaction holds it
 * whole). A request's import stays one transaction. The progress counts the rows read so far as
 * the total until the reading ends.
 */
export async function saveInBatches<R>(client: pg.ClientBase, rows: Iterable<R> | AsyncIterable<R>, size: number, saveBatch: (batch: R[]) => Promise<RowReport[]>): Promise<RowReport[]> {
  const commits = jobMayCommit();
  const batches: R[][] = [];
  let read = 0;
  let ended = false;
  let failure: { error: unknown } | null = null;
  let stop = false;
  let wake: (() => void) | null = null;
  const signal = () => {
    wake?.();
    wake = null;
  };
  const reading = (async () => {
    let batch: R[] = [];
    try {
      for await (const r of rows) {
        if (stop) break;
        batch.push(r);
        read++;
        if (batch.length === size) {
          batches.push(batch);
          batch = [];
          signal();
        }
      }
      if (batch.length) batches.push(batch);
    } catch (error) {
      failure = { error };
    }
    ended = true;
    signal();
  })();
  const out: RowReport[] = [];
  let saved = 0;
  jobProgress(0, 0);
  try {
    for (;;) {
      if (failure) throw (failure as { error: unknown }).error;
      const batch = batches.shift();
      if (!batch) {
        if (ended) break;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      out.push(...(await saveBatch(batch)));
      saved += batch.length;
      if (commits && ended && !failure) await commitSoFar(client);
      jobProgress(saved, read);
    }
  } finally {
    stop = true;
    await reading;
  }
  return out;
}

export const fileError = (message: string, reason: string, rule?: string) => new ApiError('bad_request', message, [{ field: 'file', reason, ...(rule && { rule }) }]);

/** A day of a sheet, and its time of day when the cell has one. */
export interface SheetDateTime {
  y: number;
  mo: number;
  d: number;
  time: { h: number; mi: number; s: number } | null;
}

/** Excel's day 0 (1899-12-30, so that its 1900 leap-year slip cancels for days after 1900-03-01). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * A date as brigades write it in a sheet (2026-01-05, 2026/1/5, 2026.1.5, 2026年1月5日; with a time
 * `2026-01-05 08:30`, `2026/1/5 8:30:00`, `2026年1月5日8时30分`; a date cell as the reader gives it;
 * an Excel serial number, 45720 or 45720.35 with the time as its fraction) as its parts; null if
 * in none of those forms, or no such day or time.
 */
export function sheetDateTime(raw: string): SheetDateTime | null {
  const text = raw.trim();
  let parts: number[];
  let timed: boolean;
  if (/^\d{5}(\.\d+)?$/.test(text)) {
    const t = new Date(EXCEL_EPOCH_MS + Math.round(Number(text) * 86_400) * 1000);
    parts = [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds()];
    timed = text.includes('.');
  } else {
    const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:(?:\s*T\s*|\s+|(?<=日))(\d{1,2})\s*[:时点]\s*(\d{1,2})\s*(?:[:分]\s*(\d{1,2})\s*秒?)?\s*分?)?$/.exec(text);
    if (!m) return null;
    parts = m.slice(1, 7).map((v) => Number(v ?? 0));
    timed = m[4] !== undefined;
  }
  const [y, mo, d, h, mi, s] = parts;
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return { y, mo, d, time: timed ? { h, mi, s } : null };
}

/** A day as a sheet holds it (sheetDateTime, its time left out) as YYYY-MM-DD; null if not one. */
export function sheetDay(raw: string): string | null {
  const t = sheetDateTime(raw);
  return t && `${t.y}-${String(t.mo).padStart(2, '0')}-${String(t.d).padStart(2, '0')}`;
}

/** Rows at the top of a sheet searched for the header (a title, a note, a blank row may come first). */
export const HEADER_SEARCH_ROWS = 10;

/** A row of sums a clerk adds under a list: skipped, and reported as skipped. */
const TOTAL_ROW = /^(合计|总计|小计|共计)|^total\b/i;

/** What a note above the header says of the coordinates ("坐标系：GCJ-02（火星坐标）", "百度坐标"). */
export function crsInNote(text: string): InputCrs | null {
  if (/百度|bd-?09/i.test(text)) return 'bd09';
  if (/gcj-?02|火星|高德|腾讯/i.test(text)) return 'gcj02';
  if (/wgs-?84|gps|天地图|cgcs\s*2000/i.test(text)) return 'wgs84';
  return null;
}

/** What the reader made of a sheet's top: where the header is and which of its columns each field was read from. */
export interface SheetInfo {
  /** The header's row (1-based); 0 for GeoJSON. */
  headerRow: number;
  /** The header's cells as the sheet has them. */
  header: string[];
  /** Each field's column as the header names it; absent when the sheet has none for it. */
  columns: Record<string, string>;
  /** The coordinate system a note above the header names (the form's `crs`, when sent, wins). */
  noteCrs: InputCrs | null;
}

/** A sheet read by its headers: its rows, what it said above them, and the rows left out. */
export interface SheetRows<C extends string> {
  rows: ImportRow<C>[];
  /** Rows left out: sums (合计) under the list. */
  skipped: RowReport[];
  info: SheetInfo;
}

const headerKey = (h: string) => h.trim().toLowerCase().replace(/\s+/g, '');

/** A sheet read by its headers as it is read: what it said above them, and its rows to come. */
export interface SheetRowStream<C extends string> {
  info: SheetInfo;
  /** The rows after the header (blank rows left out, sums skipped); throws past the row limit. */
  rows: AsyncIterable<ImportRow<C>>;
  /** Rows left out so far: sums (合计) under the list; all of them once `rows` has ended. */
  skipped: RowReport[];
}

/**
 * A sheet's rows (CSV or .xlsx, as brigades keep them): the header is the row among the first
 * HEADER_SEARCH_ROWS that names the most columns (without case or spaces), wherever it is; a note
 * above it may name the coordinate system; `mapping` (field → the sheet's header text, the
 * column-mapping step) wins over the known names; a missing required column is a 400 naming it
 * that carries the header found (`sheet`), so a client can ask which column it is; blank rows are
 * left out, rows of sums skipped and reported.
 */
export async function tableRows<C extends string>(...args: Parameters<typeof sheetRowStream<C>>): Promise<SheetRows<C>> {
  const sheet = await sheetRowStream<C>(...args);
  const rows: ImportRow<C>[] = [];
  for await (const r of sheet.rows) rows.push(r);
  return { rows, skipped: sheet.skipped, info: sheet.info };
}

/**
 * tableRows as the sheet is read: the header (and its 400s) found in its first rows, then each
 * row as it comes, so a long sheet's rows are saved while the rest is still being parsed.
 */
export async function sheetRowStream<C extends string>(
  bytes: Uint8Array,
  name: string,
  columns: Record<C, readonly string[]>,
  required: readonly C[],
  mapping: Partial<Record<C, string>> = {},
  limits: ImportLimits = DEFAULT_LIMITS,
): Promise<SheetRowStream<C>> {
  const unreadable = (e: unknown) => {
    if (e instanceof WorkbookTooLargeError) return fileError(`${name}: ${e.message}`, 'too large unpacked', 'too_large');
    return fileError(`${name}: ${(e as Error).message}`, 'unreadable');
  };
  const source = readTableRows(bytes, name, limits.inflatedBytes)[Symbol.asyncIterator]();
  const next = () => source.next().catch((e: unknown) => {
    throw unreadable(e);
  });
  const top: string[][] = [];
  let ended = false;
  while (top.length < HEADER_SEARCH_ROWS) {
    const r = await next();
    if (r.done) {
      ended = true;
      break;
    }
    top.push(r.value);
  }
  const entries = Object.entries(columns) as [C, readonly string[]][];
  const indexIn = (cells: string[]) => {
    const header = cells.map(headerKey);
    return Object.fromEntries(
      entries.map(([k, names]) => {
        const mapped = mapping[k];
        return [k, mapped !== undefined ? header.indexOf(headerKey(mapped)) : header.findIndex((h) => names.some((n) => headerKey(n) === h))];
      }),
    ) as Record<C, number>;
  };
  let at = 0;
  let index = indexIn(top[0] ?? []);
  const found = (ix: Record<C, number>) => entries.filter(([k]) => ix[k] >= 0).length;
  for (let i = 1; i < top.length; i++) {
    const ix = indexIn(top[i]);
    if (found(ix) > found(index)) [at, index] = [i, ix];
  }
  const header = (top[at] ?? []).map((h) => h.trim());
  const info: SheetInfo = {
    headerRow: at + 1,
    header,
    columns: Object.fromEntries(entries.filter(([k]) => index[k] >= 0).map(([k]) => [k, header[index[k]]])),
    noteCrs: top.slice(0, at).map((cells) => crsInNote(cells.join(' '))).find((c) => c !== null) ?? null,
  };
  const unmapped = (Object.keys(mapping) as C[]).filter((k) => index[k] < 0);
  if (unmapped.length) {
    throw new ApiError(
      'bad_request',
      `${name}: the header has no column ${unmapped.map((k) => `"${mapping[k]}" (for ${k})`).join(', ')}.`,
      unmapped.map((k) => ({ param: 'columns', path: `columns.${k}`, reason: `no column "${mapping[k]}" in the header`, rule: 'column_missing' })),
      { sheet: info },
    );
  }
  const missing = required.filter((k) => index[k] < 0);
  if (missing.length) {
    throw new ApiError(
      'bad_request',
      `${name}: no column for ${missing.map((k) => `${k} (${columns[k][0]})`).join(', ')} in the header (looked for it in the first ${HEADER_SEARCH_ROWS} rows).`,
      missing.map((k) => ({ row: at + 1, field: k, reason: 'column missing', rule: 'column_missing' })),
      { sheet: info },
    );
  }
  const skipped: RowReport[] = [];
  async function* rows(): AsyncGenerator<ImportRow<C>> {
    let i = at;
    const row = (cells: string[]): ImportRow<C> | null => {
      i++;
      if (i - at > limits.rows) throw fileError(`${name}: at most ${limits.rows} rows per import.`, 'too many rows');
      if (!cells.some((v) => v.trim() !== '')) return null;
      if (TOTAL_ROW.test(cells.find((v) => v.trim() !== '')!.trim())) {
        skipped.push({ row: i + 1, status: 'skipped', reason: 'a row of sums (合计)', rule: 'total_row' });
        return null;
      }
      return { row: i + 1, get: (k: C) => (index[k] >= 0 ? (cells[index[k]] ?? '').trim() : '') };
    };
    for (const cells of top.slice(at + 1)) {
      const r = row(cells);
      if (r) yield r;
    }
    while (!ended) {
      const n = await next();
      if (n.done) break;
      const r = row(n.value);
      if (r) yield r;
    }
  }
  return { info, rows: rows(), skipped };
}

/**
 * An upload's rows: a GeoJSON FeatureCollection's features by `features`, else a sheet's rows by
 * their headers (tableRows).
 */
export async function uploadSheet<C extends string, R extends ImportRow<C>>(
  bytes: Uint8Array,
  name: string,
  columns: Record<C, readonly string[]>,
  required: readonly C[],
  features: ((bytes: Uint8Array, name: string) => R[]) | undefined,
  mapping: Partial<Record<C, string>> = {},
  limits: ImportLimits = DEFAULT_LIMITS,
): Promise<SheetRows<C> & { rows: R[] }> {
  if (features && isGeoJson(bytes, name)) return { rows: features(bytes, name), skipped: [], info: { headerRow: 0, header: [], columns: {}, noteCrs: null } };
  return (await tableRows(bytes, name, columns, required, mapping, limits)) as SheetRows<C> & { rows: R[] };
}

/** A GeoJSON FeatureCollection's features (each may be anything: the caller checks it), or a 400 saying what the file is not. */
export function geoJsonFeatures(bytes: Uint8Array, name: string): unknown[] {
  let fc: unknown;
  try {
    fc = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw fileError(`${name}: not valid JSON`, 'not JSON');
  }
  const features = (fc as { features?: unknown } | null)?.features;
  if ((fc as { type?: unknown } | null)?.type !== 'FeatureCollection' || !Array.isArray(features)) throw fileError(`${name}: not a GeoJSON FeatureCollection`, 'not a FeatureCollection');
  if (features.length > MAX_ROWS) throw fileError(`${name}: at most ${MAX_ROWS} features per import.`, 'too many rows');
  return features;
}

/** A property as a cell: empty when missing, lists joined with commas, objects as JSON. */
export const propertyText = (v: unknown): string =>
  v === undefined || v === null ? '' : Array.isArray(v) ? v.join(',') : typeof v === 'object' ? JSON.stringify(v) : String(v).trim();

/** Whether an upload is GeoJSON: by its name (.geojson, .json) or its first character past spaces and a BOM. */
export function isGeoJson(bytes: Uint8Array, name: string): boolean {
  const first = bytes.findIndex((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09 && b !== 0xef && b !== 0xbb && b !== 0xbf);
  return /\.(geo)?json$/i.test(name) || bytes[first] === 0x7b;
}

/** The upload as an import route hands it on. */
export interface Upload {
  user: SessionUser;
  bytes: Uint8Array;
  /** The file's name, without NUL and at most 100 characters: it goes into each saved row's source. */
  name: string;
  /** The form's text fields (its options among them). */
  form: Record<string, unknown>;
}

/** An upload's rows as the route read them, and the coordinate system of those without their own. */
export interface UploadRows<C extends string, R extends ImportRow<C>> {
  rows: R[];
  crs: InputCrs;
}

interface ImportRouteOptions<C extends string, R extends ImportRow<C>> {
  /** The job's kind when it runs as one (`import:${kind}`). */
  kind: string;
  /** What the file is, in the API's messages ("A market list may be at most 5 MB"). */
  noun: string;
  /** The formats it may be in, as the missing-file message lists them. */
  formats: string;
  writers: readonly SessionUser['role'][];
  /** The sheet's columns by the headers each may have, and those it must have. */
  columns: Record<C, readonly string[]>;
  required: readonly C[];
  /** Larger limits than DEFAULT_LIMITS (accident exports run to 200 000 rows). */
  limits?: ImportLimits;
  /** The form's choices besides the file, each with the values it may take (the first is the default). */
  options?: Record<string, readonly string[]>;
  /** A GeoJSON FeatureCollection's features as rows, for imports that take GeoJSON. */
  features?: (bytes: Uint8Array, name: string) => R[];
  /** Saves the rows, inside the one transaction of the request (rolled back for a preview). */
  run?(client: pg.PoolClient, upload: Upload, sheet: UploadRows<C, R>): Promise<RowReport[]>;
  /** More of the answer, worked out in the same transaction once the rows are saved (the obstacles: where they are, the intersections they cut). */
  after?(client: pg.PoolClient, upload: Upload, rows: RowReport[]): Promise<Record<string, unknown>>;
  /** Instead of `run`, for a sheet too long to wait for: saves the rows as they are read (saveInBatches). */
  stream?(client: pg.PoolClient, upload: Upload, sheet: { rows: AsyncIterable<ImportRow<C>>; crs: InputCrs }): Promise<RowReport[]>;
}

/**
 * The coordinate system of rows without their own, and where it came from: the form's when sent,
 * else a note's above the sheet's header, else WGS84.
 */
function rowCrs(given: InputCrs | null, info: SheetInfo): { crs: InputCrs; crsFrom: 'form' | 'note' | 'default' } {
  if (given) return { crs: given, crsFrom: 'form' };
  return info.noteCrs ? { crs: info.noteCrs, crsFrom: 'note' } : { crs: 'wgs84', crsFrom: 'default' };
}

/** The form's `columns`: which of the sheet's headers holds each field (the column-mapping step), as JSON. */
function columnMapping<C extends string>(raw: unknown, columns: Record<C, readonly string[]>): Partial<Record<C, string>> {
  if (raw === undefined || raw === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(String(raw));
  } catch {
    throw ApiError.badParam('columns', 'JSON: {"field": "the header as the sheet has it"}', 'not_json');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw ApiError.badParam('columns', 'an object {"field": "header"}', 'not_object');
  const out: Partial<Record<C, string>> = {};
  for (const [k, v] of Object.entries(value)) {
    if (!(k in columns)) throw new ApiError('bad_request', `Invalid parameter "columns": no field "${k.slice(0, 40)}" (one of ${Object.keys(columns).join(', ')})`, [{ param: 'columns', path: `columns.${k.slice(0, 40)}`, reason: 'unknown field', rule: 'unknown_field' }]);
    if (v === null || v === '') continue;
    if (typeof v !== 'string' || v.length > 100 || v.includes('\u0000')) throw new ApiError('bad_request', `Invalid parameter "columns": "${k}" must be a header of at most 100 characters`, [{ param: 'columns', path: `columns.${k}`, reason: 'not a header', rule: 'invalid' }]);
    out[k as C] = v;
  }
  return out;
}

/**
 * POST /import: multipart field "file" (at most MAX_FILE_BYTES, refused before it is read),
 * optional fields crs, columns (the mapping step's JSON) and preview=true (everything done, then
 * rolled back: the report says what saving would do); the answer `{ saved, updated, rejected,
 * skipped, rows, sheet }` reports every row and how the sheet was read.
 */
export function importRoute<C extends string, R extends ImportRow<C>>(deps: AppDeps, opts: ImportRouteOptions<C, R>) {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  return new Hono<AuthEnv>().post(
    '/import',
    bodyLimit({
      maxSize: limits.fileBytes,
      onError: () => {
        throw new ApiError('payload_too_large', `${opts.noun[0].toUpperCase()}${opts.noun.slice(1)} may be at most ${limits.fileBytes / 1048576} MB.`, [{ field: 'file', reason: 'too large' }]);
      },
    }),
    async (c: Context<AuthEnv>) => {
      const user = currentUser(c, ...opts.writers);
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const file = form.file;
      if (!(file instanceof File)) throw new ApiError('bad_request', `Send the ${opts.noun.replace(/^an? /, '')} as multipart/form-data, field "file" (${opts.formats}).`, [{ field: 'file', reason: 'missing' }]);
      const crs = (typeof form.crs === 'string' && form.crs ? form.crs : null) as InputCrs | null;
      if (crs !== null && !INPUT_CRS.includes(crs)) throw ApiError.badParam('crs', `one of ${INPUT_CRS.join(', ')}`);
      if (form.preview !== undefined && form.preview !== 'true' && form.preview !== 'false') throw ApiError.badParam('preview', 'true or false');
      const preview = form.preview === 'true';
      for (const [option, values] of Object.entries(opts.options ?? {})) {
        if (form[option] !== undefined && !values.includes(String(form[option]))) throw ApiError.badParam(option, `one of ${values.join(', ')}`);
      }
      const mapping = columnMapping(form.columns, opts.columns);
      const name = file.name.replace(/\u0000/g, '').slice(0, 100);
      const bytes = new Uint8Array(await file.arrayBuffer());
      const upload: Upload = { user, bytes, name, form };
      const work = async () => {
        const { stream, run } = opts;
        const streamed = stream && !(opts.features && isGeoJson(bytes, name));
        const sheet = streamed
          ? await sheetRowStream<C>(bytes, name, opts.columns, opts.required, mapping, limits)
          : await uploadSheet<C, R>(bytes, name, opts.columns, opts.required, opts.features, mapping, limits);
        const { crs: rowsCrs, crsFrom } = rowCrs(crs, sheet.info);
        const save = (client: pg.PoolClient) =>
          streamed ? stream(client, upload, { rows: sheet.rows as AsyncIterable<ImportRow<C>>, crs: rowsCrs }) : run!(client, upload, { rows: sheet.rows as R[], crs: rowsCrs });
        // The rows of sums are all known once the rows have been saved (a stream has then been read to its end).
        const saved = await withTransaction(
          deps.pool,
          async (client) => {
            const rows = [...(await save(client)), ...sheet.skipped];
            return { rows, extra: (await opts.after?.(client, upload, rows)) ?? {} };
          },
          { rollback: preview },
        );
        const report = saved.rows
          .sort((x, y) => x.row - y.row)
          .map((r) => (preview ? { ...r, id: undefined, number: undefined } : r));
        const count = (status: RowReport['status']) => report.filter((r) => r.status === status).length;
        const { noteCrs: _, ...read } = sheet.info;
        return {
          ...(preview && { preview: true }),
          saved: count('saved'),
          updated: count('updated'),
          rejected: count('rejected'),
          skipped: count('skipped'),
          rows: report,
          sheet: { ...read, crs: rowsCrs, crsFrom },
          ...saved.extra,
        };
      };
      return answerOrJob(c, deps.pool, `import:${opts.kind}`, user.id, work, { commits: !preview });
    },
  );
}

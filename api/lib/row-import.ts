import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type pg from 'pg';
import type { SessionUser } from '../auth/accounts';
import { currentUser, type AuthEnv } from '../auth/middleware';
import { withTransaction } from '../db/transaction';
import { ApiError } from './api-error';
import type { AppDeps } from './app-deps';
import { INPUT_CRS, type InputCrs } from './china-crs';
import { MAX_INFLATED_BYTES, readTable, WorkbookTooLargeError } from './table-reader';
import { answerOrJob } from '../jobs/jobs';
import { inJob, jobProgress } from './request-context';
import { WRITE_TIME_LIMIT_MS } from './time-limit';

/**
 * The one way a list comes in row by row (the ledger, markets, schools): the file read into rows
 * by its headers, each row saved whole under a savepoint or reported with the field and why, and
 * the route that takes the upload. What a row means stays in each feature's `import-row.ts`.
 */

/** Rows committed at a time when an import runs as a job. */
export const JOB_BATCH_ROWS = 200;

/** 5 MB of file and 5000 rows per import; workbooks unpacked to MAX_INFLATED_BYTES at most. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_ROWS = 5000;

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
  status: 'saved' | 'rejected';
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

/** What saving one row gave: its id (and the ledger's number). */
export interface SavedRow {
  id: number;
  number?: string;
}

/**
 * Saves each row under a savepoint in the caller's transaction: all of it or nothing, and the row
 * reported either way. `rejection` turns an error other than RowError into the row's report (the
 * ledger's 403 scope and 409 duplicate); anything else is thrown and the caller's transaction
 * rolls back.
 */
export async function saveRows<C extends string>(
  client: pg.ClientBase,
  rows: readonly ImportRow<C>[],
  save: (r: ImportRow<C>) => Promise<SavedRow>,
  rejection?: (e: unknown) => RowError | null,
): Promise<RowReport[]> {
  const out: RowReport[] = [];
  // As a background job, the rows are committed every JOB_BATCH_ROWS: each row stands on its own
  // anyway, and other requests get the database between batches (on the embedded engine a
  // transaction holds it whole). A request's import stays one transaction.
  const batched = inJob();
  jobProgress(0, rows.length);
  for (const r of rows) {
    if (batched && out.length > 0 && out.length % JOB_BATCH_ROWS === 0) {
      await client.query('COMMIT');
      jobProgress(out.length, rows.length);
      await client.query('BEGIN');
      await client.query(`SET LOCAL statement_timeout = ${WRITE_TIME_LIMIT_MS}`);
    }
    await client.query('SAVEPOINT import_row');
    try {
      if (r.refused) throw r.refused;
      const saved = await save(r);
      await client.query('RELEASE SAVEPOINT import_row');
      out.push({ row: r.row, status: 'saved', ...saved });
    } catch (e) {
      await client.query('ROLLBACK TO SAVEPOINT import_row');
      const refused = e instanceof RowError ? e : rejection?.(e);
      if (!refused) throw e;
      out.push({ row: r.row, status: 'rejected', field: refused.field, reason: refused.message, ...(refused.rule && { rule: refused.rule }) });
    }
  }
  jobProgress(out.length, rows.length);
  return out;
}

export const fileError = (message: string, reason: string, rule?: string) => new ApiError('bad_request', message, [{ field: 'file', reason, ...(rule && { rule }) }]);

/**
 * A sheet's rows (CSV or .xlsx): each column found by its header (without case or spaces) in the
 * first row; a missing required one is a 400 naming it; blank rows are skipped.
 */
export function tableRows<C extends string>(bytes: Uint8Array, name: string, columns: Record<C, readonly string[]>, required: readonly C[]): ImportRow<C>[] {
  let table: string[][];
  try {
    table = readTable(bytes, name, MAX_INFLATED_BYTES);
  } catch (e) {
    if (e instanceof WorkbookTooLargeError) throw fileError(`${name}: ${e.message}`, 'too large unpacked', 'too_large');
    throw fileError(`${name}: ${(e as Error).message}`, 'unreadable');
  }
  const header = (table[0] ?? []).map((h) => h.trim().toLowerCase().replace(/\s+/g, ''));
  const index = Object.fromEntries(
    (Object.entries(columns) as [C, readonly string[]][]).map(([k, names]) => [k, header.findIndex((h) => names.some((n) => n.toLowerCase() === h))]),
  ) as Record<C, number>;
  const missing = required.filter((k) => index[k] < 0);
  if (missing.length) {
    throw new ApiError('bad_request', `${name}: no column for ${missing.map((k) => `${k} (${columns[k][0]})`).join(', ')} in the first row.`, missing.map((k) => ({ row: 1, field: k, reason: 'column missing' })));
  }
  if (table.length - 1 > MAX_ROWS) throw fileError(`${name}: at most ${MAX_ROWS} rows per import.`, 'too many rows');
  return table.flatMap((cells, i) =>
    i === 0 || !cells.some((v) => v.trim() !== '') ? [] : [{ row: i + 1, get: (k: C) => (index[k] >= 0 ? (cells[index[k]] ?? '').trim() : '') }],
  );
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
  /** The form's `crs` for rows without their own (WGS84 when not sent). */
  crs: InputCrs;
  /** The form's other text fields. */
  form: Record<string, unknown>;
}

interface ImportRouteOptions {
  /** The job's kind when it runs as one (`import:${kind}`). */
  kind: string;
  /** What the file is, in the API's messages ("A market list may be at most 5 MB"). */
  noun: string;
  /** The formats it may be in, as the missing-file message lists them. */
  formats: string;
  writers: readonly SessionUser['role'][];
  /** Reads and saves the rows, inside the one transaction of the request. */
  run(client: pg.PoolClient, upload: Upload): Promise<RowReport[]>;
}

/**
 * POST /import: multipart field "file" (at most MAX_FILE_BYTES, refused before it is read),
 * optional field crs; the answer `{ saved, rejected, rows }` reports every row.
 */
export function importRoute(deps: AppDeps, opts: ImportRouteOptions) {
  return new Hono<AuthEnv>().post(
    '/import',
    bodyLimit({
      maxSize: MAX_FILE_BYTES,
      onError: () => {
        throw new ApiError('payload_too_large', `${opts.noun[0].toUpperCase()}${opts.noun.slice(1)} may be at most ${MAX_FILE_BYTES / 1048576} MB.`, [{ field: 'file', reason: 'too large' }]);
      },
    }),
    async (c: Context<AuthEnv>) => {
      const user = currentUser(c, ...opts.writers);
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const file = form.file;
      if (!(file instanceof File)) throw new ApiError('bad_request', `Send the ${opts.noun.replace(/^an? /, '')} as multipart/form-data, field "file" (${opts.formats}).`, [{ field: 'file', reason: 'missing' }]);
      const crs = (typeof form.crs === 'string' && form.crs ? form.crs : 'wgs84') as InputCrs;
      if (!INPUT_CRS.includes(crs)) throw ApiError.badParam('crs', `one of ${INPUT_CRS.join(', ')}`);
      const name = file.name.replace(/\u0000/g, '').slice(0, 100);
      const bytes = new Uint8Array(await file.arrayBuffer());
      const work = async () => {
        const report = await withTransaction(deps.pool, (client) => opts.run(client, { user, bytes, name, crs, form }));
        const saved = report.filter((r) => r.status === 'saved').length;
        return { saved, rejected: report.length - saved, rows: report };
      };
      return answerOrJob(c, deps.pool, `import:${opts.kind}`, user.id, work);
    },
  );
}

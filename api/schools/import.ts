import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type pg from 'pg';
import type { SessionUser } from '../auth/accounts';
import { currentUser, type AuthEnv } from '../auth/middleware';
import { withTransaction } from '../db/transaction';
import { ApiError } from '../lib/api-error';
import type { AppDeps } from '../lib/app-deps';
import { INPUT_CRS, type InputCrs } from '../lib/china-crs';
import { MAX_INFLATED_BYTES, readTable, WorkbookTooLargeError } from '../lib/table-reader';
import { COLUMNS, importRow, REQUIRED, RowError, type Column } from './import-row';
import { WRITERS } from './scope';

/** As the ledger's and the markets' imports: 5 MB of file, 5000 rows, workbooks unpacked to 64 MB at most. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_ROWS = 5000;

/** One row of the answer, as the ledger's import reports its rows. */
export interface RowReport {
  /** The sheet's row (the header is 1), or the GeoJSON feature's place (the first is 1). */
  row: number;
  status: 'saved' | 'rejected';
  id?: number;
  field?: string;
  reason?: string;
  rule?: string;
}

/** A row to import: its cells by column (a GeoJSON feature's point as lon and lat), or why it cannot be one. */
export interface ImportRow {
  row: number;
  get: (c: Column) => string;
  refused?: RowError;
}

/**
 * Saves each row under a savepoint in the caller's transaction: a school, its gate and its create
 * event, or nothing of it and the row reported with the field and why. Exported for tests, which
 * run it inside a transaction they roll back.
 */
export async function importSchools(
  client: pg.ClientBase, user: SessionUser, rows: ImportRow[], opts: { crs: InputCrs; allowDuplicates: boolean; file: string },
): Promise<RowReport[]> {
  const out: RowReport[] = [];
  for (const r of rows) {
    await client.query('SAVEPOINT school_row');
    try {
      if (r.refused) throw r.refused;
      const id = await importRow(client, user, r.get, { ...opts, row: r.row });
      await client.query('RELEASE SAVEPOINT school_row');
      out.push({ row: r.row, status: 'saved', id });
    } catch (e) {
      await client.query('ROLLBACK TO SAVEPOINT school_row');
      if (!(e instanceof RowError)) throw e;
      out.push({ row: r.row, status: 'rejected', field: e.field, reason: e.message, ...(e.rule && { rule: e.rule }) });
    }
  }
  return out;
}

const fileError = (message: string, reason: string, rule?: string) => new ApiError('bad_request', message, [{ field: 'file', reason, ...(rule && { rule }) }]);

/** A sheet's rows (CSV or .xlsx): columns found by their headers; a missing needed one is a 400 naming it. */
function tableRows(bytes: Uint8Array, name: string): ImportRow[] {
  let table: string[][];
  try {
    table = readTable(bytes, name, MAX_INFLATED_BYTES);
  } catch (e) {
    if (e instanceof WorkbookTooLargeError) throw fileError(`${name}: ${e.message}`, 'too large unpacked', 'too_large');
    throw fileError(`${name}: ${(e as Error).message}`, 'unreadable');
  }
  const header = (table[0] ?? []).map((h) => h.trim().toLowerCase().replace(/\s+/g, ''));
  const index = Object.fromEntries(
    Object.entries(COLUMNS).map(([k, names]) => [k, header.findIndex((h) => (names as readonly string[]).some((n) => n.toLowerCase() === h))]),
  ) as Record<Column, number>;
  const missing = REQUIRED.filter((k) => index[k] < 0);
  if (missing.length) {
    throw new ApiError('bad_request', `${name}: no column for ${missing.map((k) => `${k} (${COLUMNS[k][0]})`).join(', ')} in the first row.`, missing.map((k) => ({ row: 1, field: k, reason: 'column missing' })));
  }
  if (table.length - 1 > MAX_ROWS) throw fileError(`${name}: at most ${MAX_ROWS} rows per import.`, 'too many rows');
  return table.flatMap((cells, i) =>
    i === 0 || !cells.some((v) => v.trim() !== '') ? [] : [{ row: i + 1, get: (k: Column) => (index[k] >= 0 ? (cells[index[k]] ?? '').trim() : '') }],
  );
}

/** A GeoJSON FeatureCollection of Points: the point as lon and lat, the columns as properties (name, kind, crs, gate_lon, gate_lat). */
function featureRows(bytes: Uint8Array, name: string): ImportRow[] {
  let fc: unknown;
  try {
    fc = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw fileError(`${name}: not valid JSON`, 'not JSON');
  }
  const features = (fc as { features?: unknown } | null)?.features;
  if ((fc as { type?: unknown } | null)?.type !== 'FeatureCollection' || !Array.isArray(features)) throw fileError(`${name}: not a GeoJSON FeatureCollection`, 'not a FeatureCollection');
  if (features.length > MAX_ROWS) throw fileError(`${name}: at most ${MAX_ROWS} features per import.`, 'too many rows');
  return features.map((f, i) => {
    const feature = (f ?? {}) as { geometry?: { type?: unknown; coordinates?: unknown } | null; properties?: unknown };
    const p = (feature.properties && typeof feature.properties === 'object' ? feature.properties : {}) as Record<string, unknown>;
    const point = feature.geometry?.type === 'Point' && Array.isArray(feature.geometry.coordinates) ? feature.geometry.coordinates : null;
    const text = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v).trim());
    return {
      row: i + 1,
      get: (k: Column) => (k === 'lon' ? text(point?.[0]) : k === 'lat' ? text(point?.[1]) : text(p[k])),
      ...(!point && { refused: new RowError('geometry', 'a school is a GeoJSON Point [lon, lat]', 'not_a_point') }),
    };
  });
}

/** The rows of an uploaded list: GeoJSON by its name (.geojson, .json) or its first character, else a table. */
export function uploadRows(bytes: Uint8Array, name: string): ImportRow[] {
  const first = bytes.findIndex((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09 && b !== 0xef && b !== 0xbb && b !== 0xbf);
  return /\.(geo)?json$/i.test(name) || bytes[first] === 0x7b ? featureRows(bytes, name) : tableRows(bytes, name);
}

/**
 * POST /import: a school list as CSV or .xlsx (columns name, kind, lon, lat, crs, gate_lon, gate_lat)
 * or a GeoJSON FeatureCollection of Points (properties name, kind); multipart field "file", optional
 * fields crs (for rows without their own) and allowDuplicates=true. Each row is saved whole (the
 * school, its 正门 at gate_lon/gate_lat or as the seed places it, its event) or reported with its
 * field and why; an officer's rows outside the brigade are reported, not saved.
 */
export function schoolImportRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>().post(
    '/import',
    bodyLimit({
      maxSize: MAX_FILE_BYTES,
      onError: () => {
        throw new ApiError('payload_too_large', `A school list may be at most ${MAX_FILE_BYTES / 1048576} MB.`, [{ field: 'file', reason: 'too large' }]);
      },
    }),
    async (c) => {
      const user = currentUser(c, ...WRITERS);
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const file = form.file;
      if (!(file instanceof File)) throw new ApiError('bad_request', 'Send the list as multipart/form-data, field "file" (.csv, .xlsx or .geojson).', [{ field: 'file', reason: 'missing' }]);
      const crs = (typeof form.crs === 'string' && form.crs ? form.crs : 'wgs84') as InputCrs;
      if (!INPUT_CRS.includes(crs)) throw ApiError.badParam('crs', `one of ${INPUT_CRS.join(', ')}`);
      // The name goes into each school's source: nothing the database cannot hold.
      const name = file.name.replace(/\u0000/g, '').slice(0, 100);
      const rows = uploadRows(new Uint8Array(await file.arrayBuffer()), name);
      const report = await withTransaction(deps.pool, (client) => importSchools(client, user, rows, { crs, allowDuplicates: form.allowDuplicates === 'true', file: name }));
      const saved = report.filter((r) => r.status === 'saved').length;
      return c.json({ saved, rejected: report.length - saved, rows: report });
    },
  );
}

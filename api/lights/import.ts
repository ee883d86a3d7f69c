import type pg from 'pg';
import {
  LIGHT_COLUMNS, LIGHT_PROGRAMME_WORDS, LIGHT_PROGRAMMES, LIGHT_REQUIRED, LIGHT_STATUS_WORDS, LIGHT_STATUSES, LIGHT_TYPE_WORDS, LIGHT_TYPES,
  type LightColumn,
} from '@shared/lights/light-terms';
import type { SessionUser } from '../auth/accounts';
import { ApiError } from '../lib/api-error';
import type { AppDeps } from '../lib/app-deps';
import { INPUT_CRS, type InputCrs } from '../lib/china-crs';
import { geoJsonFeatures, importRoute, propertyText, RowError, saveRows, uploadSheet, sheetDay, type ImportRow, type RowReport } from '../lib/row-import';
import { CreateLightBody } from './schemas';
import { createLight, WRITERS } from './store';

export type LightImportRow = ImportRow<LightColumn>;

const CRS_WORDS: Record<string, InputCrs> = { 'gcj-02': 'gcj02', 高德: 'gcj02', 腾讯: 'gcj02', 火星坐标: 'gcj02', 'bd-09': 'bd09', 百度: 'bd09', 'wgs-84': 'wgs84', cgcs2000: 'wgs84' };
/** The column each field of the body is read from. */
const COLUMN_OF: Record<string, LightColumn> = { installedOn: 'installed_on', installedBy: 'installed_by', statusOn: 'status_on' };

/** A cell that names one of `values` by the API's word or a brigade's, or a RowError naming the column. */
function word<T extends string>(raw: string, column: LightColumn, values: readonly T[], words: Record<string, T>, fallback?: T): T {
  if (raw === '' && fallback) return fallback;
  const v = (values as readonly string[]).includes(raw) ? (raw as T) : words[raw];
  if (!v) throw new RowError(column, raw === '' ? 'empty' : `unknown value "${raw}" (${Object.keys(words).join('、')}, or ${values.join(', ')})`, raw === '' ? 'required' : 'unknown_value');
  return v;
}

const number = (raw: string, column: LightColumn) => {
  if (raw === '') throw new RowError(column, 'empty', 'required');
  const n = Number(raw.replace(/,/g, ''));
  if (!Number.isFinite(n)) throw new RowError(column, `"${raw}" is not a number`, 'not_a_number');
  return n;
};

/** A date as brigades write it (sheetDay) as YYYY-MM-DD, or the text as given. */
const dateText = (raw: string): string => sheetDay(raw) ?? raw;

/**
 * One row of a light list saved in the caller's transaction (a savepoint per row): its cells
 * checked as POST /api/lights checks a body and entered by the same code (createLight: PostGIS
 * places it, the officer's brigade holds it, a create event). A RowError names the column.
 */
export async function importLightRow(client: pg.ClientBase, user: SessionUser, get: (c: LightColumn) => string, given: { crs: InputCrs; file: string; row: number }): Promise<number> {
  for (const k of Object.keys(LIGHT_COLUMNS) as LightColumn[]) if (get(k).includes('\u0000')) throw new RowError(k, 'contains a NUL character', 'nul');
  const crsRaw = get('crs').toLowerCase();
  const crs = crsRaw === '' ? given.crs : (INPUT_CRS as readonly string[]).includes(crsRaw) ? (crsRaw as InputCrs) : CRS_WORDS[crsRaw];
  if (!crs) throw new RowError('crs', `unknown coordinate system "${get('crs')}" (wgs84, gcj02 or bd09)`, 'unknown_crs');
  const body = CreateLightBody.safeParse({
    type: word(get('type'), 'type', LIGHT_TYPES, LIGHT_TYPE_WORDS),
    programme: word(get('programme'), 'programme', LIGHT_PROGRAMMES, LIGHT_PROGRAMME_WORDS, 'other'),
    ...(get('name') !== '' && { name: get('name') }),
    lon: number(get('lon'), 'lon'),
    lat: number(get('lat'), 'lat'),
    crs,
    status: word(get('status'), 'status', LIGHT_STATUSES, LIGHT_STATUS_WORDS, 'working'),
    ...(get('installed_on') !== '' && { installedOn: dateText(get('installed_on')) }),
    ...(get('status_on') !== '' && { statusOn: dateText(get('status_on')) }),
    ...(get('installed_by') !== '' && { installedBy: get('installed_by') }),
    ...(get('cost') !== '' && { cost: number(get('cost'), 'cost') }),
    source: `imported by ${user.username} (${given.file})`.slice(0, 500),
  });
  if (!body.success) {
    const issue = body.error.issues[0];
    const field = String(issue.path[0] ?? 'type');
    const rule = (issue as { params?: { rule?: string } }).params?.rule ?? 'invalid';
    throw new RowError(COLUMN_OF[field] ?? (field as LightColumn), issue.message, rule);
  }
  try {
    return await createLight(client, user, { ...body.data, via: { via: 'import', file: given.file, row: given.row } });
  } catch (e) {
    if (!(e instanceof ApiError) || e.code === 'internal') throw e;
    const d = e.details[0];
    const rule = d?.rule ?? (d?.reason === 'scope' ? 'scope' : undefined);
    const field = d?.path ?? d?.param ?? 'lon';
    throw new RowError(COLUMN_OF[field] ?? field, e.message, rule);
  }
}

/** Saves each row or reports it with the field and why, inside the caller's transaction. Exported for tests. */
export function importLights(client: pg.ClientBase, user: SessionUser, rows: LightImportRow[], crs: InputCrs, file: string): Promise<RowReport[]> {
  return saveRows(client, rows, async (r) => ({ id: await importLightRow(client, user, r.get, { crs, file, row: r.row }) }));
}

/** A GeoJSON FeatureCollection of Points: the point as lon and lat, the columns as properties (API names or the list's headers). */
function featureRows(bytes: Uint8Array, name: string): LightImportRow[] {
  return geoJsonFeatures(bytes, name).map((f, i) => {
    const feature = (f ?? {}) as { geometry?: { type?: unknown; coordinates?: unknown } | null; properties?: unknown };
    const p = (feature.properties && typeof feature.properties === 'object' ? feature.properties : {}) as Record<string, unknown>;
    const point = feature.geometry?.type === 'Point' && Array.isArray(feature.geometry.coordinates) ? feature.geometry.coordinates : null;
    const value = (k: LightColumn) => LIGHT_COLUMNS[k].map((h) => p[h]).find((v) => v !== undefined) ?? p[k.replace(/_(.)/g, (_, c: string) => c.toUpperCase())];
    return {
      row: i + 1,
      get: (k: LightColumn) => (k === 'lon' ? propertyText(point?.[0]) : k === 'lat' ? propertyText(point?.[1]) : propertyText(value(k))),
      ...(!point && { refused: new RowError('geometry', 'a light is a GeoJSON Point [lon, lat]', 'not_a_point') }),
    };
  });
}

/** The rows of an uploaded list: GeoJSON by its name (.geojson, .json) or its first character, else a table. */
export function uploadLightRows(bytes: Uint8Array, name: string) {
  return uploadSheet<LightColumn, LightImportRow>(bytes, name, LIGHT_COLUMNS, LIGHT_REQUIRED, featureRows);
}

/**
 * POST /import: a light list as CSV or .xlsx (columns type, programme, name, lon, lat, crs,
 * installed_on, installed_by, cost, status, status_on; or their Chinese headers) or a GeoJSON
 * FeatureCollection of Points; multipart field "file", optional field crs for rows without their
 * own. Each row is saved whole or reported with its column and why.
 */
export const lightImportRoutes = (deps: AppDeps) =>
  importRoute(deps, {
    kind: 'lights',
    noun: 'a light list',
    formats: '.csv, .xlsx or .geojson',
    writers: WRITERS,
    columns: LIGHT_COLUMNS,
    required: LIGHT_REQUIRED,
    features: featureRows,
    run: (client, { user, name }, sheet) => importLights(client, user, sheet.rows, sheet.crs, name),
  });

import type pg from 'pg';
import type { SessionUser } from '../auth/accounts';
import type { AppDeps } from '../lib/app-deps';
import type { InputCrs } from '../lib/china-crs';
import { geoJsonFeatures, importRoute, propertyText, RowError, saveRows, uploadSheet, type ImportRow, type RowReport } from '../lib/row-import';
import { COLUMNS, importRow, REQUIRED, type Column } from './import-row';
import { WRITERS } from './scope';

export type SchoolImportRow = ImportRow<Column>;

/**
 * Saves each row (a school, its gate and its create event) or reports it with the field and why,
 * inside the caller's transaction. Exported for tests, which run it inside a transaction they roll back.
 */
export function importSchools(
  client: pg.ClientBase, user: SessionUser, rows: SchoolImportRow[], opts: { crs: InputCrs; allowDuplicates: boolean; file: string },
): Promise<RowReport[]> {
  return saveRows(client, rows, async (r) => ({ id: await importRow(client, user, r.get, { ...opts, row: r.row }) }));
}

/** A GeoJSON FeatureCollection of Points: the point as lon and lat, the columns as properties (name, kind, crs, gate_lon, gate_lat). */
function featureRows(bytes: Uint8Array, name: string): SchoolImportRow[] {
  return geoJsonFeatures(bytes, name).map((f, i) => {
    const feature = (f ?? {}) as { geometry?: { type?: unknown; coordinates?: unknown } | null; properties?: unknown };
    const p = (feature.properties && typeof feature.properties === 'object' ? feature.properties : {}) as Record<string, unknown>;
    const point = feature.geometry?.type === 'Point' && Array.isArray(feature.geometry.coordinates) ? feature.geometry.coordinates : null;
    return {
      row: i + 1,
      get: (k: Column) => (k === 'lon' ? propertyText(point?.[0]) : k === 'lat' ? propertyText(point?.[1]) : propertyText(p[k])),
      ...(!point && { refused: new RowError('geometry', 'a school is a GeoJSON Point [lon, lat]', 'not_a_point') }),
    };
  });
}

/** The rows of an uploaded list: GeoJSON by its name (.geojson, .json) or its first character, else a table. */
export function uploadRows(bytes: Uint8Array, name: string) {
  return uploadSheet<Column, SchoolImportRow>(bytes, name, COLUMNS, REQUIRED, featureRows);
}

/**
 * POST /import: a school list as CSV or .xlsx (columns name, kind, lon, lat, crs, gate_lon, gate_lat)
 * or a GeoJSON FeatureCollection of Points (properties name, kind); multipart field "file", optional
 * fields crs (for rows without their own) and allowDuplicates=true. Each row is saved whole (the
 * school, its 正门 at gate_lon/gate_lat or as the seed places it, its event) or reported with its
 * field and why; an officer's rows outside the brigade are reported, not saved.
 */
export const schoolImportRoutes = (deps: AppDeps) =>
  importRoute(deps, {
    kind: 'schools',
    noun: 'a school list',
    formats: '.csv, .xlsx or .geojson',
    writers: WRITERS,
    columns: COLUMNS,
    required: REQUIRED,
    features: featureRows,
    run: (client, { user, name, form }, sheet) => importSchools(client, user, sheet.rows, { crs: sheet.crs, allowDuplicates: form.allowDuplicates === 'true', file: name }),
  });

import type pg from 'pg';
import type { SessionUser } from '../auth/accounts';
import type { AppDeps } from '../lib/app-deps';
import type { InputCrs } from '../lib/china-crs';
import { geoJsonFeatures, importRoute, propertyText, saveRows, uploadSheet, type ImportRow, type RowReport } from '../lib/row-import';
import { COLUMNS, importRow, REQUIRED, type Column } from './import-row';
import { WRITERS } from './store';

export type MarketImportRow = ImportRow<Column>;

/**
 * Saves each row (a market and its create event) or reports it with the field and why, inside the
 * caller's transaction. Exported for tests, which run it inside a transaction they roll back.
 */
export function importMarkets(client: pg.ClientBase, user: SessionUser, rows: MarketImportRow[], crs: InputCrs, file: string): Promise<RowReport[]> {
  return saveRows(client, rows, async (r) => ({ id: await importRow(client, user, r.get, { geometry: r.geometry, crs, file, row: r.row }) }));
}

/** A GeoJSON FeatureCollection's features: the stretch as geometry, the columns as properties (days a list or text, hours {from, to}). */
function featureRows(bytes: Uint8Array, name: string): MarketImportRow[] {
  return geoJsonFeatures(bytes, name).map((f, i) => {
    const p = ((f as { properties?: unknown } | null)?.properties ?? {}) as Record<string, unknown>;
    const hours = (p.hours ?? {}) as Record<string, unknown>;
    const value = (k: Column): unknown =>
      k === 'hoursFrom' ? (p.hoursFrom ?? p.hours_from ?? hours.from) : k === 'hoursTo' ? (p.hoursTo ?? p.hours_to ?? hours.to) : k === 'statusOn' ? (p.statusOn ?? p.status_on) : p[k];
    const relocated = Array.isArray(p.relocatedTo) ? p.relocatedTo : [];
    return {
      row: i + 1,
      geometry: (f as { geometry?: unknown } | null)?.geometry ?? null,
      get: (k: Column) => (k === 'relocatedLon' ? propertyText(relocated[0]) : k === 'relocatedLat' ? propertyText(relocated[1]) : propertyText(value(k))),
    };
  });
}

/** The rows of an uploaded list: GeoJSON (each feature's geometry is the stretch) or a table (the stretch is built from lon, lat). */
export function uploadRows(bytes: Uint8Array, name: string) {
  return uploadSheet<Column, MarketImportRow>(bytes, name, COLUMNS, REQUIRED, featureRows);
}

/**
 * POST /import: a market list as CSV or .xlsx (columns name, calendar, days, hours_from, hours_to,
 * status, status_on, lon, lat, crs …: the stretch is built from the point) or as GeoJSON (each
 * feature's geometry is the stretch); multipart field "file", optional field crs for rows without
 * their own. Each row is saved whole or reported with its field and why.
 */
export const marketImportRoutes = (deps: AppDeps) =>
  importRoute(deps, {
    kind: 'markets',
    noun: 'a market list',
    formats: '.csv, .xlsx or .geojson',
    writers: WRITERS,
    columns: COLUMNS,
    required: REQUIRED,
    features: featureRows,
    run: (client, { user, name }, sheet) => importMarkets(client, user, sheet.rows, sheet.crs, name),
  });

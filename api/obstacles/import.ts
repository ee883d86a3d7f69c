import type pg from 'pg';
import { OBSTACLE_COLUMNS, OBSTACLE_REQUIRED, OBSTACLE_TYPE_WORDS, OBSTACLE_TYPES, type ObstacleColumn } from '@shared/obstacles/obstacle-columns';
import type { SessionUser } from '../auth/accounts';
import { ApiError } from '../lib/api-error';
import type { AppDeps } from '../lib/app-deps';
import type { InputCrs } from '../lib/china-crs';
import { geoJsonFeatures, importRoute, propertyText, RowError, saveRows, sheetDay, type ImportRow, type RowReport } from '../lib/row-import';
import { answer, checkedPolygon, CreateBody, importedPlace } from './obstacle-store';

type ObstacleImportRow = ImportRow<ObstacleColumn>;

/** A GeoJSON FeatureCollection's features: the polygon as geometry, the columns as properties. */
function featureRows(bytes: Uint8Array, name: string): ObstacleImportRow[] {
  return geoJsonFeatures(bytes, name).map((f, i) => {
    const p = ((f as { properties?: unknown } | null)?.properties ?? {}) as Record<string, unknown>;
    return {
      row: i + 1,
      geometry: (f as { geometry?: unknown } | null)?.geometry ?? null,
      get: (k: ObstacleColumn) => propertyText(k === 'observedOn' ? (p.observedOn ?? p.observed_on) : p[k]),
    };
  });
}

/** Longest outline a sheet's cell may hold (MAX_OBSTACLE_VERTICES positions, with room to spare). */
const MAX_WKT_CHARS = 100_000;

/** A sheet's outline, written as WKT (QGIS writes it so), read by PostGIS into a GeoJSON polygon. */
async function wktPolygon(client: pg.ClientBase, wkt: string): Promise<unknown> {
  if (!wkt) throw new RowError('geometry', 'no outline: a POLYGON in WKT, e.g. POLYGON((116.251 36.331, 116.252 36.331, 116.252 36.332, 116.251 36.331))', 'missing');
  if (wkt.length > MAX_WKT_CHARS) throw new RowError('geometry', `the outline is longer than ${MAX_WKT_CHARS} characters`, 'too_many_vertices');
  try {
    return (await client.query<{ g: unknown }>(`SELECT ST_AsGeoJSON(ST_GeomFromText($1), 9)::json AS g`, [wkt])).rows[0].g;
  } catch (e) {
    // The row's savepoint (saveRows) takes the failed statement back.
    throw new RowError('geometry', `not WKT PostGIS can read: ${(e as Error).message.slice(0, 200)}`, 'not_wkt');
  }
}

/** One obstacle of the list saved, or a RowError naming the field; the polygon checks are the drawing form's (checkedPolygon). */
async function saveRow(client: pg.PoolClient, user: SessionUser, r: ObstacleImportRow, crs: InputCrs): Promise<{ id: number }> {
  const geometry = r.geometry !== undefined ? r.geometry : await wktPolygon(client, r.get('geometry'));
  const type = r.get('type');
  const height = r.get('height').replace(/\s*(米|m)$/i, '');
  const observedOn = r.get('observedOn');
  const parsed = CreateBody.safeParse({
    type: (OBSTACLE_TYPES as readonly string[]).includes(type) ? type : (OBSTACLE_TYPE_WORDS[type] ?? type),
    height: height === '' ? undefined : Number(height),
    geometry,
    crs,
    source: r.get('source') || undefined,
    observedOn: observedOn ? (sheetDay(observedOn) ?? observedOn) : null,
    note: r.get('note') || null,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const rule = (issue as { params?: { rule?: string } }).params?.rule;
    throw new RowError(String(issue.path[0] ?? 'geometry'), issue.message, rule);
  }
  const b = parsed.data;
  const ewkt = await checkedPolygon(client, user, b.geometry, crs);
  const saved = await client.query<{ id: number }>(
    `INSERT INTO obstacles (type, height, source, observed_on, note, geom, created_by)
     VALUES ($1, $2, $3, $4, $5, ST_GeomFromEWKT($6), $7) RETURNING id`,
    [b.type, b.height, b.source ?? `imported by ${user.username}`, b.observedOn ?? null, b.note ?? null, ewkt, user.id],
  );
  return { id: saved.rows[0].id };
}

/** A polygon refused by checkedPolygon (invalid, outside Liaocheng, too large, outside the brigade) as the row's error. */
function rejection(e: unknown): RowError | null {
  if (!(e instanceof ApiError)) return null;
  const d = e.details[0];
  return new RowError(d?.param ?? 'geometry', e.message, d?.rule ?? (d?.reason === 'scope' ? 'scope' : undefined));
}

/** Once saved: the intersections around them analysed again, where they are, and the corners they cut. */
async function afterImport(client: pg.PoolClient, rows: RowReport[]) {
  const ids = rows.flatMap((r) => (r.status === 'saved' && r.id !== undefined ? [r.id] : []));
  if (!ids.length) return { analysis: null, bbox: null, cuts: [] };
  const area = (await client.query<{ e: string }>(`SELECT ST_AsEWKT(geom) AS e FROM obstacles WHERE id = ANY ($1)`, [ids])).rows.map((r) => r.e);
  const { analysis } = await answer(client, null, area);
  return { analysis, ...(await importedPlace(client, rows)) };
}

/**
 * POST /import: an obstacle list as GeoJSON (a FeatureCollection of polygons, the columns as
 * properties) or as a sheet (CSV/.xlsx, the outline as WKT); multipart `file`, `crs`, `preview`,
 * `columns`. Each row saved whole or reported with its field and why; the answer adds the
 * re-analysis (`analysis`), the saved obstacles' box (`bbox`) and the intersections they cut (`cuts`).
 */
export const obstacleImportRoutes = (deps: AppDeps) =>
  importRoute(deps, {
    kind: 'obstacles',
    noun: 'an obstacle list',
    formats: '.geojson, .csv or .xlsx',
    writers: ['officer', 'admin'],
    columns: OBSTACLE_COLUMNS,
    required: OBSTACLE_REQUIRED,
    features: featureRows,
    run: (client, { user }, sheet) => saveRows(client, sheet.rows, (r) => saveRow(client, user, r, sheet.crs), rejection),
    after: (client, _upload, rows) => afterImport(client, rows),
  });

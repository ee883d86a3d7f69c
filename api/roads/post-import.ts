import type pg from 'pg';
import { POST_COLUMNS, POST_REQUIRED, POST_WRITERS, type PostColumn } from '@shared/roads/post-columns';
import { stakeKm, stakeText } from '@shared/roads/stake';
import type { SessionUser } from '../auth/accounts';
import type { AppDeps } from '../lib/app-deps';
import type { InputCrs } from '../lib/china-crs';
import { currentJobId } from '../lib/request-context';
import { geoJsonFeatures, importRoute, propertyText, rowPoint, RowError, saveRows, type ImportRow, type RowReport } from '../lib/row-import';
import { sqlFile } from '../lib/sql-file';

const CHECK_SQL = sqlFile(new URL('./post-check.sql', import.meta.url));

/** How far from its road a post may stand (a post stands at the roadside; a slip of a digit lands kilometres away). */
export const MAX_POST_OFFSET_M = 100;

type PostImportRow = ImportRow<PostColumn>;

/**
 * A GeoJSON FeatureCollection of Points: the point as lon and lat; the road from `road`, `ref` or
 * `name`, the 桩号 from `km`, `stake` or `distance` (OpenStreetMap's highway=milestone, as
 * Overpass exports it, carries `distance` in km).
 */
function featureRows(bytes: Uint8Array, name: string): PostImportRow[] {
  return geoJsonFeatures(bytes, name).map((f, i) => {
    const feature = (f ?? {}) as { geometry?: { type?: unknown; coordinates?: unknown } | null; properties?: unknown };
    const p = (feature.properties && typeof feature.properties === 'object' ? feature.properties : {}) as Record<string, unknown>;
    const point = feature.geometry?.type === 'Point' && Array.isArray(feature.geometry.coordinates) ? feature.geometry.coordinates : null;
    const field: Record<PostColumn, unknown> = {
      road: p.road ?? p.ref ?? p.name,
      km: p.km ?? p.stake ?? p.distance,
      lon: point?.[0],
      lat: point?.[1],
    };
    return {
      row: i + 1,
      get: (k: PostColumn) => propertyText(field[k]),
      ...(!point && { refused: new RowError('geometry', 'a kilometre post is a GeoJSON Point [lon, lat]', 'not_a_point') }),
    };
  });
}

interface Checked {
  road_ref: string | null;
  offset_m: number | null;
  in_city: boolean;
}

/**
 * One post saved (new, or moved where the same road and 桩号 was stored), or a RowError naming the
 * column: a road the network does not know, a 桩号 that is not one, a point outside Liaocheng or
 * away from its road, the same post twice in the file. The road is kept by its ref where the name
 * given is a road's that has one, so a record naming either finds the post (place_at_stake); a
 * post that names no road (an OpenStreetMap milestone) is on the numbered road beside it.
 */
async function savePost(
  client: pg.ClientBase, user: SessionUser, r: PostImportRow, opts: { crs: InputCrs; file: string; seen: Map<string, number> },
): Promise<{ id: number; status?: 'updated' }> {
  for (const k of Object.keys(POST_COLUMNS) as PostColumn[]) {
    if (r.get(k).includes('\u0000')) throw new RowError(k, 'contains a NUL character', 'nul');
  }
  const road = r.get('road').trim();
  if (road.length > 60) throw new RowError('road', 'longer than 60 characters', 'too_long');
  const rawKm = r.get('km');
  if (!rawKm) throw new RowError('km', 'empty: the post’s 桩号 (K12 or K12+300)', 'required');
  const km = stakeKm(rawKm);
  if (km === null) throw new RowError('km', `"${rawKm}" is not a 桩号 (K12+300)`, 'not_a_stake');
  const [lon, lat] = rowPoint(Number(r.get('lon') || NaN), Number(r.get('lat') || NaN), opts.crs);
  const where = `(${lon.toFixed(6)}, ${lat.toFixed(6)})`;
  const c = (await client.query<Checked>(CHECK_SQL, [lon, lat, road])).rows[0];
  if (!c.in_city) throw new RowError('lon', `${where} lies outside Liaocheng`, 'outside_liaocheng');
  if (c.road_ref === null && !road) throw new RowError('road', `no road named, and no numbered road within 30 m of ${where}`, 'required');
  if (c.road_ref === null) throw new RowError('road', `no road of the network has the number or name "${road}": import the road network first`, 'unknown_road');
  if (c.offset_m === null || c.offset_m > MAX_POST_OFFSET_M) {
    const off = c.offset_m === null ? 'more than 2 km' : `${Math.round(c.offset_m)} m`;
    throw new RowError('lon', `${where} lies ${off} from ${road || c.road_ref}: a post stands beside its road (within ${MAX_POST_OFFSET_M} m)`, 'far_from_road');
  }
  const key = `${c.road_ref}\u0000${km}`;
  const first = opts.seen.get(key);
  if (first !== undefined) throw new RowError('km', `${c.road_ref} ${stakeText(km)} is already in this file (row ${first})`, 'duplicate_in_file');
  opts.seen.set(key, r.row);
  // Made-up posts and real ones are never mixed on one road.
  await client.query('DELETE FROM kilometre_posts WHERE road_ref = $1 AND synthetic', [c.road_ref]);
  const saved = await client.query<{ id: number; inserted: boolean }>(
    `INSERT INTO kilometre_posts (road_ref, km, synthetic, geom, source, imported_at)
     VALUES ($1, $2, false, ST_SetSRID(ST_MakePoint($3, $4), 4326), $5, now())
     ON CONFLICT (road_ref, km) DO UPDATE SET geom = EXCLUDED.geom, source = EXCLUDED.source, imported_at = now()
     RETURNING id, (xmax = 0) AS inserted`,
    [c.road_ref, km, lon, lat, { job: currentJobId(), file: opts.file, row: r.row, by: user.username }],
  );
  const { id, inserted } = saved.rows[0];
  return inserted ? { id } : { id, status: 'updated' };
}

/** Saves each row (a post) or reports it with the field and why, inside the caller's transaction. */
export function importPosts(client: pg.ClientBase, user: SessionUser, rows: PostImportRow[], opts: { crs: InputCrs; file: string }): Promise<RowReport[]> {
  const seen = new Map<string, number>();
  return saveRows(client, rows, (r) => savePost(client, user, r, { ...opts, seen }));
}

/**
 * POST /api/roads/posts/import: a road agency's list of kilometre posts (公里桩) as CSV or .xlsx
 * (路线编号 or 道路名称, 桩号, 经度, 纬度) or a GeoJSON FeatureCollection of Points (properties
 * road/ref/name and km/stake/distance, as OpenStreetMap's milestones); fields crs, columns and
 * preview as every import. Accident records without coordinates are then placed from these
 * posts; the road's made-up posts go.
 */
export const postImportRoutes = (deps: AppDeps) =>
  importRoute(deps, {
    kind: 'kilometre-posts',
    noun: 'a list of kilometre posts',
    formats: '.csv, .xlsx or .geojson',
    writers: POST_WRITERS,
    columns: POST_COLUMNS,
    required: POST_REQUIRED,
    features: featureRows,
    run: (client, { user, name }, sheet) => importPosts(client, user, sheet.rows, { crs: sheet.crs, file: name }),
  });

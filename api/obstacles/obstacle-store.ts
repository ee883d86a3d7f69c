import type pg from 'pg';
import { z } from 'zod';
import { OBSTACLE_TYPES } from '@shared/obstacles/obstacle-columns';
import type { SessionUser } from '../auth/accounts';
import { analyseSight } from '../intersections/analysis';
import { ApiError } from '../lib/api-error';
import { INPUT_CRS, type InputCrs } from '../lib/china-crs';
import { wgs84Point } from '../lib/point-input';
import { dateParam } from '../lib/query-params';
import { text } from '../lib/values';

/** What an obstacle is and how one is checked, saved and answered, for its routes and its import. */

/** Larger than this (m²) is taken for a mistake (a whole village drawn as one obstacle). */
export const MAX_OBSTACLE_AREA_M2 = 50_000;

/** An obstacle as a GeoJSON feature, from `obstacles o`. */
export const OBSTACLE_FEATURE = `jsonb_build_object(
  'type', 'Feature', 'id', o.id, 'geometry', ST_AsGeoJSON(o.geom, 7)::jsonb,
  'properties', jsonb_build_object('id', o.id, 'type', o.type, 'height', o.height, 'source', o.source,
    'observedOn', o.observed_on, 'note', o.note, 'synthetic', o.synthetic, 'version', o.version, 'updatedAt', o.updated_at))`;

const position = z.tuple([z.number(), z.number()]).rest(z.number());
/** Vertices of one obstacle at most: a building or a field edge is tens; more is a mistake or an attack (a million took 5 minutes). */
export const MAX_OBSTACLE_VERTICES = 2000;
// Defensive: zod may run a refinement over a ring whose positions it has already found wrong.
const closed = (ring: unknown[]) => {
  const [a, b] = [ring[0], ring.at(-1)];
  return !Array.isArray(a) || !Array.isArray(b) || (a[0] === b[0] && a[1] === b[1]);
};
export const PolygonGeometry = z.object({
  type: z.literal('Polygon', { message: 'must be a GeoJSON Polygon' }),
  coordinates: z
    .array(z.array(position).min(4, 'a ring needs at least 4 positions (closed)').refine(closed, { message: 'a ring must end where it starts (closed)', params: { rule: 'ring_not_closed' } }))
    .min(1, 'needs an outer ring')
    .max(50, 'at most 50 rings')
    .refine((rings) => rings.reduce((n, r) => n + (Array.isArray(r) ? r.length : 0), 0) <= MAX_OBSTACLE_VERTICES, { message: `at most ${MAX_OBSTACLE_VERTICES} vertices`, params: { rule: 'too_many_vertices' } }),
});

export const Fields = {
  type: z.enum(OBSTACLE_TYPES, { message: `one of ${OBSTACLE_TYPES.join(', ')}` }),
  height: z.number({ message: 'must be a number (m)' }).positive('must be above 0 m').max(300, 'at most 300 m'),
  geometry: PolygonGeometry,
  crs: z.enum(INPUT_CRS).default('wgs84'),
  source: text(100).optional(),
  observedOn: dateParam.nullable().optional(),
  note: text(500, 0).nullable().optional(),
};
export const CreateBody = z.object(Fields);
export type Polygon = z.infer<typeof PolygonGeometry>;

/**
 * The polygon in WGS84 as EWKT, or a 400 that says what is wrong and where: a vertex that is not
 * a WGS84 position (projected metres, swapped axes; GCJ-02/BD-09 converted), a self-intersection
 * (PostGIS' reason, with the point), a vertex outside Liaocheng, an implausible size. Officers
 * draw only inside their brigade.
 */
export async function checkedPolygon(db: pg.PoolClient, user: SessionUser, g: Polygon, crs: InputCrs, field = 'geometry'): Promise<string> {
  const rings = g.coordinates.map((ring) =>
    ring.map(([lon, lat], i) => {
      try {
        return wgs84Point(lon, lat, crs);
      } catch (e) {
        throw new ApiError('bad_request', `Invalid ${field}: vertex ${i + 1} ${(e as ApiError).details[0]?.reason ?? ''}`, [
          { param: field, reason: (e as ApiError).details[0]?.reason ?? 'not a position', rule: (e as ApiError).details[0]?.rule },
        ]);
      }
    }),
  );
  const r = await db.query<{ valid: boolean; reason: string; outside: string | null; area: number; ewkt: string; in_scope: boolean }>(
    `WITH g AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS g)
     SELECT ST_IsValid(g.g) AS valid, ST_IsValidReason(g.g) AS reason,
            (SELECT ST_AsText(d.geom) FROM ST_DumpPoints(g.g) d
             WHERE NOT EXISTS (SELECT 1 FROM jurisdictions j WHERE j.level = 'county' AND ST_Intersects(j.geom, d.geom)) LIMIT 1) AS outside,
            ST_Area(ST_Transform(g.g, metric_srid())) AS area, ST_AsEWKT(g.g) AS ewkt,
            $2::text IS NULL OR EXISTS (SELECT 1 FROM jurisdictions j WHERE j.code = $2 AND ST_Intersects(j.geom, ST_PointOnSurface(g.g))) AS in_scope
     FROM g`,
    [JSON.stringify({ type: 'Polygon', coordinates: rings }), user.role === 'admin' ? null : user.scope.code],
  );
  const x = r.rows[0];
  if (!x.valid) throw ApiError.badParam(field, `not a valid polygon: ${x.reason} (e.g. a self-intersecting outline; draw it without crossing edges)`, 'invalid_geometry');
  if (x.outside) throw ApiError.badParam(field, `${x.outside} lies outside Liaocheng's counties`, 'outside_liaocheng');
  if (x.area > MAX_OBSTACLE_AREA_M2) throw ApiError.badParam(field, `${Math.round(x.area)} m² is larger than ${MAX_OBSTACLE_AREA_M2} m² for one obstacle`, 'too_large');
  if (!x.in_scope) {
    throw new ApiError('forbidden', `This obstacle lies outside ${user.scope.name}: you may draw obstacles only inside your brigade's area.`, [{ param: field, reason: 'scope' }]);
  }
  return x.ewkt;
}

/** The obstacle, and what re-analysing its surroundings found, after a write. */
export async function answer(db: pg.PoolClient, id: number | null, area: string[]) {
  const geometry = (await db.query<{ g: GeoJSON.Geometry }>(`SELECT ST_AsGeoJSON(ST_Collect(g::geometry))::json AS g FROM unnest($1::text[]) g`, [area])).rows[0].g;
  const analysis = await analyseSight(db, geometry);
  const obstacle = id === null ? null : (await db.query(`SELECT ${OBSTACLE_FEATURE} AS f FROM obstacles o WHERE o.id = $1`, [id])).rows[0].f;
  return { obstacle, analysis };
}

/**
 * Where an import's saved obstacles are, to show them on the map: their bounding box (WGS84) and
 * the intersections whose sight triangles they cut, worst first (at most 100).
 */
export async function importedPlace(db: pg.PoolClient, rows: { id?: number }[]) {
  const ids = rows.flatMap((r) => (r.id === undefined ? [] : [r.id]));
  const r = await db.query<{ bbox: [number, number, number, number]; cuts: number[] }>(
    `SELECT (SELECT ARRAY[ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)]::float8[]
             FROM (SELECT ST_Collect(geom) AS e FROM obstacles WHERE id = ANY ($1)) x) AS bbox,
            (SELECT coalesce(array_agg(id ORDER BY worst_shortfall DESC NULLS LAST, id), '{}') FROM (
               SELECT i.id, i.worst_shortfall FROM intersections i
               WHERE EXISTS (SELECT 1 FROM sight_triangles s WHERE s.intersection_id = i.id AND s.obstacle_ids && $1::int[])
               ORDER BY i.worst_shortfall DESC NULLS LAST, i.id LIMIT 100) c) AS cuts`,
    [ids],
  );
  return r.rows[0];
}

import type pg from 'pg';
import type { SessionUser } from '../auth/accounts';
import { ApiError } from '../lib/api-error';
import type { InputCrs } from '../lib/china-crs';
import { wgs84Point } from '../lib/point-input';
import { sqlFile } from '../lib/sql-file';
import { MAX_AREA_M2, MAX_STRETCH_M, type Stretch } from './write-schemas';

const CHECK_SQL = sqlFile(new URL('./check-stretch.sql', import.meta.url));

type Coordinates = number[] | Coordinates[];

/**
 * The stretch in WGS84 as EWKT and the county it belongs to, or a 400 naming `field` that says what
 * is wrong and where: a position that is not WGS84 (projected metres, swapped axes; GCJ-02 and
 * BD-09 are converted first), a polygon PostGIS finds invalid (its reason, with the point), a line
 * that crosses itself, a vertex outside Liaocheng, a stretch longer or an area larger than one
 * market fills. An officer's stretch must lie in their brigade (403 scope), judged at the point
 * that decides the market's county.
 */
export async function checkedStretch(db: pg.ClientBase, user: SessionUser, g: Stretch, crs: InputCrs, field = 'geometry'): Promise<{ ewkt: string; county: string }> {
  let n = 0;
  const convert = (c: Coordinates): Coordinates => {
    if (typeof c[0] !== 'number') return (c as Coordinates[]).map(convert);
    n++;
    const [lon, lat] = c as number[];
    try {
      return wgs84Point(lon, lat, crs);
    } catch (e) {
      const d = (e as ApiError).details[0];
      throw new ApiError('bad_request', `Invalid parameter "${field}": position ${n} ${d.reason}`, [{ param: field, reason: `position ${n} ${d.reason}`, rule: d.rule }]);
    }
  };
  const geometry = { type: g.type, coordinates: convert(g.coordinates as Coordinates) };
  const r = await db.query<{
    valid: boolean; reason: string; crossing: string | null; not_simple: boolean | null; outside: string | null;
    length: number | null; area: number | null; county: string | null; in_scope: boolean; ewkt: string;
  }>(CHECK_SQL, [JSON.stringify(geometry), user.role === 'admin' ? null : user.scope.code]);
  const x = r.rows[0];
  const kind = g.type.endsWith('Polygon') ? 'polygon' : 'line';
  if (!x.valid) throw ApiError.badParam(field, `not a valid ${kind}: ${x.reason} (e.g. an outline that crosses itself; draw it without crossing edges)`, 'invalid_geometry');
  if (x.not_simple) {
    const where = x.crossing ? `Self-intersection[${x.crossing}]` : 'Self-intersection';
    throw ApiError.badParam(field, `not a valid line: ${where} (a stretch of road does not cross itself; draw it without crossing, or as one line per road)`, 'invalid_geometry');
  }
  if (kind === 'line' && x.length! > MAX_STRETCH_M) {
    throw ApiError.badParam(field, `${Math.round(x.length!)} m is longer than the ${MAX_STRETCH_M} m one market may fill`, 'too_large');
  }
  if (kind === 'polygon' && x.area! > MAX_AREA_M2) {
    throw ApiError.badParam(field, `${Math.round(x.area!)} m² is larger than the ${MAX_AREA_M2} m² one market may fill`, 'too_large');
  }
  if (x.outside) throw ApiError.badParam(field, `POINT(${x.outside}) lies outside Liaocheng's counties`, 'outside_liaocheng');
  if (!x.county) throw ApiError.badParam(field, `the stretch's middle lies outside Liaocheng's counties`, 'outside_liaocheng');
  if (!x.in_scope) {
    throw new ApiError('forbidden', `This market lies outside ${user.scope.name}: you may record markets only inside your brigade's area.`, [{ param: field, reason: 'scope' }]);
  }
  return { ewkt: x.ewkt, county: x.county };
}

/** How far from a point a market's road may be: the seed's reach (market_stretch()). */
export const ROAD_REACH_M = 300;

/**
 * The stretch a market at a WGS84 point fills: its nearest non-expressway road within 300 m
 * (market_stretch(), as the seed and the import build it), or why there is none: the point lies
 * outside Liaocheng's counties, or no such road is near.
 */
export async function stretchAtPoint(db: pg.ClientBase, lon: number, lat: number): Promise<{ stretch: Stretch } | { problem: 'outside_liaocheng' | 'no_road'; reason: string }> {
  const r = await db.query<{ inside: boolean; g: Stretch | null }>(
    `SELECT EXISTS (SELECT 1 FROM jurisdictions WHERE level = 'county' AND ST_Intersects(geom, p)) AS inside,
            ST_AsGeoJSON(market_stretch(p, 1, $3), 9)::json AS g
     FROM (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS p) x`,
    [lon, lat, ROAD_REACH_M],
  );
  const where = `(${lon.toFixed(6)}, ${lat.toFixed(6)})`;
  if (!r.rows[0].inside) return { problem: 'outside_liaocheng', reason: `${where} lies outside Liaocheng's counties` };
  if (!r.rows[0].g) return { problem: 'no_road', reason: `no road (other than an expressway) within ${ROAD_REACH_M} m of ${where}` };
  return { stretch: r.rows[0].g };
}

import type pg from 'pg';
import { ApiError } from './api-error';
import { toWgs84, type InputCrs } from './china-crs';

/**
 * A point a user sent, as WGS84 lon/lat: converted from GCJ-02 or BD-09 if so declared, and
 * refused with a reason naming the field if it cannot be a WGS84 position (not a number,
 * projected metres, latitude first). Whether it lies in Liaocheng is locatePoint's question.
 */
export function wgs84Point(lon: number, lat: number, crs: InputCrs = 'wgs84'): [number, number] {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw ApiError.badParam(Number.isFinite(lon) ? 'lat' : 'lon', 'must be a number', 'not_a_number');
  // Liaocheng lies near 115.4–116.6 °E, 35.8–37.0 °N: swapped axes are a common slip.
  if (lon >= 35 && lon <= 38 && lat >= 114 && lat <= 117) {
    throw ApiError.badParam('lon', `(${lon}, ${lat}) looks like latitude, longitude; send longitude first`, 'swapped_axes');
  }
  if (Math.abs(lon) > 180 || Math.abs(lat) > 90) {
    throw ApiError.badParam(
      Math.abs(lon) > 180 ? 'lon' : 'lat',
      `(${lon}, ${lat}) is not a longitude/latitude: projected metres (such as EPSG:4498)? Send WGS84 degrees, or GCJ-02/BD-09 with crs`,
      'projected',
    );
  }
  return toWgs84(lon, lat, crs);
}

export interface PointPlace {
  county: string;
  township: string | null;
}

/** The county and (approximate) township containing the point, by PostGIS; 400 outside Liaocheng. */
export async function locatePoint(db: pg.Pool | pg.ClientBase, lon: number, lat: number): Promise<PointPlace> {
  const r = await db.query<PointPlace>(
    // One definition of where a point lies, shared with the accidents (point_area(), migration 0035).
    `SELECT county_code AS county, township_code AS township
     FROM point_area(ST_SetSRID(ST_MakePoint($1, $2), 4326)) WHERE county_code IS NOT NULL`,
    [lon, lat],
  );
  if (!r.rowCount) throw ApiError.badParam('lon', `(${lon.toFixed(6)}, ${lat.toFixed(6)}) lies outside Liaocheng's counties`, 'outside_liaocheng');
  return r.rows[0];
}

/** Whether the point lies in the jurisdiction `scopeCode` (by its polygon, PostGIS). */
export async function pointInScope(db: pg.Pool | pg.ClientBase, scopeCode: string, lon: number, lat: number): Promise<boolean> {
  const r = await db.query<{ inside: boolean }>(
    `SELECT ST_Intersects(geom, ST_SetSRID(ST_MakePoint($2, $3), 4326)) AS inside FROM jurisdictions WHERE code = $1`,
    [scopeCode, lon, lat],
  );
  return r.rows[0]?.inside ?? false;
}

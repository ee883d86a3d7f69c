import type pg from 'pg';
import { UNLIMITED, withTransaction } from './transaction';

// Accidents are re-projected by rebuild_road_routes(), which re-snaps them too.
const TABLES_WITH_METRIC_GEOMETRY = ['jurisdictions', 'villages', 'roads', 'hazards', 'schools', 'school_gates', 'markets'] as const;

/**
 * Makes the stored metric geometries follow METRIC_SRID. Changing the setting re-projects every
 * `geom_m` once, in one transaction, rather than per query.
 */
export async function applyMetricSrid(pool: pg.Pool, srid: number): Promise<{ changed: boolean }> {
  const known = await pool.query('SELECT 1 FROM spatial_ref_sys WHERE srid = $1', [srid]);
  if (known.rowCount === 0) throw new Error(`METRIC_SRID ${srid} is not a coordinate system PostGIS knows (spatial_ref_sys).`);
  const current = await pool.query<{ srid: number }>('SELECT metric_srid() AS srid');
  if (current.rows[0]?.srid === srid) return { changed: false };

  await withTransaction(pool, async (client) => {
    await client.query(`UPDATE app_settings SET value = $1 WHERE key = 'metric_srid'`, [String(srid)]);
    for (const table of TABLES_WITH_METRIC_GEOMETRY) {
      await client.query(`UPDATE ${table} SET geom = geom`); // the geom_m trigger re-projects
    }
    // Routes follow the roads; rebuilding them re-projects and re-snaps the accidents.
    await client.query('SELECT rebuild_road_routes()');
  }, UNLIMITED);
  return { changed: true };
}

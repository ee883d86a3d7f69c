import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError } from '../lib/api-error';
import type { AppDeps } from '../lib/app-deps';
import { cachedGeojson } from '../lib/geojson-response';
import { bboxParam, orderedDates } from '../lib/query-params';
import { sqlFile } from '../lib/sql-file';
import { withTimeLimit } from '../lib/time-limit';
import { validate } from '../lib/validate';
import { analysisFilters, intParam, resolveFilters } from './params';

const GRID_SQL = sqlFile(new URL('./grid.sql', import.meta.url));

const SQRT3 = Math.sqrt(3);
/** Widest band, in cells: about 1 450 neighbours a cell, already a regional rather than local statistic. */
const MAX_DISTANCE_CELLS = 20;
/**
 * Hexagons one request may lay: the whole city at 270 m, a county at 100 m. Whole-city 100 m cells
 * (≈ 335 000) held the embedded database for a minute; past this a larger cell or a smaller area
 * (county, township, box) is asked for.
 */
export const MAX_GRID_CELLS = 50_000;
/** Cell pairs within the band (cells × neighbours) one request may weigh. */
export const MAX_GRID_PAIRS = 2_000_000;

/** The study area (the box within the county, township or city), in m². */
const AREA_SQL = `
  SELECT ST_Area(CASE WHEN $2::float8[] IS NULL THEN a.geom_m
                      ELSE ST_Intersection(a.geom_m, ST_Transform(ST_MakeEnvelope(($2::float8[])[1], ($2::float8[])[2], ($2::float8[])[3], ($2::float8[])[4], 4326), metric_srid())) END) AS area
  FROM jurisdictions a
  WHERE a.code = coalesce($1::text, (SELECT code FROM jurisdictions WHERE level = 'city' ORDER BY code LIMIT 1))`;

function gridQuery(deps: AppDeps) {
  return z
    .object({
      ...analysisFilters,
      cell: intParam(100, 5000, ' m').default(500),
      distance: z.coerce.number({ message: 'must be a number of metres' }).optional(),
      // On by default: at α = 0.05 over ~2 700 cells, some 135 would come out "significant" by chance alone.
      fdr: z.enum(['true', 'false'], { message: 'must be true or false' }).default('true'),
      bbox: bboxParam(deps.extent).optional(),
      cells: z.enum(['nonzero', 'all'], { message: 'must be nonzero or all' }).default('nonzero'),
    })
    .superRefine(orderedDates)
    .superRefine((q, ctx) => {
      // The band must reach the six nearest centres (cell·√3 away), or some cell has no neighbour.
      if (q.distance === undefined) return;
      const min = q.cell * SQRT3;
      const max = q.cell * MAX_DISTANCE_CELLS;
      if (q.distance < min - 1e-9) {
        ctx.addIssue({
          code: 'custom',
          path: ['distance'],
          message: `must be at least ${(Math.ceil(min * 100) / 100).toFixed(2)} m (cell·√3, the distance to the nearest hexagon centres, for cell=${q.cell})`,
        });
      } else if (q.distance > max) {
        ctx.addIssue({ code: 'custom', path: ['distance'], message: `must be at most ${max} m (${MAX_DISTANCE_CELLS}·cell for cell=${q.cell})` });
      }
    });
}

/** GET /grid: Getis-Ord Gi* hot and cold spots on a hexagon grid (热点分析). */
export function gridRoute(deps: AppDeps) {
  return new Hono().get('/grid', validate('query', gridQuery(deps)), async (c) => {
    const q = c.req.valid('query');
    const f = await resolveFilters(deps, q);
    const distance = q.distance ?? 2 * q.cell;
    const args = [
      f.from,
      f.to,
      f.severity,
      f.night,
      f.areas,
      q.township ?? q.county ?? null,
      q.cell,
      distance,
      q.bbox ?? null,
      q.fdr === 'true',
      q.cells === 'all',
    ];
    // The size is checked only when the grid is computed: a cached one already passed.
    return cachedGeojson(c, deps, 'grid', args, async () => {
      await checkGridSize(deps, q.township ?? q.county ?? null, q.bbox ?? null, q.cell, distance);
      return (await withTimeLimit(deps.pool, (client) => client.query<{ fc: string }>(GRID_SQL, args), 'hot-spot grid', 'take larger cells or a smaller area')).rows[0].fc;
    });
  });
}

/** Refused before it starts: how many hexagons the area holds, and how many pairs the band joins. */
async function checkGridSize(deps: AppDeps, area: string | null, bbox: number[] | null, cell: number, distance: number) {
  const m2 = (await deps.pool.query<{ area: number }>(AREA_SQL, [area, bbox])).rows[0]?.area ?? 0;
  const hexagon = ((3 * SQRT3) / 2) * cell * cell;
  const cells = m2 / hexagon;
  const neighbours = (Math.PI * distance * distance) / hexagon;
  if (cells > MAX_GRID_CELLS) {
    throw ApiError.badParam('cell', `${cell} m cells over ${Math.round(m2 / 1e6)} km² make about ${Math.round(cells).toLocaleString('en')} hexagons; at most ${MAX_GRID_CELLS.toLocaleString('en')}: take larger cells, or a county, township or box`, 'too_many_cells');
  }
  if (cells * neighbours > MAX_GRID_PAIRS) {
    throw ApiError.badParam('distance', `a ${distance} m band over ${Math.round(cells).toLocaleString('en')} hexagons weighs about ${Math.round(cells * neighbours).toLocaleString('en')} pairs; at most ${MAX_GRID_PAIRS.toLocaleString('en')}: take a shorter band or a smaller area`, 'too_many_pairs');
  }
}

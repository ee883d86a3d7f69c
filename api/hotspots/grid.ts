import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../lib/app-deps';
import { geojson } from '../lib/geojson-response';
import { bboxParam, orderedDates } from '../lib/query-params';
import { sqlFile } from '../lib/sql-file';
import { validate } from '../lib/validate';
import { analysisFilters, intParam, resolveFilters } from './params';

const GRID_SQL = sqlFile(new URL('./grid.sql', import.meta.url));

const SQRT3 = Math.sqrt(3);
/** Widest band, in cells: about 1 450 neighbours a cell, already a regional rather than local statistic. */
const MAX_DISTANCE_CELLS = 20;

function gridQuery(deps: AppDeps) {
  return z
    .object({
      ...analysisFilters,
      cell: intParam(100, 5000, ' m').default(500),
      distance: z.coerce.number({ message: 'must be a number of metres' }).optional(),
      fdr: z.enum(['true', 'false'], { message: 'must be true or false' }).default('false'),
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
    const r = await deps.pool.query<{ fc: string }>(GRID_SQL, [
      f.from,
      f.to,
      f.severity,
      f.night,
      f.areas,
      q.township ?? q.county ?? null,
      q.cell,
      q.distance ?? 2 * q.cell,
      q.bbox ?? null,
      q.fdr === 'true',
      q.cells === 'all',
    ]);
    return geojson(c, r.rows[0].fc);
  });
}

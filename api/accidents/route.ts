import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError } from '../lib/api-error';
import type { AppDeps, BBox } from '../lib/app-deps';
import { geojson } from '../lib/geojson-response';
import { bboxParam, dateParam, listParam, orderedDates } from '../lib/query-params';
import { sqlFile } from '../lib/sql-file';
import { validate } from '../lib/validate';
import { idParam } from '../lib/values';
import { encodeAccidents, parseIntColumn } from './binary-encoding';

const FILTER = sqlFile(new URL('./filter.sql', import.meta.url));
const withFilter = (name: string) => sqlFile(new URL(name, import.meta.url)).replace('/*FILTER*/', FILTER);
const GEOJSON_SQL = withFilter('./list-geojson.sql');
const COLUMNS_SQL = withFilter('./list-columns.sql');
const GET_SQL = sqlFile(new URL('./get.sql', import.meta.url));
const IN_AREA_SQL = sqlFile(new URL('./in-area.sql', import.meta.url));

export const BINARY_ACCIDENTS_TYPE = 'application/vnd.changan.accidents';
export const SEVERITIES = ['fatal', 'injury', 'pdo'] as const;
/** GeoJSON is ~150 bytes an accident; past this the binary form is the only sane answer. */
export const GEOJSON_LIMIT = 250_000;

export function accidentsRoutes(deps: AppDeps) {
  const Query = z
    .object({
      bbox: bboxParam(deps.extent).optional(),
      from: dateParam.optional(),
      to: dateParam.optional(),
      severity: listParam(SEVERITIES).optional(),
      format: z.enum(['geojson', 'binary'], { message: 'must be geojson or binary' }).default('geojson'),
    })
    .superRefine(orderedDates);
  const Id = z.object({ id: idParam });
  const Area = z.object({ area: z.string().regex(/^\d{6,12}$/, 'a jurisdiction code (371500, 371524, 371524101)') });

  return new Hono()
    .get('/', validate('query', Query), async (c) => {
      const q = c.req.valid('query');
      const params = [...(q.bbox ?? [null, null, null, null]), q.from ?? null, q.to ?? null, q.severity ?? null];
      if (q.format === 'binary') {
        const box: BBox = q.bbox ?? deps.extent;
        const r = await deps.pool.query(COLUMNS_SQL, [...params, ...box]);
        const row = r.rows[0];
        const n = Number(row.n);
        const body = encodeAccidents({
          box,
          ids: parseIntColumn(row.ids, n),
          xs: parseIntColumn(row.xs, n),
          ys: parseIntColumn(row.ys, n),
          days: parseIntColumn(row.days, n),
          hours: parseIntColumn(row.hours, n),
          flags: parseIntColumn(row.flags, n),
        });
        return c.body(body as Uint8Array<ArrayBuffer>, 200, {
          'content-type': BINARY_ACCIDENTS_TYPE,
          'x-accident-count': String(n),
        });
      }
      // Count no further than the limit: enough to refuse before building a huge document.
      const count = await deps.pool.query<{ n: number }>(
        `SELECT count(*) AS n FROM (SELECT 1 FROM accidents a WHERE ${FILTER} LIMIT ${GEOJSON_LIMIT + 1}) m`,
        params,
      );
      if (count.rows[0].n > GEOJSON_LIMIT) {
        throw new ApiError(
          'bad_request',
          `More than ${GEOJSON_LIMIT} accidents match: too many for GeoJSON. Use format=binary, a smaller bbox or a shorter time range.`,
          [{ param: 'format', reason: `GeoJSON is limited to ${GEOJSON_LIMIT} features` }],
        );
      }
      const r = await deps.pool.query<{ fc: string }>(GEOJSON_SQL, params);
      return geojson(c, r.rows[0].fc);
    })
    // The accidents of one county or township, as the dashboard counts them: a map opened from a
    // dashboard number (`/map?area=`) shows these alone. Ascending ids, 32-bit little-endian.
    .get('/in-area', validate('query', Area), async (c) => {
      const { area } = c.req.valid('query');
      const known = await deps.pool.query('SELECT 1 FROM jurisdictions WHERE code = $1', [area]);
      if (!known.rowCount) throw ApiError.badParam('area', `no county or township has the code ${area}`, 'unknown');
      const row = (await deps.pool.query<{ ids: string; n: number }>(IN_AREA_SQL, [area])).rows[0];
      const ids = Uint32Array.from(parseIntColumn(row.ids, row.n));
      return c.body(new Uint8Array(ids.buffer), 200, { 'content-type': 'application/octet-stream', 'x-accident-count': String(row.n) });
    })
    .get('/:id', validate('param', Id), async (c) => {
      const { id } = c.req.valid('param');
      const r = await deps.pool.query(GET_SQL, [id]);
      if (r.rowCount === 0) throw new ApiError('not_found', `Accident ${id} does not exist`, [{ param: 'id', reason: 'not found' }]);
      return c.json(r.rows[0]);
    });
}

import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError } from '../lib/api-error';
import type { AppDeps } from '../lib/app-deps';
import { geojson } from '../lib/geojson-response';
import { dateParam, listParam, orderedDates } from '../lib/query-params';
import { sqlFile } from '../lib/sql-file';
import { validate } from '../lib/validate';
import { SEVERITIES } from '../accidents/route';

const CLUSTERS_SQL = sqlFile(new URL('./clusters.sql', import.meta.url));

const int = (min: number, max: number, unit = '') =>
  z.coerce
    .number({ message: 'must be a number' })
    .int(`must be a whole number${unit}`)
    .min(min, `must be at least ${min}${unit}`)
    .max(max, `must be at most ${max}${unit}`);

const ClustersQuery = z
  .object({
    from: dateParam.optional(),
    to: dateParam.optional(),
    eps: int(5, 1000, ' m').default(50),
    minPoints: int(2, 1000).default(5),
    severity: listParam(SEVERITIES).optional(),
    night: z.enum(['true', 'false'], { message: 'must be true or false' }).optional(),
    county: z.string().regex(/^\d{6}$/, 'must be a 6-digit county code, e.g. 371524').optional(),
    township: z.string().regex(/^\d{9}$/, 'must be a 9-digit township code').optional(),
  })
  .superRefine(orderedDates);

/** Local date (UTC+8) of the newest accident: the default end of an analysis window. */
async function latestAccidentDate(deps: AppDeps): Promise<string> {
  const r = await deps.pool.query<{ d: string | null }>(
    `SELECT (max(occurred_at) AT TIME ZONE 'Asia/Shanghai')::date::text AS d FROM accidents`,
  );
  return r.rows[0].d ?? new Date().toISOString().slice(0, 10);
}

function minusOneYearPlusDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function hotspotsRoutes(deps: AppDeps) {
  return new Hono().get('/clusters', validate('query', ClustersQuery), async (c) => {
    const q = c.req.valid('query');
    const areas = [q.county, q.township].filter((x): x is string => Boolean(x));
    if (areas.length) {
      const known = await deps.pool.query<{ code: string }>('SELECT code FROM jurisdictions WHERE code = ANY ($1)', [areas]);
      const missing = areas.find((code) => !known.rows.some((r) => r.code === code));
      if (missing) {
        const param = missing === q.county ? 'county' : 'township';
        throw ApiError.badParam(param, `no ${param} with code ${missing} in Liaocheng`);
      }
    }
    // Without dates: the last twelve months of data.
    const to = q.to ?? (await latestAccidentDate(deps));
    const from = q.from ?? minusOneYearPlusDay(to);
    if (from > to) throw ApiError.badParam('from', `from (${from}) is after to (${to})`);
    const w = deps.env.EPDO_WEIGHTS;
    const r = await deps.pool.query<{ fc: string }>(CLUSTERS_SQL, [
      from, to, q.eps, q.minPoints, q.severity ?? null, q.night === undefined ? null : q.night === 'true',
      areas.length ? areas : null, w.fatal, w.injury, w.pdo,
    ]);
    return geojson(c, r.rows[0].fc);
  });
}

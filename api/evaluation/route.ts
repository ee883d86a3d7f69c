import { Hono } from 'hono';
import { z } from 'zod';
import { chinaToday } from '@shared/calendar/day-number';
import { LIGHT_PROGRAMMES } from '@shared/lights/light-terms';
import { currentUser, type AuthEnv } from '../auth/middleware';
import { HAZARD_TYPES, visibleTo } from '../hazards/store';
import { ApiError } from '../lib/api-error';
import type { AppDeps } from '../lib/app-deps';
import { INPUT_CRS } from '../lib/china-crs';
import { locatePoint, wgs84Point } from '../lib/point-input';
import { areaFilters, resolveArea } from '../lib/area-filters';
import { dateParam } from '../lib/query-params';
import { validate } from '../lib/validate';
import { lightRadius } from '../lights/store';
import { idParam } from '../lib/values';
import { evaluate, MAX_YEARS, type EvaluationOptions, type TreatedSite } from './evaluate';

/** Sites one evaluation takes at most (a programme of a few hundred lights, a year of closed hazards). */
export const MAX_SITES = 2000;
/** Metres around a closed hazard or a site given by hand whose crashes are its own, unless asked. */
export const HAZARD_RADIUS_M = 100;

const oneOf = (values: readonly string[]) => ({ message: `one of ${values.join(', ')}` });
const number = (what: string) => z.coerce.number({ message: `must be ${what}` }).refine(Number.isFinite, `must be ${what}`);

const Query = z.object({
  kind: z.enum(['lights', 'light', 'hazards', 'hazard', 'site'], oneOf(['lights', 'light', 'hazards', 'hazard', 'site'])),
  id: idParam.optional(),
  programme: z.enum(LIGHT_PROGRAMMES, oneOf(LIGHT_PROGRAMMES)).optional(),
  type: z.enum(HAZARD_TYPES, oneOf(HAZARD_TYPES)).optional(),
  closedYear: z.coerce.number({ message: 'must be a year' }).int('must be a whole year').min(2000, 'must be 2000 or later').max(2100, 'must be 2100 or earlier').optional(),
  county: areaFilters.county,
  brigade: areaFilters.brigade,
  lon: number('a longitude').optional(),
  lat: number('a latitude').optional(),
  crs: z.enum(INPUT_CRS, oneOf(INPUT_CRS)).default('wgs84'),
  date: dateParam.refine((d) => d <= chinaToday(), { message: 'is in the future', params: { rule: 'future_date' } }).optional(),
  target: z.enum(['night', 'all'], oneOf(['night', 'all'])).optional(),
  years: z.coerce.number({ message: 'must be a number of years' }).int('must be a whole number of years').min(1, 'must be at least 1').max(MAX_YEARS, `must be at most ${MAX_YEARS}`).optional(),
  radius: number('a number of metres').pipe(z.number().min(10, 'must be at least 10 m').max(1000, 'must be at most 1000 m')).optional(),
});
type Query = z.infer<typeof Query>;

const need = (q: Query, ...keys: (keyof Query)[]) => {
  for (const k of keys) if (q[k] === undefined) throw ApiError.badParam(k, `is required for kind=${q.kind}`, 'required');
};

/**
 * GET /api/evaluation: did a treatment work? Before/after with naive, comparison-group and
 * Empirical Bayes estimates side by side (evaluate.ts), for
 * - kind=lights: a programme's lights (programme, county), those within twice the radius of one
 *   another one site (the lights along one stretch), put up on the first one's day;
 * - kind=light&id: one light;
 * - kind=hazards: the hazards closed as rectified (type, closedYear, county) that the user may read;
 * - kind=hazard&id: one closed hazard (its card's 整改效果);
 * - kind=site&lon&lat&date: a place and the day something was done there, given by hand.
 * Lights count night crashes (and compare with the day's); everything else all crashes.
 */
export function evaluationRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>().get('/', validate('query', Query), async (c) => {
    const q = c.req.valid('query');
    let sites: TreatedSite[];
    let options: Omit<EvaluationOptions, 'years'>;
    let about: Record<string, unknown> = { kind: q.kind };
    if (q.kind === 'lights' || q.kind === 'light') {
      if (q.kind === 'light') need(q, 'id');
      const f = await resolveArea(deps.pool, q);
      const radius = q.radius ?? (await lightRadius(deps.pool));
      const r = await deps.pool.query<{ key: string; geometry: TreatedSite['geometry']; date: string; label: string | null; ids: number[] }>(
        `SELECT 'light:' || min(id) AS key, ST_AsGeoJSON(ST_Collect(geom ORDER BY id), 7)::json AS geometry, min(installed_on)::text AS date,
                min(name) AS label, array_agg(id ORDER BY id) AS ids
         FROM (SELECT l.*, CASE WHEN $1::int IS NULL THEN ST_ClusterDBSCAN(l.geom_m, eps := $4 * 2, minpoints := 1) OVER () ELSE 0 END AS cid
               FROM lights l
               WHERE l.installed_on IS NOT NULL AND l.status <> 'planned'
                 AND ($1::int IS NULL OR l.id = $1) AND ($2::text IS NULL OR l.programme = $2) AND ($3::text IS NULL OR l.county_code = $3)) x
         GROUP BY cid ORDER BY min(id)`,
        [q.kind === 'light' ? q.id : null, q.programme ?? null, f.county, radius],
      );
      if (q.kind === 'light' && !r.rowCount) {
        const exists = await deps.pool.query(`SELECT status FROM lights WHERE id = $1`, [q.id]);
        if (!exists.rowCount) throw new ApiError('not_found', `No light ${q.id}`);
        throw ApiError.badParam('id', `light ${q.id} is not up yet (planned): nothing to evaluate`, 'not_installed');
      }
      sites = r.rows.map((x) => ({ key: x.key, geometry: x.geometry, date: x.date, label: x.label ?? undefined, lights: x.ids }));
      options = { radius, target: q.target ?? 'night', comparison: 'dark_unlit_roads' };
      about = { ...about, programme: q.programme ?? null, county: f.county, id: q.id ?? null };
    } else if (q.kind === 'hazards' || q.kind === 'hazard') {
      const user = currentUser(c, 'officer', 'leader', 'admin', 'liaison');
      if (q.kind === 'hazard') need(q, 'id');
      const f = await resolveArea(deps.pool, q);
      const v = visibleTo(user, 5);
      const r = await deps.pool.query<{ key: string; geometry: TreatedSite['geometry']; date: string; label: string; status: string; resolution: string | null }>(
        `SELECT 'hazard:' || h.id AS key, ST_AsGeoJSON(h.geom, 7)::json AS geometry, (h.closed_at AT TIME ZONE 'Asia/Shanghai')::date::text AS date,
                h.number AS label, h.status, h.resolution
         FROM hazards h
         WHERE ($1::int IS NULL OR h.id = $1) AND ($2::text IS NULL OR h.type = $2) AND ($3::text IS NULL OR h.county_code = $3)
           AND ($4::int IS NULL OR extract(year FROM h.closed_at AT TIME ZONE 'Asia/Shanghai') = $4)
           AND (h.status = 'closed' OR $1::int IS NOT NULL) AND ${v.sql}
         ORDER BY h.id`,
        [q.kind === 'hazard' ? q.id : null, q.type ?? null, f.county, q.closedYear ?? null, ...v.params],
      );
      if (q.kind === 'hazard') {
        const h = r.rows[0];
        if (!h) throw new ApiError('not_found', `No hazard ${q.id}`);
        if (h.status !== 'closed') throw ApiError.badParam('id', `hazard ${h.label} is not closed yet (${h.status}): nothing to evaluate`, 'not_closed');
        if (h.resolution !== 'rectified') throw ApiError.badParam('id', `hazard ${h.label} was closed as ${h.resolution}, not rectified: nothing was done there`, 'not_rectified');
      }
      sites = r.rows.filter((h) => h.resolution === 'rectified').map((h) => ({ key: h.key, geometry: h.geometry, date: h.date, label: h.label }));
      options = { radius: q.radius ?? HAZARD_RADIUS_M, target: q.target ?? 'all', comparison: 'county' };
      about = { ...about, type: q.type ?? null, closedYear: q.closedYear ?? null, county: f.county, id: q.id ?? null };
    } else {
      need(q, 'lon', 'lat', 'date');
      const [lon, lat] = wgs84Point(q.lon!, q.lat!, q.crs);
      await locatePoint(deps.pool, lon, lat);
      sites = [{ key: 'site', geometry: { type: 'Point', coordinates: [lon, lat] }, date: q.date! }];
      options = { radius: q.radius ?? HAZARD_RADIUS_M, target: q.target ?? 'all', comparison: 'county' };
      about = { ...about, lon, lat, date: q.date };
    }
    if (sites.length > MAX_SITES) throw ApiError.badParam('kind', `${sites.length} sites: at most ${MAX_SITES} per evaluation; narrow it by county, type or year`, 'too_many');
    const result = await evaluate(deps.pool, sites, { ...options, years: q.years ?? null });
    return c.json({ ...about, ...result });
  });
}

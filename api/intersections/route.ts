import { Hono } from 'hono';
import { z } from 'zod';
import { currentUser, type AuthEnv } from '../auth/middleware';
import { withTransaction } from '../db/transaction';
import { ApiError } from '../lib/api-error';
import type { AppDeps } from '../lib/app-deps';
import { cachedGeojson } from '../lib/geojson-response';
import { REBUILD_TIME_LIMIT_MS } from '../lib/time-limit';
import { jobProgress } from '../lib/request-context';
import { answerOrJob } from '../jobs/jobs';
import { bboxParam, listParam } from '../lib/query-params';
import { validate } from '../lib/validate';
import { idParam } from '../lib/values';
import { OBSTACLE_FEATURE } from '../obstacles/obstacle-store';
import { analyseSight, buildNetwork, lockSightAnalysis, recordRun, setDesignSpeedDefaults } from './analysis';
import { ROAD_CLASSES } from '@shared/roads/road-classes';

export const SEVERITIES = ['severe', 'moderate', 'minor'] as const;

/** One intersection's summary as the API shows it, from `intersections i` joined to its county `c` and township `t`. */
const INTERSECTION_PROPS = `json_build_object(
  'id', i.id, 'kind', i.kind, 'legs', i.legs,
  'county', json_build_object('code', c.code, 'name', c.name, 'nameEn', c.name_en),
  'township', CASE WHEN t.code IS NULL THEN NULL ELSE json_build_object('code', t.code, 'name', t.name, 'nameEn', t.name_en) END,
  'deficient', i.deficient, 'severity', i.severity, 'method', i.method,
  'required', i.worst_required, 'available', i.worst_available, 'shortfall', i.worst_shortfall,
  'obstructedShare', i.obstructed_share, 'analysedAt', i.analysed_at, 'score', i.score, 'crashes', i.crashes,
  'roads', (SELECT coalesce(json_agg(DISTINCT a.road_name ORDER BY a.road_name), '[]') FROM approaches a
            WHERE a.intersection_id = i.id AND a.road_name IS NOT NULL))`;

/**
 * Why an intersection has its severity (migration 0038_sight_grades.sql): each factor's value and
 * points as graded, the score and the scores the grades start at; null when not graded.
 */
const GRADE = `CASE WHEN i.score IS NULL THEN NULL ELSE jsonb_build_object(
  'score', i.score, 'severeAt', g.severe_at, 'moderateAt', g.moderate_at,
  'share', round(i.worst_shortfall / nullif(i.worst_required, 0), 4)::float8,
  'sharePoints', sight_points('shortfall_share', i.worst_shortfall / nullif(i.worst_required, 0)),
  'hiddenSpeed', i.hidden_speed, 'speedPoints', sight_points('hidden_speed', i.hidden_speed),
  'crashes', i.crashes, 'casualtyCrashes', i.casualty_crashes,
  'crashPoints', sight_points('crashes', i.crashes) + sight_points('casualty_crashes', i.casualty_crashes)) END`;

/**
 * The accidents within the grade's radius of the intersection (metric CRS, its index) in the grade's
 * window (the years up to the newest accident on record), newest first, with how far they are.
 */
const NEAR_ACCIDENTS = `(SELECT coalesce(jsonb_agg(jsonb_build_object(
    'id', a.id, 'externalId', a.external_id, 'occurredAt', a.occurred_at, 'severity', a.severity,
    'deaths', a.deaths, 'injuries', a.injuries, 'distance', round(ST_Distance(a.geom_m, i.geom_m)::numeric, 1)
  ) ORDER BY a.occurred_at DESC, a.id), '[]')
  FROM accidents a
  WHERE ST_DWithin(a.geom_m, i.geom_m, g.crash_radius) AND a.occurred_at > clock.last - make_interval(years => g.crash_years))`;

/** What the intersection list reads: a re-analysis (obstacles drawn, settings changed) writes intersections and approaches. */
const SIGHT_LIST_TABLES = ['approaches', 'intersections', 'jurisdictions'];

const INTERSECTION_JOINS = `
  LEFT JOIN jurisdictions c ON c.code = i.county_code
  LEFT JOIN jurisdictions t ON t.code = i.township_code`;

function listQuery(deps: AppDeps) {
  return z.object({
    bbox: bboxParam(deps.extent).optional(),
    deficient: z.enum(['true', 'false']).optional(),
    severity: listParam(SEVERITIES).optional(),
    county: z.string().regex(/^\d{6}$/, 'must be a 6-digit county code').optional(),
    /** The brigade (大队) by its county's code: the same as `county`, by the name the brigades use. */
    brigade: z.string().regex(/^\d{6}$/, 'must be the 6-digit code of the brigade’s county').optional(),
    township: z.string().regex(/^\d{9}$/, 'must be a 9-digit township code').optional(),
    limit: z.coerce.number().int().min(1).max(20000).optional(),
  });
}

const AnalyseBody = z.object({
  /** ssd: stopping sight distance (JTG D20 / CJJ 37); isd: AASHTO case B, 0.278 · V · gapSeconds. */
  method: z.enum(['ssd', 'isd']).optional(),
  gapSeconds: z.number().min(1).max(20).optional(),
  /** Default design speeds (km/h) by road class, for roads without their own. */
  designSpeeds: z.partialRecord(z.enum(ROAD_CLASSES), z.number().int().min(5).max(140)).optional(),
  /** Rebuild the intersections from the roads first (after a network import). */
  rebuild: z.boolean().default(false),
});

/** /api/intersections: the sight-line analysis' results, read from the stored tables. */
export function intersectionsRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .get('/', validate('query', listQuery(deps)), async (c) => {
      const q = c.req.valid('query');
      const params: unknown[] = [];
      const where = ['true'];
      const add = (sql: (n: number) => string, value: unknown) => {
        params.push(value);
        where.push(sql(params.length));
      };
      if (q.deficient) where.push(`coalesce(i.deficient, false) = ${q.deficient === 'true'}`);
      if (q.severity) add((n) => `i.severity = ANY ($${n})`, q.severity);
      for (const county of [q.county, q.brigade]) if (county) add((n) => `i.county_code = $${n}`, county);
      if (q.township) add((n) => `i.township_code = $${n}`, q.township);
      if (q.bbox) add((n) => `i.geom && ST_MakeEnvelope(($${n}::float8[])[1], ($${n}::float8[])[2], ($${n}::float8[])[3], ($${n}::float8[])[4], 4326)`, q.bbox);
      params.push(q.limit ?? 20000);
      // The worst grade first (highest score), then the largest shortfall.
      // Text from PostGIS to the client, never parsed here (7 000 intersections are megabytes of
      // JSON that blocked the event loop twice a request), and cached until the analysis changes.
      const sql = `SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
                  'type', 'Feature', 'id', x.id,
                  'geometry', json_build_object('type', 'Point', 'coordinates', json_build_array(round(ST_X(x.geom)::numeric, 7), round(ST_Y(x.geom)::numeric, 7))),
                  'properties', x.props) ORDER BY x.score DESC NULLS LAST, x.shortfall DESC NULLS LAST, x.id), '[]'))::text AS fc
         FROM (SELECT i.id, i.geom, i.score, i.worst_shortfall AS shortfall, ${INTERSECTION_PROPS} AS props
               FROM intersections i ${INTERSECTION_JOINS}
               WHERE ${where.join(' AND ')}
               ORDER BY i.score DESC NULLS LAST, i.worst_shortfall DESC NULLS LAST, i.id LIMIT $${params.length}) x`;
      return cachedGeojson(c, deps, `intersections|${sql}`, params, async () => (await deps.pool.query<{ fc: string }>(sql, params)).rows[0].fc, SIGHT_LIST_TABLES);
    })

    .get('/:id{[0-9]+}', validate('param', z.object({ id: idParam })), async (c) => {
      const { id } = c.req.valid('param');
      const r = await deps.pool.query<{ j: Record<string, unknown> }>(
        `SELECT ${INTERSECTION_PROPS}::jsonb || jsonb_build_object(
                  'lon', round(ST_X(i.geom)::numeric, 7), 'lat', round(ST_Y(i.geom)::numeric, 7),
                  'approaches', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                      'leg', a.leg, 'roadId', a.road_id, 'roadName', a.road_name, 'roadClass', a.road_class,
                      'bearing', a.bearing, 'designSpeed', a.design_speed, 'standard', a.standard,
                      -- What this approach needs, and the least any driver on a neighbouring approach sees of it.
                      'required', (SELECT max(CASE WHEN s.leg_a = a.leg THEN s.required_a ELSE s.required_b END) FROM sight_triangles s
                                   WHERE s.intersection_id = i.id AND a.leg IN (s.leg_a, s.leg_b)),
                      'available', (SELECT min(CASE WHEN s.leg_a = a.leg THEN s.available_a ELSE s.available_b END) FROM sight_triangles s
                                    WHERE s.intersection_id = i.id AND a.leg IN (s.leg_a, s.leg_b))
                    ) ORDER BY a.leg), '[]') FROM approaches a WHERE a.intersection_id = i.id),
                  'triangles', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                      'legA', s.leg_a, 'legB', s.leg_b, 'requiredA', s.required_a, 'requiredB', s.required_b,
                      'availableA', s.available_a, 'availableB', s.available_b, 'area', s.area,
                      'obstructedShare', s.obstructed_share, 'obstacleIds', s.obstacle_ids,
                      'geometry', ST_AsGeoJSON(s.geom, 7)::jsonb, 'cut', ST_AsGeoJSON(s.cut, 7)::jsonb
                    ) ORDER BY s.leg_a), '[]') FROM sight_triangles s WHERE s.intersection_id = i.id),
                  'obstacles', (SELECT coalesce(jsonb_agg(${OBSTACLE_FEATURE} ORDER BY o.id), '[]')
                                FROM obstacles o WHERE o.id IN (SELECT unnest(s.obstacle_ids) FROM sight_triangles s WHERE s.intersection_id = i.id)),
                  'grade', ${GRADE},
                  'crashWindow', jsonb_build_object('from', w.from_day, 'to', w.to_day, 'radius', g.crash_radius::float8, 'years', g.crash_years),
                  'accidents', ${NEAR_ACCIDENTS}
                ) AS j
         FROM intersections i ${INTERSECTION_JOINS}
         CROSS JOIN (SELECT * FROM sight_grading LIMIT 1) g
         CROSS JOIN LATERAL (SELECT max(occurred_at) AS last FROM accidents) clock
         CROSS JOIN LATERAL (SELECT ((clock.last - make_interval(years => g.crash_years)) AT TIME ZONE 'Asia/Shanghai')::date::text AS from_day,
                                    (clock.last AT TIME ZONE 'Asia/Shanghai')::date::text AS to_day) w
         WHERE i.id = $1`,
        [id],
      );
      if (!r.rowCount) throw new ApiError('not_found', `No intersection ${id}`);
      return c.json(r.rows[0].j);
    })

    .post('/analyse', validate('json', AnalyseBody), async (c) => {
      const user = currentUser(c, 'admin');
      const b = c.req.valid('json');
      // The whole city, many seconds: with Prefer: respond-async a job the client follows.
      return answerOrJob(c, deps.pool, 'analyse:sight-lines', user.id, async () => {
        const started = Date.now();
        const summary = await withTransaction(deps.pool, async (client) => {
          // Before any write (settings, speeds, the network): every analysis takes its locks in one order.
          await lockSightAnalysis(client);
          if (b.method !== undefined || b.gapSeconds !== undefined) {
            await client.query(`UPDATE sight_settings SET method = coalesce($1, method), gap_seconds = coalesce($2, gap_seconds)`, [b.method ?? null, b.gapSeconds ?? null]);
          }
          if (b.designSpeeds) await setDesignSpeedDefaults(client, b.designSpeeds);
          jobProgress(0, 2);
          if (b.rebuild) await buildNetwork(client);
          jobProgress(1, 2);
          const result = await analyseSight(client);
          await recordRun(client, Date.now() - started, user.id);
          return result;
        }, { statementTimeoutMs: REBUILD_TIME_LIMIT_MS });
        return { ...summary, ...(await readSettings(deps)), ms: Date.now() - started, by: user.username };
      });
    })

    .get('/settings', async (c) => c.json(await readSettings(deps)));
}

/**
 * How the analysis measures (method, gap, eye height), the default design speeds by class (from
 * expressway down to urban street) with how many roads rely on each, and the latest whole-city runs, newest first.
 */
async function readSettings(deps: AppDeps) {
  const r = await deps.pool.query(
    `SELECT json_build_object('method', s.method, 'gapSeconds', s.gap_seconds::float8, 'eyeHeight', s.eye_height::float8) AS settings,
            (SELECT coalesce(json_agg(json_build_object('class', d.class, 'speed', d.speed,
                      'roads', (SELECT count(*) FROM roads r WHERE r.class = d.class AND r.design_speed IS NULL))
                      ORDER BY array_position($1::text[], d.class), d.class), '[]')
             FROM design_speed_defaults d) AS "designSpeeds",
            (SELECT coalesce(json_agg(x ORDER BY x.id DESC), '[]') FROM (
               SELECT r.id, r.method, r.gap_seconds::float8 AS "gapSeconds", r.intersections, r.deficient, r.severe,
                      r.moderate, r.minor, r.ms, r.run_at AS "runAt", u.display_name AS "runBy"
               FROM sight_runs r LEFT JOIN users u ON u.id = r.run_by ORDER BY r.id DESC LIMIT 12) x) AS runs
     FROM sight_settings s`,
    [ROAD_CLASSES],
  );
  return r.rows[0] as { settings: { method: 'ssd' | 'isd'; gapSeconds: number; eyeHeight: number }; designSpeeds: unknown[]; runs: unknown[] };
}

import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { chinaToday } from '@shared/calendar/day-number';
import { LIGHT_PROGRAMMES, LIGHT_STATUSES } from '@shared/lights/light-terms';
import { currentUser, type AuthEnv } from '../auth/middleware';
import { withTransaction } from '../db/transaction';
import { analysisWindow } from '../lib/analysis-window';
import { areaFilters, resolveArea } from '../lib/area-filters';
import { ApiError } from '../lib/api-error';
import type { AppDeps } from '../lib/app-deps';
import { geojson } from '../lib/geojson-response';
import { dateParam, listParam } from '../lib/query-params';
import { validate } from '../lib/validate';
import { idParam } from '../lib/values';
import { findLightCandidates } from './candidates';
import { lightImportRoutes } from './import';
import { CreateLightBody, MAX_BODY_BYTES, PatchLightBody, StatusBody } from './schemas';
import { addLightEvent, changeLightStatus, createLight, lightForWrite, lightJson, lightPoint, lightRadius, lightsGeoJson, WRITERS } from './store';

/** The candidates' window when none is given: three years ending at the newest accident. */
export const CANDIDATE_YEARS = 3;

const area = areaFilters;
const ListQuery = z.object({ ...area, programme: listParam(LIGHT_PROGRAMMES).optional(), status: listParam(LIGHT_STATUSES).optional() });

const CandidatesQuery = z.object({
  ...area,
  from: dateParam.optional(),
  to: dateParam.optional(),
  radius: z.coerce.number({ message: 'must be a number of metres' }).refine(Number.isFinite, 'must be a number of metres').min(10, 'must be at least 10 m').max(1000, 'must be at most 1000 m').optional(),
  eps: z.coerce.number({ message: 'must be a number of metres' }).int('must be a whole number of metres').min(20, 'must be at least 20 m').max(500, 'must be at most 500 m').default(100),
  minPoints: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(2, 'must be at least 2').max(100, 'must be at most 100').default(3),
  limit: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(1000, 'must be at most 1000').default(100),
});

const IdParam = z.object({ id: idParam });

/** A JSON body larger than a light can be is refused before it is parsed. */
const limit = () =>
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ApiError('payload_too_large', `A light write may be at most ${MAX_BODY_BYTES / 1024} kB of JSON.`, [{ param: 'body', reason: `larger than ${MAX_BODY_BYTES / 1024} kB` }]);
    },
  });

/**
 * /api/lights: lights put up at dark places (第一盏灯, 千路万盏 …), where the next one should go,
 * and the writes (as the ledger's: officers inside their brigade and admins; versions; events).
 */
export function lightsRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .route('/', lightImportRoutes(deps))
    .get('/', validate('query', ListQuery), async (c) => {
      const q = c.req.valid('query');
      const f = await resolveArea(deps.pool, q);
      return geojson(c, await lightsGeoJson(deps.pool, { county: f.county, township: f.township, programmes: q.programme ?? null, statuses: q.status ?? null }));
    })

    .get('/candidates', validate('query', CandidatesQuery), async (c) => {
      const q = c.req.valid('query');
      const f = await resolveArea(deps.pool, q);
      const w = await analysisWindow(deps.pool, q, CANDIDATE_YEARS, { calendar: false });
      const radius = q.radius ?? (await lightRadius(deps.pool));
      const started = Date.now();
      const { total, candidates } = await findLightCandidates(deps.pool, {
        from: w.from, to: w.to, radius, eps: q.eps, minPoints: q.minPoints, county: f.county, township: f.township, weights: deps.env.EPDO_WEIGHTS, limit: q.limit,
      });
      return c.json({
        from: w.from, to: w.to, params: { radius, eps: q.eps, minPoints: q.minPoints, county: f.county, township: f.township },
        epdoWeights: deps.env.EPDO_WEIGHTS, total, limit: q.limit, ms: Date.now() - started, candidates,
      });
    })

    .get('/:id{[0-9]+}', validate('param', IdParam), async (c) => {
      const { id } = c.req.valid('param');
      const light = await lightJson(deps.pool, id);
      if (!light) throw new ApiError('not_found', `No light ${id}`);
      const events = await deps.pool.query(
        `SELECT e.id, e.at, e.action, e.note, e.data, u.display_name AS actor
         FROM light_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.light_id = $1 ORDER BY e.id`,
        [id],
      );
      return c.json({ ...light, events: events.rows });
    })

    .post('/', limit(), validate('json', CreateLightBody), async (c) => {
      const user = currentUser(c, ...WRITERS);
      const b = c.req.valid('json');
      const light = await withTransaction(deps.pool, async (client) => lightJson(client, await createLight(client, user, b)));
      return c.json(light, 201);
    })

    .patch('/:id{[0-9]+}', limit(), validate('param', IdParam), validate('json', PatchLightBody), async (c) => {
      const user = currentUser(c, ...WRITERS);
      const { id } = c.req.valid('param');
      const b = c.req.valid('json');
      const light = await withTransaction(deps.pool, async (client) => {
        const l = await lightForWrite(client, user, id, b.version);
        const at = b.lon !== undefined ? await lightPoint(client, user, b.lon, b.lat!, b.crs) : null;
        if (b.installedOn !== undefined && l.status !== 'planned' && b.installedOn > chinaToday()) {
          throw ApiError.badParam('installedOn', `is in the future (${b.installedOn}): a light not yet up is status planned`, 'future_date');
        }
        if (b.installedOn !== undefined && l.status_on && b.installedOn > l.status_on) {
          throw ApiError.badParam('installedOn', `is after the light became ${l.status} (${l.status_on})`, 'after_status');
        }
        const was = await lightJson(client, id);
        await client.query(
          `UPDATE lights SET type = coalesce($2, type), programme = coalesce($3, programme),
             name = CASE WHEN $4::boolean THEN $5 ELSE name END,
             geom = CASE WHEN $6::float8 IS NULL THEN geom ELSE ST_SetSRID(ST_MakePoint($6, $7), 4326) END,
             installed_on = coalesce($8::date, installed_on),
             installed_by = CASE WHEN $9::boolean THEN $10 ELSE installed_by END,
             cost = CASE WHEN $11::boolean THEN $12::numeric ELSE cost END,
             source = coalesce($13, source), version = version + 1, updated_at = now()
           WHERE id = $1`,
          [id, b.type ?? null, b.programme ?? null, b.name !== undefined, b.name ?? null, at?.[0] ?? null, at?.[1] ?? null, b.installedOn ?? null,
           b.installedBy !== undefined, b.installedBy ?? null, b.cost !== undefined, b.cost ?? null, b.source ?? null],
        );
        const now = (await lightJson(client, id))!;
        const keys = ['type', 'programme', 'name', 'lon', 'lat', 'installedOn', 'installedBy', 'cost', 'source'].filter((k) => JSON.stringify(now[k]) !== JSON.stringify(was![k]));
        await addLightEvent(client, {
          lightId: id, actorId: user.id, action: 'update', note: b.note,
          data: { changed: Object.fromEntries(keys.map((k) => [k, now[k]])), was: Object.fromEntries(keys.map((k) => [k, was![k]])) },
        });
        return now;
      });
      return c.json(light);
    })

    .post('/:id{[0-9]+}/status', limit(), validate('param', IdParam), validate('json', StatusBody), async (c) => {
      const user = currentUser(c, ...WRITERS);
      const { id } = c.req.valid('param');
      const b = c.req.valid('json');
      const light = await withTransaction(deps.pool, async (client) => {
        const l = await lightForWrite(client, user, id, b.version);
        await changeLightStatus(client, user.id, l, b);
        return lightJson(client, id);
      });
      return c.json(light);
    });
}

import { Hono } from 'hono';
import type pg from 'pg';
import { z } from 'zod';
import type { SessionUser } from '../auth/accounts';
import { currentUser, type AuthEnv } from '../auth/middleware';
import { withTransaction } from '../db/transaction';
import { ApiError } from '../lib/api-error';
import type { AppDeps } from '../lib/app-deps';
import { bboxParam } from '../lib/query-params';
import { validate } from '../lib/validate';
import { idParam } from '../lib/values';
import { answer, checkedPolygon, CreateBody, Fields, OBSTACLE_FEATURE } from './obstacle-store';
import { obstacleImportRoutes } from './import';

const IdParam = z.object({ id: idParam });

const PatchBody = z.object({
  version: z.number({ message: 'the version you read is required' }).int(),
  type: Fields.type.optional(),
  height: Fields.height.optional(),
  geometry: Fields.geometry.optional(),
  crs: Fields.crs,
  observedOn: Fields.observedOn,
  note: Fields.note,
});

async function readForUpdate(db: pg.PoolClient, user: SessionUser, id: number, version: number) {
  const r = await db.query<{ version: number; ewkt: string; in_scope: boolean }>(
    `SELECT o.version, ST_AsEWKT(o.geom) AS ewkt,
            $2::text IS NULL OR EXISTS (SELECT 1 FROM jurisdictions j WHERE j.code = $2 AND ST_Intersects(j.geom, ST_PointOnSurface(o.geom))) AS in_scope
     FROM obstacles o WHERE o.id = $1 FOR UPDATE`,
    [id, user.role === 'admin' ? null : user.scope.code],
  );
  if (!r.rowCount) throw new ApiError('not_found', `No obstacle ${id}`);
  const o = r.rows[0];
  if (!o.in_scope) throw new ApiError('forbidden', `Obstacle ${id} lies outside ${user.scope.name}.`, [{ reason: 'scope' }]);
  if (o.version !== version) {
    const current = (await db.query(`SELECT ${OBSTACLE_FEATURE} AS f FROM obstacles o WHERE o.id = $1`, [id])).rows[0].f;
    throw new ApiError('conflict', `Obstacle ${id} changed since you read it (you sent version ${version}, it is now ${o.version}); reload and try again.`, [
      { param: 'version', reason: 'stale' },
    ], { current });
  }
  return o;
}

/** /api/obstacles: what blocks drivers' view; every write re-analyses the intersections it can reach. */
export function obstaclesRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .route('/', obstacleImportRoutes(deps))
    .get('/', validate('query', z.object({ bbox: bboxParam(deps.extent).optional(), limit: z.coerce.number().int().min(1).max(20000).default(5000) })), async (c) => {
      const q = c.req.valid('query');
      const r = await deps.pool.query<{ fc: unknown }>(
        `SELECT jsonb_build_object('type', 'FeatureCollection', 'features', coalesce(jsonb_agg(${OBSTACLE_FEATURE} ORDER BY o.id), '[]')) AS fc
         FROM (SELECT * FROM obstacles o
               WHERE $1::float8[] IS NULL OR o.geom && ST_MakeEnvelope(($1::float8[])[1], ($1::float8[])[2], ($1::float8[])[3], ($1::float8[])[4], 4326)
               ORDER BY o.id LIMIT $2) o`,
        [q.bbox ?? null, q.limit],
      );
      return c.json(r.rows[0].fc);
    })

    .post('/', validate('json', CreateBody), async (c) => {
      const user = currentUser(c, 'officer', 'admin');
      const b = c.req.valid('json');
      const result = await withTransaction(deps.pool, async (client) => {
        const ewkt = await checkedPolygon(client, user, b.geometry, b.crs);
        const r = await client.query<{ id: number }>(
          `INSERT INTO obstacles (type, height, source, observed_on, note, geom, created_by)
           VALUES ($1, $2, $3, $4, $5, ST_GeomFromEWKT($6), $7) RETURNING id`,
          [b.type, b.height, b.source ?? `drawn by ${user.username}`, b.observedOn ?? null, b.note ?? null, ewkt, user.id],
        );
        return answer(client, r.rows[0].id, [ewkt]);
      });
      return c.json(result, 201);
    })

    .patch('/:id{[0-9]+}', validate('param', IdParam), validate('json', PatchBody), async (c) => {
      const user = currentUser(c, 'officer', 'admin');
      const { id } = c.req.valid('param');
      const b = c.req.valid('json');
      const result = await withTransaction(deps.pool, async (client) => {
        const old = await readForUpdate(client, user, id, b.version);
        const ewkt = b.geometry ? await checkedPolygon(client, user, b.geometry, b.crs) : null;
        await client.query(
          `UPDATE obstacles SET type = coalesce($2, type), height = coalesce($3, height),
             geom = coalesce(ST_GeomFromEWKT($4), geom),
             observed_on = CASE WHEN $5 THEN $6::date ELSE observed_on END,
             note = CASE WHEN $7 THEN $8 ELSE note END,
             version = version + 1, updated_at = now()
           WHERE id = $1`,
          [id, b.type ?? null, b.height ?? null, ewkt, b.observedOn !== undefined, b.observedOn ?? null, b.note !== undefined, b.note ?? null],
        );
        // Both where it was and where it is now: a moved wall may clear one corner and cut another.
        return answer(client, id, ewkt ? [old.ewkt, ewkt] : [old.ewkt]);
      });
      return c.json(result);
    })

    .delete('/:id{[0-9]+}', validate('param', IdParam), validate('query', z.object({ version: z.coerce.number({ message: 'the version you read is required' }).int() })), async (c) => {
      const user = currentUser(c, 'officer', 'admin');
      const { id } = c.req.valid('param');
      const { version } = c.req.valid('query');
      const result = await withTransaction(deps.pool, async (client) => {
        const old = await readForUpdate(client, user, id, version);
        await client.query(`DELETE FROM obstacles WHERE id = $1`, [id]);
        return answer(client, null, [old.ewkt]);
      });
      return c.json(result);
    });
}

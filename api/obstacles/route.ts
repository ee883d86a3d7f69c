import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type pg from 'pg';
import { z } from 'zod';
import type { SessionUser } from '../auth/accounts';
import { currentUser, type AuthEnv } from '../auth/middleware';
import { withTransaction } from '../db/transaction';
import { analyseSight } from '../intersections/analysis';
import { ApiError } from '../lib/api-error';
import type { AppDeps } from '../lib/app-deps';
import { INPUT_CRS, type InputCrs } from '../lib/china-crs';
import { wgs84Point } from '../lib/point-input';
import { bboxParam, dateParam } from '../lib/query-params';
import { validate } from '../lib/validate';
import { idParam, text } from '../lib/values';

export const OBSTACLE_TYPES = ['building', 'wall', 'vegetation', 'stall', 'parked_vehicles', 'other'] as const;
/** Larger than this (m²) is taken for a mistake (a whole village drawn as one obstacle). */
export const MAX_OBSTACLE_AREA_M2 = 50_000;
const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** An obstacle as a GeoJSON feature, from `obstacles o`. */
export const OBSTACLE_FEATURE = `jsonb_build_object(
  'type', 'Feature', 'id', o.id, 'geometry', ST_AsGeoJSON(o.geom, 7)::jsonb,
  'properties', jsonb_build_object('id', o.id, 'type', o.type, 'height', o.height, 'source', o.source,
    'observedOn', o.observed_on, 'note', o.note, 'synthetic', o.synthetic, 'version', o.version, 'updatedAt', o.updated_at))`;

const position = z.tuple([z.number(), z.number()]).rest(z.number());
/** Vertices of one obstacle at most: a building or a field edge is tens; more is a mistake or an attack (a million took 5 minutes). */
export const MAX_OBSTACLE_VERTICES = 2000;
// Defensive: zod may run a refinement over a ring whose positions it has already found wrong.
const closed = (ring: unknown[]) => {
  const [a, b] = [ring[0], ring.at(-1)];
  return !Array.isArray(a) || !Array.isArray(b) || (a[0] === b[0] && a[1] === b[1]);
};
const PolygonGeometry = z.object({
  type: z.literal('Polygon', { message: 'must be a GeoJSON Polygon' }),
  coordinates: z
    .array(z.array(position).min(4, 'a ring needs at least 4 positions (closed)').refine(closed, { message: 'a ring must end where it starts (closed)', params: { rule: 'ring_not_closed' } }))
    .min(1, 'needs an outer ring')
    .max(50, 'at most 50 rings')
    .refine((rings) => rings.reduce((n, r) => n + (Array.isArray(r) ? r.length : 0), 0) <= MAX_OBSTACLE_VERTICES, { message: `at most ${MAX_OBSTACLE_VERTICES} vertices`, params: { rule: 'too_many_vertices' } }),
});

const Fields = {
  type: z.enum(OBSTACLE_TYPES, { message: `one of ${OBSTACLE_TYPES.join(', ')}` }),
  height: z.number({ message: 'must be a number (m)' }).positive('must be above 0 m').max(300, 'at most 300 m'),
  geometry: PolygonGeometry,
  crs: z.enum(INPUT_CRS).default('wgs84'),
  source: text(100).optional(),
  observedOn: dateParam.nullable().optional(),
  note: text(500, 0).nullable().optional(),
};
const CreateBody = z.object(Fields);
const PatchBody = z.object({
  version: z.number({ message: 'the version you read is required' }).int(),
  type: Fields.type.optional(),
  height: Fields.height.optional(),
  geometry: Fields.geometry.optional(),
  crs: Fields.crs,
  observedOn: Fields.observedOn,
  note: Fields.note,
});

type Polygon = z.infer<typeof PolygonGeometry>;
const IdParam = z.object({ id: idParam });

/**
 * The polygon in WGS84 as EWKT, or a 400 that says what is wrong and where: a vertex that is not
 * a WGS84 position (projected metres, swapped axes; GCJ-02/BD-09 converted), a self-intersection
 * (PostGIS' reason, with the point), a vertex outside Liaocheng, an implausible size. Officers
 * draw only inside their brigade.
 */
async function checkedPolygon(db: pg.PoolClient, user: SessionUser, g: Polygon, crs: InputCrs, field = 'geometry'): Promise<string> {
  const rings = g.coordinates.map((ring) =>
    ring.map(([lon, lat], i) => {
      try {
        return wgs84Point(lon, lat, crs);
      } catch (e) {
        throw new ApiError('bad_request', `Invalid ${field}: vertex ${i + 1} ${(e as ApiError).details[0]?.reason ?? ''}`, [
          { param: field, reason: (e as ApiError).details[0]?.reason ?? 'not a position', rule: (e as ApiError).details[0]?.rule },
        ]);
      }
    }),
  );
  const r = await db.query<{ valid: boolean; reason: string; outside: string | null; area: number; ewkt: string; in_scope: boolean }>(
    `WITH g AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS g)
     SELECT ST_IsValid(g.g) AS valid, ST_IsValidReason(g.g) AS reason,
            (SELECT ST_AsText(d.geom) FROM ST_DumpPoints(g.g) d
             WHERE NOT EXISTS (SELECT 1 FROM jurisdictions j WHERE j.level = 'county' AND ST_Intersects(j.geom, d.geom)) LIMIT 1) AS outside,
            ST_Area(ST_Transform(g.g, metric_srid())) AS area, ST_AsEWKT(g.g) AS ewkt,
            $2::text IS NULL OR EXISTS (SELECT 1 FROM jurisdictions j WHERE j.code = $2 AND ST_Intersects(j.geom, ST_PointOnSurface(g.g))) AS in_scope
     FROM g`,
    [JSON.stringify({ type: 'Polygon', coordinates: rings }), user.role === 'admin' ? null : user.scope.code],
  );
  const x = r.rows[0];
  if (!x.valid) throw ApiError.badParam(field, `not a valid polygon: ${x.reason} (e.g. a self-intersecting outline; draw it without crossing edges)`, 'invalid_geometry');
  if (x.outside) throw ApiError.badParam(field, `${x.outside} lies outside Liaocheng's counties`, 'outside_liaocheng');
  if (x.area > MAX_OBSTACLE_AREA_M2) throw ApiError.badParam(field, `${Math.round(x.area)} m² is larger than ${MAX_OBSTACLE_AREA_M2} m² for one obstacle`, 'too_large');
  if (!x.in_scope) {
    throw new ApiError('forbidden', `This obstacle lies outside ${user.scope.name}: you may draw obstacles only inside your brigade's area.`, [{ param: field, reason: 'scope' }]);
  }
  return x.ewkt;
}

/** The obstacle, and what re-analysing its surroundings found, after a write. */
async function answer(db: pg.PoolClient, id: number | null, area: string[]) {
  const geometry = (await db.query<{ g: GeoJSON.Geometry }>(`SELECT ST_AsGeoJSON(ST_Collect(g::geometry))::json AS g FROM unnest($1::text[]) g`, [area])).rows[0].g;
  const analysis = await analyseSight(db, geometry);
  const obstacle = id === null ? null : (await db.query(`SELECT ${OBSTACLE_FEATURE} AS f FROM obstacles o WHERE o.id = $1`, [id])).rows[0].f;
  return { obstacle, analysis };
}

/**
 * Where an import's saved obstacles are, to show them on the map: their bounding box (WGS84) and
 * the intersections whose sight triangles they cut, worst first (at most 100).
 */
async function importedPlace(db: pg.PoolClient, rows: { id?: number }[]) {
  const ids = rows.flatMap((r) => (r.id === undefined ? [] : [r.id]));
  const r = await db.query<{ bbox: [number, number, number, number]; cuts: number[] }>(
    `SELECT (SELECT ARRAY[ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)]::float8[]
             FROM (SELECT ST_Collect(geom) AS e FROM obstacles WHERE id = ANY ($1)) x) AS bbox,
            (SELECT coalesce(array_agg(id ORDER BY worst_shortfall DESC NULLS LAST, id), '{}') FROM (
               SELECT i.id, i.worst_shortfall FROM intersections i
               WHERE EXISTS (SELECT 1 FROM sight_triangles s WHERE s.intersection_id = i.id AND s.obstacle_ids && $1::int[])
               ORDER BY i.worst_shortfall DESC NULLS LAST, i.id LIMIT 100) c) AS cuts`,
    [ids],
  );
  return r.rows[0];
}

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
    })

    .post(
      '/import',
      bodyLimit({
        maxSize: MAX_IMPORT_BYTES,
        onError: () => {
          throw new ApiError('payload_too_large', `A GeoJSON file may be at most ${MAX_IMPORT_BYTES / 1048576} MB.`, [{ field: 'file', reason: 'too large' }]);
        },
      }),
      async (c) => {
        const user = currentUser(c, 'officer', 'admin');
        const body = await c.req.json().catch(() => {
          throw new ApiError('bad_request', 'Send a GeoJSON FeatureCollection of Polygon features (JSON).', [{ param: 'body', reason: 'not JSON' }]);
        });
        const fc = z.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()).max(5000) }).safeParse(body);
        if (!fc.success) throw new ApiError('bad_request', 'Send a GeoJSON FeatureCollection (at most 5000 features).', [{ param: 'body', reason: 'not a FeatureCollection' }]);
        const crs = z.enum(INPUT_CRS).catch('wgs84').parse(c.req.query('crs') ?? 'wgs84');
        const result = await withTransaction(deps.pool, async (client) => {
          const rows: { feature: number; status: 'saved' | 'rejected'; id?: number; field?: string; reason?: string; rule?: string }[] = [];
          const area: string[] = [];
          for (const [i, raw] of fc.data.features.entries()) {
            // A feature may be anything a client wrote, null included.
            const f = (raw ?? {}) as { geometry?: unknown; properties?: Record<string, unknown> | null };
            const p = f.properties ?? {};
            const parsed = CreateBody.safeParse({ ...p, geometry: f.geometry, crs, observedOn: p.observedOn ?? null, note: p.note ?? null });
            if (!parsed.success) {
              const issue = parsed.error.issues[0];
              rows.push({ feature: i + 1, status: 'rejected', field: String(issue.path[0] ?? 'feature'), reason: issue.message });
              continue;
            }
            await client.query('SAVEPOINT obstacle_row');
            try {
              const ewkt = await checkedPolygon(client, user, parsed.data.geometry, crs);
              const r = await client.query<{ id: number }>(
                `INSERT INTO obstacles (type, height, source, observed_on, note, geom, created_by)
                 VALUES ($1, $2, $3, $4, $5, ST_GeomFromEWKT($6), $7) RETURNING id`,
                [parsed.data.type, parsed.data.height, parsed.data.source ?? `imported by ${user.username}`, parsed.data.observedOn ?? null, parsed.data.note ?? null, ewkt, user.id],
              );
              await client.query('RELEASE SAVEPOINT obstacle_row');
              rows.push({ feature: i + 1, status: 'saved', id: r.rows[0].id });
              area.push(ewkt);
            } catch (e) {
              await client.query('ROLLBACK TO SAVEPOINT obstacle_row');
              if (!(e instanceof ApiError)) throw e;
              const d = e.details[0];
              rows.push({ feature: i + 1, status: 'rejected', field: d?.param ?? 'geometry', reason: e.message, ...(d?.rule ? { rule: d.rule } : d?.reason === 'scope' ? { rule: 'scope' } : {}) });
            }
          }
          if (!area.length) return { saved: 0, rejected: rows.length, rows, analysis: null, bbox: null, cuts: [] };
          const { analysis } = await answer(client, null, area);
          return { saved: area.length, rejected: rows.length - area.length, rows, analysis, ...(await importedPlace(client, rows)) };
        });
        return c.json(result);
      },
    );
}

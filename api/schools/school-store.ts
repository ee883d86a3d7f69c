import type pg from 'pg';
import type { SessionUser } from '../auth/accounts';
import { ApiError, type ErrorDetail } from '../lib/api-error';
import type { InputCrs } from '../lib/china-crs';
import { locatePoint, pointInScope, wgs84Point } from '../lib/point-input';
import { sqlFile } from '../lib/sql-file';
import { readGates } from './school-zone';
import { addSchoolEvent } from './school-events';
import { SCHOOL_JOINS, SCHOOL_JSON } from './school-json';
import type { CreateSchool, SchoolKind } from './write-schemas';

const MAIN_GATE_SQL = sqlFile(new URL('./main-gate.sql', import.meta.url));
const SNAP_GATE_SQL = sqlFile(new URL('./snap-gate.sql', import.meta.url));

/** A gate given by its point goes on a road at most this far from it (else 400 naming the gate). */
export const GATE_REACH_M = 100;
/** A school of the same name this close is offered as a possible duplicate before saving. */
export const DUPLICATE_RADIUS_M = 1000;

/** The school as the writes answer: its fields (as GET /api/schools/:id has them) and its gates. */
export async function schoolJson(db: pg.ClientBase, id: number): Promise<Record<string, unknown>> {
  const r = await db.query<{ j: Record<string, unknown> }>(`SELECT ${SCHOOL_JSON} AS j FROM schools s ${SCHOOL_JOINS} WHERE s.id = $1`, [id]);
  return { ...r.rows[0].j, gates: await readGates(db, id) };
}

/**
 * A point a user gave for a school, as WGS84 inside Liaocheng and, for an officer, inside their
 * brigade: 400 naming `lon`/`lat` (projected metres, swapped axes, outside Liaocheng), 403 `scope`.
 */
async function schoolPoint(db: pg.ClientBase, user: SessionUser, lon: number, lat: number, crs: InputCrs) {
  const [x, y] = wgs84Point(lon, lat, crs);
  const place = await locatePoint(db, x, y);
  if (user.role !== 'admin' && !(await pointInScope(db, user.scope.code, x, y))) {
    throw new ApiError('forbidden', `(${x.toFixed(6)}, ${y.toFixed(6)}) lies outside ${user.scope.name}: you may enter schools only inside your brigade's area.`, [
      { param: 'lon', reason: 'scope' },
    ]);
  }
  return { lon: x, lat: y, ...place };
}

/**
 * A gate of the school at the road nearest its point (GATE_REACH_M at most), in the caller's
 * transaction; `k` names it in errors (`gates.<k>`). The point is converted from `crs` first.
 */
export async function addGate(db: pg.ClientBase, schoolId: number, g: { name: string; lon: number; lat: number }, crs: InputCrs, k: number | null) {
  const refuse = (reason: string, rule: string, field?: string): never => {
    const where = k === null ? (field ?? 'lon') : `gates.${k}${field ? `.${field}` : ''}`;
    const detail: ErrorDetail = k === null ? { param: where, reason, rule } : { param: 'gates', path: where, reason, rule };
    throw new ApiError('bad_request', `Invalid parameter "${where}": ${reason}`, [detail]);
  };
  let lon: number, lat: number;
  try {
    [lon, lat] = wgs84Point(g.lon, g.lat, crs);
  } catch (e) {
    const d = (e as ApiError).details?.[0];
    if (!d) throw e;
    return refuse(d.reason, d.rule ?? 'not_a_point', d.param);
  }
  const r = await db.query<{ id: number; roadId: number; lon: number; lat: number }>(SNAP_GATE_SQL, [schoolId, g.name, lon, lat, GATE_REACH_M]);
  if (!r.rowCount) {
    const near = await db.query<{ d: number | null }>(
      `SELECT round(min(ST_Distance(rd.geom_m, p))::numeric)::float8 AS d
       FROM (SELECT ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), metric_srid()) AS p) x
       CROSS JOIN LATERAL (SELECT geom_m FROM roads WHERE class <> 'expressway' ORDER BY geom_m <-> x.p LIMIT 1) rd`,
      [lon, lat],
    );
    const d = near.rows[0]?.d;
    return refuse(`no road (other than an expressway) within ${GATE_REACH_M} m of (${lon.toFixed(6)}, ${lat.toFixed(6)})${d == null ? '' : `; the nearest is ${d} m away`}`, 'no_road_near');
  }
  return { ...r.rows[0], name: g.name };
}

/**
 * Enters a school in the caller's transaction: PostGIS places it (400 outside Liaocheng, 403
 * outside the officer's brigade), a school of the same name within 1 km is a 409 unless confirmed,
 * its gates go on their roads (or one 正门 as the seed places it), and a `create` event.
 */
export async function createSchool(db: pg.ClientBase, user: SessionUser, b: CreateSchool & { via?: Record<string, unknown> }): Promise<number> {
  const at = await schoolPoint(db, user, b.lon, b.lat, b.crs);
  if (!b.confirmNotDuplicate) {
    const near = await db.query<{ id: number; name: string; distance: number }>(
      `SELECT s.id, s.name, round(ST_Distance(s.geom_m, p)::numeric)::float8 AS distance
       FROM schools s, ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), metric_srid()) p
       WHERE s.name = $3 AND ST_DWithin(s.geom_m, p, $4) ORDER BY distance, s.id`,
      [at.lon, at.lat, b.name, DUPLICATE_RADIUS_M],
    );
    if (near.rowCount) {
      throw new ApiError(
        'conflict',
        `${b.name} is already entered ${near.rows[0].distance} m away (school ${near.rows[0].id}): a duplicate? Send confirmNotDuplicate: true to save anyway.`,
        [{ param: 'name', reason: 'possible_duplicate' }],
        { duplicates: near.rows },
      );
    }
  }
  const r = await db.query<{ id: number }>(
    `INSERT INTO schools (name, kind, county_code, township_code, geom, geom_m, source, created_by)
     SELECT $1, $2, $3, $4, p, ST_Transform(p, metric_srid()), $5, $6 FROM ST_SetSRID(ST_MakePoint($7, $8), 4326) p
     RETURNING id`,
    [b.name, b.kind, at.county, at.township, b.source ?? `entered by ${user.username}`, user.id, at.lon, at.lat],
  );
  const id = r.rows[0].id;
  const gates = [];
  if (b.gates) for (const [k, g] of b.gates.entries()) gates.push(await addGate(db, id, g, b.crs, k));
  else await db.query(MAIN_GATE_SQL, [id]);
  const school = await schoolJson(db, id);
  await addSchoolEvent(db, {
    schoolId: id, actorId: user.id, action: 'create',
    data: {
      school: { name: b.name, kind: b.kind, lon: school.lon, lat: school.lat, county: at.county, township: at.township, source: school.source },
      gates: (school.gates as { id: number; name: string; lon: number; lat: number; road: { id: number } | null }[]).map((g) => ({ id: g.id, name: g.name, lon: g.lon, lat: g.lat, roadId: g.road?.id ?? null })),
      // What was sent, when it was not WGS84 (the stored point is its conversion).
      ...(b.crs !== 'wgs84' && { given: { lon: b.lon, lat: b.lat, crs: b.crs } }),
      ...(b.via && { via: b.via }),
    },
  });
  return id;
}

export interface LockedSchool {
  id: number;
  name: string;
  kind: SchoolKind;
  version: number;
  lon: number;
  lat: number;
}

/**
 * The school a change is about, locked until the transaction ends: 404 if there is none, 403
 * unless the user is an admin or its point lies in their brigade, 409 when `version` (the one the
 * client read) is not the current one (`error.current` is the school now).
 */
export async function lockSchool(db: pg.ClientBase, user: SessionUser, id: number, version: number | null): Promise<LockedSchool> {
  const r = await db.query<LockedSchool & { inScope: boolean }>(
    `SELECT s.id, s.name, s.kind, s.version, ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat,
            $2::text IS NULL OR EXISTS (SELECT 1 FROM jurisdictions j WHERE j.code = $2 AND ST_Intersects(j.geom, s.geom)) AS "inScope"
     FROM schools s WHERE s.id = $1 FOR UPDATE`,
    [id, user.role === 'admin' ? null : user.scope.code],
  );
  if (!r.rowCount) throw new ApiError('not_found', `No school ${id}`);
  const { inScope, ...s } = r.rows[0];
  if (!inScope) throw new ApiError('forbidden', `${s.name} lies outside ${user.scope.name}: you may change only your brigade's schools.`, [{ reason: 'scope' }]);
  if (version !== null && s.version !== version) {
    throw new ApiError('conflict', `School ${id} changed since you read it (you sent version ${version}, it is now ${s.version}); reload and try again.`, [
      { param: 'version', reason: 'stale' },
    ], { current: await schoolJson(db, id) });
  }
  return s;
}

/** The school's own fields changed (a new point placed by PostGIS, in the officer's brigade too), version + 1, an `update` event. */
export async function changeSchool(
  db: pg.ClientBase, user: SessionUser, s: LockedSchool,
  b: { name?: string; kind?: SchoolKind; lon?: number; lat?: number; crs: InputCrs; source?: string },
) {
  const at = b.lon !== undefined && b.lat !== undefined ? await schoolPoint(db, user, b.lon, b.lat, b.crs) : null;
  const was = await schoolJson(db, s.id);
  await db.query(
    `UPDATE schools SET name = coalesce($2, name), kind = coalesce($3, kind), source = coalesce($4, source),
       geom = coalesce(ST_SetSRID(ST_MakePoint($5, $6), 4326), geom), geom_m = coalesce(ST_Transform(ST_SetSRID(ST_MakePoint($5, $6), 4326), metric_srid()), geom_m),
       county_code = coalesce($7, county_code), township_code = CASE WHEN $7::text IS NULL THEN township_code ELSE $8 END,
       version = version + 1, updated_at = now()
     WHERE id = $1`,
    [s.id, b.name ?? null, b.kind ?? null, b.source ?? null, at?.lon ?? null, at?.lat ?? null, at?.county ?? null, at?.township ?? null],
  );
  const now = await schoolJson(db, s.id);
  const keys = (['name', 'kind', 'lon', 'lat', 'county', 'township', 'source'] as const).filter((k) => JSON.stringify(now[k]) !== JSON.stringify(was[k]));
  await addSchoolEvent(db, {
    schoolId: s.id, actorId: user.id, action: 'update',
    data: { changed: Object.fromEntries(keys.map((k) => [k, now[k]])), was: Object.fromEntries(keys.map((k) => [k, was[k]])), ...(at && b.crs !== 'wgs84' && { given: { lon: b.lon, lat: b.lat, crs: b.crs } }) },
  });
  return now;
}

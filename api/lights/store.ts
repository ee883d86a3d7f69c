import type pg from 'pg';
import { chinaToday } from '@shared/calendar/day-number';
import { LIGHT_NEXT, type LightStatus } from '@shared/lights/light-terms';
import type { SessionUser } from '../auth/accounts';
import { ApiError } from '../lib/api-error';
import type { InputCrs } from '../lib/china-crs';
import { locatePoint, pointInScope, wgs84Point } from '../lib/point-input';
import { sqlFile } from '../lib/sql-file';
import type { CreateLight } from './schemas';

const LIST_SQL = sqlFile(new URL('./list.sql', import.meta.url));

/** Who may write lights: officers (inside their brigade) and admins; leaders read, liaisons answer hazards. */
export const WRITERS = ['officer', 'admin'] as const;

/** The metres of road a light lights around it (app_settings light_radius_m). */
export async function lightRadius(db: pg.Pool | pg.ClientBase): Promise<number> {
  const r = await db.query<{ value: string }>(`SELECT value FROM app_settings WHERE key = 'light_radius_m'`);
  return Number(r.rows[0]?.value ?? 150);
}

/** The lights as a FeatureCollection text (list.sql). */
export async function lightsGeoJson(db: pg.Pool | pg.ClientBase, f: { county?: string | null; township?: string | null; programmes?: string[] | null; statuses?: string[] | null; id?: number | null }): Promise<string> {
  const r = await db.query<{ fc: string }>(LIST_SQL, [f.county ?? null, f.township ?? null, f.programmes ?? null, f.statuses ?? null, f.id ?? null]);
  return r.rows[0].fc;
}

/** One light as GET /api/lights/:id shows it (without its events), or null. */
export async function lightJson(db: pg.Pool | pg.ClientBase, id: number): Promise<Record<string, unknown> | null> {
  const fc = JSON.parse(await lightsGeoJson(db, { id })) as { features: { properties: Record<string, unknown> }[] };
  return fc.features[0]?.properties ?? null;
}

/**
 * A point a user gave for a light, as WGS84 inside Liaocheng and, for an officer, inside their
 * brigade: 400 naming `lon`/`lat` (projected metres, swapped axes, outside Liaocheng), 403 `scope`.
 */
export async function lightPoint(db: pg.ClientBase, user: SessionUser, lon: number, lat: number, crs: InputCrs): Promise<[number, number]> {
  const [x, y] = wgs84Point(lon, lat, crs);
  await locatePoint(db, x, y);
  if (user.role !== 'admin' && !(await pointInScope(db, user.scope.code, x, y))) {
    throw new ApiError('forbidden', `(${x.toFixed(6)}, ${y.toFixed(6)}) lies outside ${user.scope.name}: you may enter lights only inside your brigade's area.`, [
      { param: 'lon', reason: 'scope' },
    ]);
  }
  return [x, y];
}

export interface LightForWrite {
  id: number;
  status: LightStatus;
  status_on: string | null;
  installed_on: string | null;
  version: number;
}

/**
 * The light a write changes, locked until the transaction ends: 404 if there is none; 403 unless the
 * user is an admin or the light stands in their scope polygon (PostGIS); with `version`, 409 when it
 * is not the one stored (`error.current` is the light now).
 */
export async function lightForWrite(db: pg.ClientBase, user: SessionUser, id: number, version: number): Promise<LightForWrite> {
  const r = await db.query<LightForWrite & { in_scope: boolean }>(
    `SELECT l.id, l.status, l.status_on::text, l.installed_on::text, l.version,
            $2::text IS NULL OR EXISTS (SELECT 1 FROM jurisdictions j WHERE j.code = $2 AND ST_Intersects(j.geom, l.geom)) AS in_scope
     FROM lights l WHERE l.id = $1 FOR UPDATE OF l`,
    [id, user.role === 'admin' ? null : user.scope.code],
  );
  if (!r.rowCount) throw new ApiError('not_found', `No light ${id}`);
  const { in_scope, ...l } = r.rows[0];
  if (!in_scope) throw new ApiError('forbidden', `Light ${id} stands outside ${user.scope.name}: you may change only your brigade's lights.`, [{ reason: 'scope' }]);
  if (version !== l.version) {
    throw new ApiError('conflict', `Light ${id} changed since you read it (you sent version ${version}, it is now ${l.version}); reload and try again.`, [
      { param: 'version', reason: 'stale' },
    ], { current: await lightJson(db, id) });
  }
  return l;
}

/** The hazard a light answers: a 照明缺失 hazard that exists, else a 400 naming hazardId. */
async function checkHazard(db: pg.ClientBase, id: number): Promise<void> {
  const r = await db.query<{ type: string }>(`SELECT type FROM hazards WHERE id = $1`, [id]);
  if (!r.rowCount) throw ApiError.badParam('hazardId', `no hazard ${id}`, 'not_found');
  if (r.rows[0].type !== 'lighting') throw ApiError.badParam('hazardId', `hazard ${id} is of type ${r.rows[0].type}, not lighting (照明缺失)`, 'wrong_type');
}

export type NewLight = CreateLight & { via?: Record<string, unknown> };

/** Enters a light in the caller's transaction, with its `create` event; returns its id. */
export async function createLight(db: pg.ClientBase, user: SessionUser, b: NewLight): Promise<number> {
  const [lon, lat] = await lightPoint(db, user, b.lon, b.lat, b.crs);
  if (b.hazardId !== undefined) await checkHazard(db, b.hazardId);
  const statusOn = b.status === 'faulty' || b.status === 'removed' ? (b.statusOn ?? chinaToday()) : null;
  if (statusOn && b.installedOn && statusOn < b.installedOn) throw ApiError.badParam('statusOn', `is before the light was put up (${b.installedOn})`, 'before_install');
  const r = await db.query<{ id: number }>(
    `INSERT INTO lights (type, programme, name, geom, status, status_on, installed_on, installed_by, cost, hazard_id, source, created_by)
     VALUES ($1, $2, $3, ST_SetSRID(ST_MakePoint($4, $5), 4326), $6, $7, $8, $9, $10, $11, $12, $13)
     RETURNING id`,
    [b.type, b.programme, b.name ?? null, lon, lat, b.status, statusOn, b.installedOn ?? null, b.installedBy ?? null, b.cost ?? null, b.hazardId ?? null,
     b.source ?? `entered by ${user.username}`, user.id],
  );
  const id = r.rows[0].id;
  await addLightEvent(db, {
    lightId: id, actorId: user.id, action: 'create', note: b.note,
    data: {
      type: b.type, programme: b.programme, name: b.name ?? null, lon, lat, status: b.status, statusOn, installedOn: b.installedOn ?? null,
      installedBy: b.installedBy ?? null, cost: b.cost ?? null, hazardId: b.hazardId ?? null,
      ...(b.crs !== 'wgs84' && { given: { lon: b.lon, lat: b.lat, crs: b.crs } }),
      ...(b.via && { via: b.via }),
    },
  });
  return id;
}

/** Appends an event in the write's transaction (light_events refuses updates and deletes). */
export async function addLightEvent(db: pg.ClientBase, e: { lightId: number; actorId: number | null; action: 'create' | 'update' | 'status'; note?: string | null; data: Record<string, unknown> }) {
  await db.query(`INSERT INTO light_events (light_id, actor_id, action, note, data) VALUES ($1, $2, $3, $4, $5)`, [
    e.lightId, e.actorId, e.action, e.note ?? null, JSON.stringify(e.data),
  ]);
}

/** Why a light cannot go from one status to another, or null when it may. */
export function statusRefusal(from: LightStatus, to: LightStatus): string | null {
  if (LIGHT_NEXT[from].includes(to)) return null;
  return from === 'removed' ? 'The light was removed: it goes nowhere else (enter a new one).' : `A ${from} light cannot become ${to} (only ${LIGHT_NEXT[from].filter((s) => s !== from).join(', ')}).`;
}

/**
 * Sets a light's status in the caller's transaction, with a `status` event: 409 `state` when the
 * rules refuse. Planned → working is the day it was put up (installed_on); faulty and removed keep
 * their day in status_on; working again after a fault clears it.
 */
export async function changeLightStatus(db: pg.ClientBase, actorId: number, l: LightForWrite, s: { status: LightStatus; statusOn?: string; note?: string }): Promise<void> {
  const refusal = statusRefusal(l.status, s.status);
  if (refusal) throw new ApiError('conflict', refusal, [{ param: 'status', reason: 'state' }], { current: await lightJson(db, l.id) });
  const day = s.statusOn ?? chinaToday();
  const installedOn = l.status === 'planned' && s.status === 'working' ? day : l.installed_on;
  if (s.status === 'removed' && l.status === 'planned') {
    // A planned light dropped: nothing was put up.
  } else if (installedOn && day < installedOn && s.status !== 'planned') {
    throw ApiError.badParam('statusOn', `is before the light was put up (${installedOn})`, 'before_install');
  }
  const statusOn = s.status === 'faulty' || s.status === 'removed' ? day : null;
  await db.query(
    `UPDATE lights SET status = $2, status_on = $3, installed_on = $4, version = version + 1, updated_at = now() WHERE id = $1`,
    [l.id, s.status, statusOn, installedOn],
  );
  await addLightEvent(db, {
    lightId: l.id, actorId, action: 'status', note: s.note,
    data: { from: { status: l.status, statusOn: l.status_on }, status: s.status, statusOn, installedOn },
  });
}

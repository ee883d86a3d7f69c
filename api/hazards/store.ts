import type pg from 'pg';
import type { SessionUser } from '../auth/accounts';
import { pointInScope } from '../lib/point-input';
import type { Actor } from './state-machine';

export const HAZARD_TYPES = [
  'sight_line', 'vegetation', 'roadside_market', 'lighting', 'school',
  'signs_markings', 'traffic_calming', 'pavement', 'crop_drying', 'other',
] as const;
export const RISK_LEVELS = ['major', 'high', 'general'] as const;

/** Local (UTC+8) today, the day deadlines are compared with. */
export const TODAY = `(now() AT TIME ZONE 'Asia/Shanghai')::date`;

/** One hazard as the API shows it, from `hazards h` (joins below). */
export const HAZARD_JSON = `json_build_object(
  'id', h.id, 'number', h.number, 'type', h.type, 'description', h.description, 'risk', h.risk,
  'roadName', h.road_name, 'lon', round(ST_X(h.geom)::numeric, 7), 'lat', round(ST_Y(h.geom)::numeric, 7),
  'county', json_build_object('code', c.code, 'name', c.name, 'nameEn', c.name_en),
  'township', CASE WHEN t.code IS NULL THEN NULL ELSE json_build_object('code', t.code, 'name', t.name, 'nameEn', t.name_en) END,
  'status', h.status, 'resolution', h.resolution, 'duplicateOf', h.duplicate_of,
  'marketId', h.market_id, 'marketResolution', h.market_resolution,
  'market', (SELECT json_build_object('id', m.id, 'name', m.name, 'status', m.status) FROM markets m WHERE m.id = h.market_id),
  'unit', CASE WHEN n.id IS NULL THEN NULL ELSE json_build_object('code', n.code, 'name', n.name, 'nameEn', n.name_en, 'kind', n.kind) END,
  'deadline', h.deadline, 'overdue', h.status <> 'closed' AND h.deadline < ${TODAY}, 'extensionTo', h.extension_to,
  'plan', h.plan, 'noticeNo', h.notice_no, 'externalNo', h.external_no, 'measures', h.measures, 'foundOn', h.found_on,
  'reporter', json_build_object('username', r.username, 'displayName', r.display_name),
  'createdAt', h.created_at, 'updatedAt', h.updated_at, 'closedAt', h.closed_at,
  'version', h.version, 'synthetic', h.synthetic)`;

export const HAZARD_JOINS = `
  JOIN jurisdictions c ON c.code = h.county_code
  LEFT JOIN jurisdictions t ON t.code = h.township_code
  LEFT JOIN units n ON n.id = h.unit_id
  JOIN users r ON r.id = h.reporter_id`;

/**
 * What a user may read, as an SQL condition on `hazards h` with the user's values as parameters
 * from `$first`: a liaison their unit's hazards; everyone else the hazards in their scope (the
 * county and township of a hazard were decided by PostGIS when its point was stored).
 */
export function visibleTo(user: SessionUser, first: number): { sql: string; params: unknown[] } {
  if (user.role === 'liaison') return { sql: `h.unit_id = $${first}`, params: [user.unit!.id] };
  if (user.scope.level === 'city') return { sql: 'true', params: [] };
  const column = user.scope.level === 'county' ? 'h.county_code' : 'h.township_code';
  return { sql: `${column} = $${first}`, params: [user.scope.code] };
}

export interface HazardRow {
  id: number;
  number: string;
  type: string;
  /** The market a 马路市场 hazard names. */
  market_id: number | null;
  status: 'registered' | 'assigned' | 'rectifying' | 'inspecting' | 'closed';
  version: number;
  county_code: string;
  unit_id: number | null;
  found_on: string;
  deadline: string | null;
  /** The deadline a unit asked for (申请延期), while the brigade has not answered. */
  extension_to: string | null;
  lon: number;
  lat: number;
}

/** The hazard's state for a decision; with `forUpdate`, locked until the transaction ends. Null if there is none. */
export async function readHazard(db: pg.Pool | pg.PoolClient, id: number, forUpdate: boolean): Promise<HazardRow | null> {
  const r = await db.query<HazardRow>(
    `SELECT id, number, type, market_id, status, version, county_code, unit_id, found_on::text, deadline::text, extension_to::text,
            ST_X(geom) AS lon, ST_Y(geom) AS lat
     FROM hazards WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`,
    [id],
  );
  return r.rows[0] ?? null;
}

/** The API form of one hazard (with no visibility check: callers have made theirs). */
export async function hazardJson(db: pg.Pool | pg.PoolClient, id: number): Promise<Record<string, unknown>> {
  const r = await db.query<{ j: Record<string, unknown> }>(`SELECT ${HAZARD_JSON} AS j FROM hazards h ${HAZARD_JOINS} WHERE h.id = $1`, [id]);
  return r.rows[0].j;
}

/** Appends an event; returns its id. */
export async function addEvent(
  client: pg.PoolClient,
  e: { hazardId: number; actorId: number; action: string; from: string | null; to: string; note?: string | null; data?: Record<string, unknown>; at?: string },
): Promise<number> {
  // `at`: a day of an imported ledger's history (noon in China); now otherwise.
  const r = await client.query<{ id: string }>(
    `INSERT INTO hazard_events (hazard_id, actor_id, action, from_status, to_status, note, data, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, coalesce(($8::date + time '12:00') AT TIME ZONE 'Asia/Shanghai', now())) RETURNING id`,
    [e.hazardId, e.actorId, e.action, e.from, e.to, e.note ?? null, JSON.stringify(e.data ?? {}), e.at ?? null],
  );
  return Number(r.rows[0].id);
}

/** Where a user stands towards a hazard, for the state machine (scope by PostGIS). */
export async function actorFor(db: pg.PoolClient | pg.Pool, user: SessionUser, h: Pick<HazardRow, 'lon' | 'lat' | 'unit_id'>): Promise<Actor> {
  return {
    role: user.role,
    inScope: user.role === 'admin' || (await pointInScope(db, user.scope.code, h.lon, h.lat)),
    ofAssignedUnit: user.unit !== null && h.unit_id === user.unit.id,
  };
}

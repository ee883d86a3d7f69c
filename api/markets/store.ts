import type pg from 'pg';
import type { SessionUser } from '../auth/accounts';
import { ApiError } from '../lib/api-error';
import type { InputCrs } from '../lib/china-crs';
import { locatePoint, wgs84Point } from '../lib/point-input';
import { sqlFile } from '../lib/sql-file';
import { chinaToday } from './params';
import type { MarketStatus } from './write-schemas';

const LIST_SQL = sqlFile(new URL('./list.sql', import.meta.url));

/** Who may write markets: officers (inside their brigade) and admins; leaders read, liaisons answer hazards. */
export const WRITERS = ['officer', 'admin'] as const;

/** One market as GET /api/markets/:id shows it (without its calendar and analysis): the properties and `geometry`. */
export async function marketJson(db: pg.ClientBase | pg.Pool, id: number): Promise<Record<string, unknown>> {
  const r = await db.query<{ fc: string }>(LIST_SQL, [chinaToday(), null, null, null, id]);
  const f = (JSON.parse(r.rows[0].fc) as { features: { geometry: unknown; properties: Record<string, unknown> }[] }).features[0];
  return { ...f.properties, geometry: f.geometry };
}

export interface MarketForWrite {
  id: number;
  name: string;
  status: MarketStatus;
  status_on: string | null;
  version: number;
  calendar: 'lunar' | 'solar' | 'weekly';
  days: number[];
}

/**
 * The market a write changes, locked until the transaction ends: 404 if there is none; 403 unless
 * the user is an admin or the point that decides the market's county lies in their scope polygon
 * (PostGIS); with `version`, 409 when it is not the one stored (`error.current` is the market now).
 */
export async function marketForWrite(db: pg.ClientBase, user: SessionUser, id: number, version?: number): Promise<MarketForWrite> {
  const r = await db.query<MarketForWrite & { in_scope: boolean }>(
    `SELECT m.id, m.name, m.status, m.status_on::text, m.version, m.calendar, m.days,
            $2::text IS NULL OR EXISTS (SELECT 1 FROM jurisdictions j WHERE j.code = $2
                                        AND ST_Intersects(j.geom, ST_ClosestPoint(m.geom, ST_Centroid(m.geom)))) AS in_scope
     FROM markets m WHERE m.id = $1 FOR UPDATE OF m`,
    [id, user.role === 'admin' ? null : user.scope.code],
  );
  if (!r.rowCount) throw new ApiError('not_found', `No market ${id}`);
  const { in_scope, ...m } = r.rows[0];
  if (!in_scope) throw new ApiError('forbidden', `${m.name} lies outside ${user.scope.name}: you may change only your brigade's markets.`, [{ reason: 'scope' }]);
  if (version !== undefined && version !== m.version) {
    throw new ApiError('conflict', `Market ${id} changed since you read it (you sent version ${version}, it is now ${m.version}); reload and try again.`, [
      { param: 'version', reason: 'stale' },
    ], { current: await marketJson(db, id) });
  }
  return m;
}

export interface NewMarket {
  name: string;
  /** The checked stretch (checkedStretch), WGS84. */
  ewkt: string;
  calendar: 'lunar' | 'solar' | 'weekly';
  days: number[];
  hours: { from: string; to: string };
  status: MarketStatus;
  statusOn: string | null;
  /** The new site of a relocated market, WGS84, checked (sitePoint). */
  site: [number, number] | null;
  source: string;
  note?: string | null;
  /** Where the record came from when not typed in (an import: file and row), kept in its event. */
  via?: Record<string, unknown>;
}

/** Stores a market in the caller's transaction with its `create` event; returns its id. */
export async function createMarket(db: pg.ClientBase, actorId: number, m: NewMarket): Promise<number> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO markets (name, geom, calendar, days, hours_from, hours_to, status, status_on, relocated_to, source, created_by)
     VALUES ($1, ST_GeomFromEWKT($2), $3, $4, $5, $6, $7, $8,
             CASE WHEN $9::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($9, $10), 4326) END, $11, $12)
     RETURNING id`,
    [m.name, m.ewkt, m.calendar, m.days, m.hours.from, m.hours.to, m.status, m.statusOn, m.site?.[0] ?? null, m.site?.[1] ?? null, m.source, actorId],
  );
  const id = r.rows[0].id;
  await addMarketEvent(db, {
    marketId: id, actorId, action: 'create', note: m.note,
    data: { name: m.name, calendar: m.calendar, days: m.days, hours: m.hours, status: m.status, statusOn: m.statusOn, relocatedTo: m.site, source: m.source, ...m.via },
  });
  return id;
}

export type MarketAction = 'create' | 'update' | 'status';

/** Appends an event in the write's transaction (market_events refuses updates and deletes). */
export async function addMarketEvent(db: pg.ClientBase, e: { marketId: number; actorId: number; action: MarketAction; note?: string | null; data: Record<string, unknown> }) {
  await db.query(`INSERT INTO market_events (market_id, actor_id, action, note, data) VALUES ($1, $2, $3, $4, $5)`, [
    e.marketId, e.actorId, e.action, e.note ?? null, JSON.stringify(e.data),
  ]);
}

/**
 * A point the user gave for a market's new site, as WGS84 [lon, lat] inside Liaocheng, or a 400
 * naming `field` (projected metres, swapped axes, outside Liaocheng).
 */
export async function sitePoint(db: pg.ClientBase, [lon, lat]: number[], crs: InputCrs, field: string): Promise<[number, number]> {
  try {
    const p = wgs84Point(lon, lat, crs);
    await locatePoint(db, p[0], p[1]);
    return p;
  } catch (e) {
    if (!(e instanceof ApiError) || e.code !== 'bad_request') throw e;
    const d = e.details[0];
    throw new ApiError('bad_request', `Invalid parameter "${field}": ${d.reason}`, [{ param: field, reason: d.reason, rule: d.rule }]);
  }
}

/**
 * Where a status may go: active → regulated (规范) | relocated (已搬迁) | closed (取缔); regulated →
 * relocated | closed. The same status again corrects its day (and a relocated market's new site);
 * a closed or relocated market no longer meets at this stretch, so it goes nowhere else.
 */
const NEXT: Record<MarketStatus, readonly MarketStatus[]> = {
  active: ['regulated', 'relocated', 'closed'],
  regulated: ['regulated', 'relocated', 'closed'],
  relocated: ['relocated'],
  closed: ['closed'],
};

export function statusRefusal(from: MarketStatus, to: MarketStatus): string | null {
  if (NEXT[from].includes(to)) return null;
  if (from === 'active' && to === 'active') return 'The market is already active: nothing to change.';
  return `A ${from} market cannot become ${to} (${from === 'active' || from === 'regulated' ? `only ${NEXT[from].filter((s) => s !== from).join(', ')}` : 'it no longer meets at this stretch'}).`;
}

export interface NewStatus {
  status: MarketStatus;
  /** Default: today in China. */
  statusOn?: string;
  /** WGS84, checked (sitePoint); only for relocated. */
  relocatedTo?: [number, number] | null;
  note?: string | null;
  /** The closed 马路市场 hazard this status follows, named in the event. */
  hazard?: { id: number; number: string };
  /** The parameter a refusal names (status on /status; marketResolution when a hazard closes). */
  param?: string;
}

/** Sets the market's status in the caller's transaction, with a `status` event; 409 `state` when the rules refuse. */
export async function changeStatus(db: pg.ClientBase, actorId: number, m: MarketForWrite, s: NewStatus): Promise<void> {
  const refusal = statusRefusal(m.status, s.status);
  if (refusal) throw new ApiError('conflict', refusal, [{ param: s.param ?? 'status', reason: 'state' }], { current: await marketJson(db, m.id) });
  const statusOn = s.status === 'active' ? null : (s.statusOn ?? chinaToday());
  const site = s.status === 'relocated' ? s.relocatedTo! : null;
  await db.query(
    `UPDATE markets SET status = $2, status_on = $3,
       relocated_to = CASE WHEN $4::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($4, $5), 4326) END,
       version = version + 1, updated_at = now()
     WHERE id = $1`,
    [m.id, s.status, statusOn, site?.[0] ?? null, site?.[1] ?? null],
  );
  await addMarketEvent(db, {
    marketId: m.id,
    actorId,
    action: 'status',
    note: s.note,
    data: {
      from: { status: m.status, statusOn: m.status_on },
      status: s.status,
      statusOn,
      ...(site && { relocatedTo: site }),
      ...(s.hazard && { hazardId: s.hazard.id, hazardNumber: s.hazard.number }),
    },
  });
}

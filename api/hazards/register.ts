import type pg from 'pg';
import type { SessionUser } from '../auth/accounts';
import { ApiError } from '../lib/api-error';
import { locatePoint, pointInScope } from '../lib/point-input';
import { unitServesCounty } from '../units/route';
import { checkMarketLink } from './market-link';
import { addEvent, HAZARD_JOINS, HAZARD_JSON, TODAY } from './store';

/** Open hazards of the same type this close are offered as possible duplicates before saving. */
export const DUPLICATE_RADIUS_M = 30;

export interface NewHazard {
  type: string;
  description: string;
  risk: string;
  roadName?: string | null;
  foundOn?: string;
  /** WGS84. */
  lon: number;
  lat: number;
  confirmNotDuplicate?: boolean;
  /** The market a 马路市场 hazard is about (checked: checkMarketLink). */
  marketId?: number | null;
  /** Where the record came from, if not typed in: `import` (a ledger file), kept in its events' data. */
  source?: 'import';
  /** The id a phone's outbox gave it (POST /api/hazards finds a resent one by it). */
  clientRef?: string;
}

/**
 * Registers a hazard in the caller's transaction: PostGIS places it (400 outside Liaocheng, 403
 * outside the officer's brigade), an open hazard of the same type within 30 m is a 409 unless
 * confirmed, the brigade's next ledger number, and the first event.
 */
/** A hazard just registered: its id and ledger number, and where and when it was found. */
export interface Registered {
  id: number;
  number: string;
  county: string;
  foundOn: string;
}

export async function registerHazard(client: pg.PoolClient, user: SessionUser, b: NewHazard): Promise<Registered> {
  const { lon, lat } = b;
  const place = await locatePoint(client, lon, lat);
  if (user.role !== 'admin' && !(await pointInScope(client, user.scope.code, lon, lat))) {
    throw new ApiError('forbidden', `(${lon.toFixed(6)}, ${lat.toFixed(6)}) lies outside ${user.scope.name}: you may register hazards only inside your brigade's area.`, [
      { param: 'lon', reason: 'scope' },
    ]);
  }
  if (b.marketId != null) await checkMarketLink(client, b.marketId, b.type, [lon, lat]);
  if (!b.confirmNotDuplicate) {
    const near = await client.query<{ j: Record<string, unknown>; distance: number }>(
      `SELECT ${HAZARD_JSON} AS j, round(ST_Distance(h.geom_m, ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), metric_srid()))::numeric, 1)::float8 AS distance
       FROM hazards h ${HAZARD_JOINS}
       WHERE h.type = $3 AND h.status <> 'closed'
         AND ST_DWithin(h.geom_m, ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), metric_srid()), $4)
       ORDER BY distance`,
      [lon, lat, b.type, DUPLICATE_RADIUS_M],
    );
    if (near.rowCount) {
      throw new ApiError(
        'conflict',
        `An open hazard of the same type lies within ${DUPLICATE_RADIUS_M} m (${near.rows.map((x) => `${x.j.number}, ${x.distance} m`).join('; ')}): a duplicate? Send confirmNotDuplicate: true to save anyway.`,
        [{ reason: 'possible_duplicate' }],
        { duplicates: near.rows.map((x) => ({ ...x.j, distance: x.distance })) },
      );
    }
  }
  const foundOn = b.foundOn ?? (await client.query<{ d: string }>(`SELECT ${TODAY}::text AS d`)).rows[0].d;
  const r = await client.query<{ id: number; number: string }>(
    `INSERT INTO hazards (number, type, description, risk, road_name, geom, county_code, township_code, reporter_id, found_on, market_id, client_ref)
     VALUES (next_hazard_number($7, extract(year FROM $9::date)::int), $1, $2, $3, $4, ST_SetSRID(ST_MakePoint($5, $6), 4326), $7, $8, $10, $9, $11, $12)
     RETURNING id, number`,
    [b.type, b.description, b.risk, b.roadName ?? null, lon, lat, place.county, place.township, foundOn, user.id, b.marketId ?? null, b.clientRef ?? null],
  );
  const { id, number } = r.rows[0];
  await addEvent(client, { hazardId: id, actorId: user.id, action: 'register', from: null, to: 'registered', data: { lon, lat, type: b.type, risk: b.risk, ...(b.marketId != null && { marketId: b.marketId }), ...(b.source && { source: b.source }) } });
  return { id, number, county: place.county, foundOn };
}

/** A unit may take hazards of its own area: a township of the county, a department of the county or the city. */
export async function unitForHazard(db: pg.PoolClient, code: string, county: string): Promise<{ id: number; name: string; nameEn: string | null }> {
  const r = await db.query<{ id: number; name: string; nameEn: string | null; ok: boolean }>(
    `SELECT n.id, n.name, n.name_en AS "nameEn", ${unitServesCounty('$2')} AS ok
     FROM units n JOIN jurisdictions j ON j.code = n.jurisdiction_code WHERE n.code = $1`,
    [code, county],
  );
  if (!r.rowCount) throw ApiError.badParam('unitCode', `no unit with code ${code}`, 'unit_unknown');
  if (!r.rows[0].ok) throw ApiError.badParam('unitCode', `unit ${code} does not work in this hazard's county (${county})`, 'unit_elsewhere');
  const { id, name, nameEn } = r.rows[0];
  return { id, name, nameEn };
}


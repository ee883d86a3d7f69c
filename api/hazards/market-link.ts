import type pg from 'pg';
import { z } from 'zod';
import type { SessionUser } from '../auth/accounts';
import { ApiError } from '../lib/api-error';
import { INPUT_CRS, type InputCrs } from '../lib/china-crs';
import { chinaToday } from '../markets/params';
import { addMarketEvent, changeStatus, marketForWrite, sitePoint } from '../markets/store';
import { lonLat } from '../markets/write-schemas';
import { MARKET_RESOLUTIONS, marketResolutionRefusal, type HazardAction, type MarketResolution } from './state-machine';

/** A hazard names a market within this distance of the market's stretch: further is taken for a wrong id. */
export const MARKET_REACH_M = 1000;

/** The fields of a transition that settle a 马路市场 hazard's market (with `pass`). */
export const MARKET_TRANSITION_FIELDS = {
  marketResolution: z.enum(MARKET_RESOLUTIONS, { message: `one of ${MARKET_RESOLUTIONS.join(', ')} (取缔, 搬迁, 规范)` }).optional(),
  /** The market's new site when it is relocated (搬迁), [lon, lat] in `crs`. */
  relocatedTo: lonLat.optional(),
  crs: z.enum(INPUT_CRS, { message: `one of ${INPUT_CRS.join(', ')}` }).default('wgs84'),
};

/**
 * 400 naming `param` unless the hazard may name this market: a 马路市场 hazard, an existing
 * market, its stretch within 1 km of the hazard's point (PostGIS, metric CRS).
 */
export async function checkMarketLink(db: pg.ClientBase, marketId: number, type: string, [lon, lat]: [number, number], param = 'marketId'): Promise<void> {
  if (type !== 'roadside_market') throw ApiError.badParam(param, `only a roadside_market (马路市场) hazard names a market, not ${type}`, 'not_market_hazard');
  const r = await db.query<{ name: string; distance: number }>(
    `SELECT name, ST_Distance(geom_m, ST_Transform(ST_SetSRID(ST_MakePoint($2, $3), 4326), metric_srid())) AS distance FROM markets WHERE id = $1`,
    [marketId, lon, lat],
  );
  if (!r.rowCount) throw ApiError.badParam(param, `no market ${marketId}`, 'market_unknown');
  const { name, distance } = r.rows[0];
  if (distance > MARKET_REACH_M) {
    throw ApiError.badParam(param, `market ${marketId} (${name}) lies ${Math.round(distance)} m from the hazard, more than ${MARKET_REACH_M} m: another market?`, 'market_far');
  }
}

/**
 * The market link a PATCH leaves: the id to store (null: unlinked), or undefined when it stays as
 * it is. A hazard that names a market stays a 马路市场 hazard (400 type, or marketId, otherwise).
 */
export async function patchedMarketLink(
  db: pg.ClientBase, h: { type: string; market_id: number | null }, b: { type?: string; marketId?: number | null }, point: [number, number],
): Promise<number | null | undefined> {
  const type = b.type ?? h.type;
  const market = b.marketId !== undefined ? b.marketId : h.market_id;
  if (market !== null && type !== 'roadside_market') {
    throw ApiError.badParam(b.type !== undefined ? 'type' : 'marketId', `a hazard that names market ${market} is a roadside_market (马路市场); send marketId: null to unlink it first`, 'not_market_hazard');
  }
  if (b.marketId === undefined) return undefined;
  if (b.marketId !== null) await checkMarketLink(db, b.marketId, type, point);
  return b.marketId;
}

export interface HazardForMarket {
  id: number;
  number: string;
  market_id: number | null;
}

/**
 * For a transition of a hazard that names a market, in the transition's transaction: checks the
 * market resolution is given exactly where it belongs (400 marketResolution; relocated needs
 * relocatedTo), and with `pass` sets the market's status (closed, relocated to the new site,
 * regulated) from the day the hazard closes, with a market event naming the hazard. The user must
 * be allowed to change the market (403 scope); a status the market cannot take is a 409 naming
 * marketResolution with the market now. A market already so gets the event alone. Returns the
 * resolution to store with the hazard, or null.
 */
export async function settleMarket(
  db: pg.ClientBase, user: SessionUser, h: HazardForMarket,
  b: { action: HazardAction; marketResolution?: MarketResolution; relocatedTo?: number[]; crs: InputCrs; note?: string },
): Promise<MarketResolution | null> {
  const refusal = marketResolutionRefusal(b.action, h.market_id !== null, b.marketResolution !== undefined);
  if (refusal) throw ApiError.badParam('marketResolution', refusal, 'market_resolution');
  if (b.relocatedTo && b.marketResolution !== 'relocated') throw ApiError.badParam('relocatedTo', 'only with marketResolution relocated (搬迁)');
  if (!b.marketResolution || h.market_id === null) return null;
  if (b.marketResolution === 'relocated' && !b.relocatedTo) throw ApiError.badParam('relocatedTo', 'a market relocated (搬迁) needs its new site [lon, lat]', 'required');
  const site = b.relocatedTo ? await sitePoint(db, b.relocatedTo, b.crs, 'relocatedTo') : null;
  const market = await marketForWrite(db, user, h.market_id);
  const hazard = { id: h.id, number: h.number };
  if (market.status === b.marketResolution) {
    await addMarketEvent(db, {
      marketId: market.id, actorId: user.id, action: 'status', note: b.note,
      data: { from: { status: market.status, statusOn: market.status_on }, status: market.status, statusOn: market.status_on, unchanged: true, hazardId: h.id, hazardNumber: h.number },
    });
  } else {
    await changeStatus(db, user.id, market, { status: b.marketResolution, statusOn: chinaToday(), relocatedTo: site, note: b.note, hazard, param: 'marketResolution' });
  }
  return b.marketResolution;
}

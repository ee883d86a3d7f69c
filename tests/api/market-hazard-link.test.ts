import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaToday } from '@api/markets/params';
import { marketBody, marketSites } from '../support/market-sites';
import { errorOf, evidencePhoto, okJson, signIn, type Client } from '../support/session';
import { createTestApp } from '../support/test-app';

/**
 * The ledger and the markets of 阳谷: a 马路市场 hazard names its market, and the re-inspection
 * that closes it (pass) says how the market was rectified: 取缔 closes the market, 搬迁 relocates
 * it to the new site, 规范 regulates it, in the same transaction, with a market event naming the
 * hazard.
 */
let t: Awaited<ReturnType<typeof createTestApp>>;
let officer: Client;
let sites: [number, number][];

beforeAll(async () => {
  t = await createTestApp();
  officer = await signIn(t.app, 'officer.yanggu');
  sites = await marketSites(t.pool, '371521', 4, 8106);
});
afterAll(() => t?.close());

/** A market at `site` and a 马路市场 hazard on its stretch naming it, walked to 整改复查 (inspecting). */
async function marketWithHazard(site: [number, number]) {
  const market = await okJson(officer.send('POST', '/api/markets', await marketBody(t.pool, site, { name: '阳谷测试集' })), 201);
  const hazard = await okJson(
    officer.send('POST', '/api/hazards', { type: 'roadside_market', description: '集市占道', risk: 'high', lon: site[0], lat: site[1], marketId: market.id, confirmNotDuplicate: true }),
    201,
  );
  let h = hazard;
  for (const step of [
    { action: 'assign', unitCode: '371521-jtj', deadline: '2027-06-30' },
    { action: 'start' },
    { action: 'report', note: '已处置', attachmentIds: [await evidencePhoto(officer, hazard.id)] },
  ]) {
    h = await okJson(officer.send('POST', `/api/hazards/${h.id}/transitions`, { ...step, version: h.version }));
  }
  expect(h.status).toBe('inspecting');
  return { market, hazard: h };
}

const pass = (h: { id: number; version: number }, extra: Record<string, unknown> = {}) =>
  officer.send('POST', `/api/hazards/${h.id}/transitions`, { action: 'pass', version: h.version, ...extra });
const marketNow = async (id: number) => okJson(t.app.request(`/api/markets/${id}`));
const marketEvents = async (id: number) => (await t.pool.query(`SELECT action, note, data FROM market_events WHERE market_id = $1 ORDER BY id`, [id])).rows;

describe('a 马路市场 hazard and its market', () => {
  it('names its market on registration, and shows it', async () => {
    const { market, hazard } = await marketWithHazard(sites[0]);
    expect(hazard).toMatchObject({ type: 'roadside_market', marketId: market.id, marketResolution: null, market: { id: market.id, name: '阳谷测试集', status: 'active' } });
    const events = (await okJson(officer.get(`/api/hazards/${hazard.id}`))).events;
    expect(events[0]).toMatchObject({ action: 'register', data: { marketId: market.id } });
  });

  it('closes the market with 取缔 when the hazard closes, the same day, naming the hazard', async () => {
    const { market, hazard } = await marketWithHazard(sites[1]);
    // The step that closes needs the resolution; 搬迁 needs the new site.
    expect((await errorOf(pass(hazard), 400)).details[0]).toMatchObject({ param: 'marketResolution', rule: 'market_resolution' });
    expect((await errorOf(pass(hazard, { marketResolution: 'relocated' }), 400)).details[0]).toMatchObject({ param: 'relocatedTo', rule: 'required' });
    expect((await errorOf(pass(hazard, { marketResolution: 'gone' }), 400)).details[0]).toMatchObject({ param: 'marketResolution' });
    expect((await marketNow(market.id)).status).toBe('active');

    const closed = await okJson(pass(hazard, { marketResolution: 'closed', note: '取缔，设置禁止摆摊标志' }));
    expect(closed).toMatchObject({ status: 'closed', resolution: 'rectified', marketId: market.id, marketResolution: 'closed', market: { id: market.id, status: 'closed' } });
    expect(await marketNow(market.id)).toMatchObject({ status: 'closed', statusOn: chinaToday(), version: 2, meetsToday: false, nextDay: null });
    expect((await marketEvents(market.id)).at(-1)).toEqual({
      action: 'status', note: '取缔，设置禁止摆摊标志',
      data: { from: { status: 'active', statusOn: null }, status: 'closed', statusOn: chinaToday(), hazardId: hazard.id, hazardNumber: hazard.number },
    });
    const last = (await okJson(officer.get(`/api/hazards/${hazard.id}`))).events.at(-1);
    expect(last).toMatchObject({ action: 'pass', from: 'inspecting', to: 'closed', data: { marketId: market.id, marketResolution: 'closed' } });

    // Reopened, the hazard loses its resolution; the market stays closed (it was, that day).
    const reopened = await okJson(officer.send('POST', `/api/hazards/${hazard.id}/transitions`, { action: 'reopen', version: closed.version, note: '又有摆摊' }));
    expect(reopened).toMatchObject({ status: 'registered', resolution: null, marketResolution: null });
    expect((await marketNow(market.id)).status).toBe('closed');
  });

  it('relocates the market to the new site with 搬迁, and regulates it with 规范', async () => {
    const moved = await marketWithHazard(sites[2]);
    const site = [sites[2][0] + 0.01, sites[2][1] + 0.005];
    await okJson(pass(moved.hazard, { marketResolution: 'relocated', relocatedTo: site }));
    const m = await marketNow(moved.market.id);
    expect(m).toMatchObject({ status: 'relocated', statusOn: chinaToday() });
    expect(m.relocatedTo[0]).toBeCloseTo(site[0], 7);
    expect(m.relocatedTo[1]).toBeCloseTo(site[1], 7);

    const kept = await marketWithHazard(sites[3]);
    const done = await okJson(pass(kept.hazard, { marketResolution: 'regulated' }));
    expect(done.marketResolution).toBe('regulated');
    expect(await marketNow(kept.market.id)).toMatchObject({ status: 'regulated', statusOn: chinaToday(), nextDay: expect.any(String) });
  });

  it('leaves both as they were when the market cannot take the status, or the officer is of another brigade', async () => {
    const { market, hazard } = await marketWithHazard(sites[0]);
    await okJson(officer.send('POST', `/api/markets/${market.id}/status`, { version: 1, status: 'closed', statusOn: '2026-01-10' }));
    // 规范 for a market already closed: 409 naming marketResolution, and the hazard is not closed either.
    const e = await errorOf(pass(hazard, { marketResolution: 'regulated' }), 409);
    expect(e.details[0]).toEqual({ param: 'marketResolution', reason: 'state' });
    expect(e.current).toMatchObject({ id: market.id, status: 'closed' });
    expect((await okJson(officer.get(`/api/hazards/${hazard.id}`))).status).toBe('inspecting');
    const linqing = await signIn(t.app, 'officer.linqing');
    expect((await linqing.send('POST', `/api/hazards/${hazard.id}/transitions`, { action: 'pass', version: hazard.version, marketResolution: 'closed' })).status).toBe(403);
    // 取缔 for a market already closed: the hazard closes, the market keeps its day, and the event names the hazard.
    await okJson(pass(hazard, { marketResolution: 'closed' }));
    expect(await marketNow(market.id)).toMatchObject({ status: 'closed', statusOn: '2026-01-10', version: 2 });
    expect((await marketEvents(market.id)).at(-1).data).toMatchObject({ unchanged: true, hazardId: hazard.id });
  });

  it('refuses a market a hazard cannot name, and a resolution where it does not belong', async () => {
    const { market, hazard } = await marketWithHazard(sites[1]);
    const register = (extra: Record<string, unknown>) =>
      officer.send('POST', '/api/hazards', { type: 'roadside_market', description: '集市', risk: 'general', lon: sites[1][0], lat: sites[1][1], confirmNotDuplicate: true, ...extra });
    expect((await errorOf(register({ type: 'other', marketId: market.id }), 400)).details[0]).toMatchObject({ param: 'marketId', rule: 'not_market_hazard' });
    expect((await errorOf(register({ marketId: 2147483647 }), 400)).details[0]).toMatchObject({ param: 'marketId', rule: 'market_unknown' });
    expect((await errorOf(register({ marketId: 99999999999 }), 400)).details[0]).toMatchObject({ param: 'marketId' });
    // The market farthest from the hazard, kilometres away: a wrong id.
    const far = (await t.pool.query(`SELECT id FROM markets ORDER BY ST_Distance(geom_m, ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), metric_srid())) DESC LIMIT 1`, sites[1])).rows[0].id;
    expect((await errorOf(register({ marketId: far }), 400)).details[0]).toMatchObject({ param: 'marketId', rule: 'market_far', reason: expect.stringMatching(/more than 1000 m/) });
    // A resolution with another step, or on a hazard that names no market.
    expect((await errorOf(officer.send('POST', `/api/hazards/${hazard.id}/transitions`, { action: 'fail', version: hazard.version, note: '未整改', marketResolution: 'closed' }), 400)).details[0]).toMatchObject({ param: 'marketResolution', reason: expect.stringMatching(/only with pass/) });
    const plain = await okJson(register({}), 201);
    expect((await errorOf(officer.send('POST', `/api/hazards/${plain.id}/transitions`, { action: 'invalidate', version: plain.version, resolution: 'invalid', note: '误报', marketResolution: 'closed' }), 400)).details[0]).toMatchObject({ param: 'marketResolution' });
    // PATCH links and unlinks; a hazard naming a market stays a 马路市场 hazard.
    const linked = await okJson(officer.send('PATCH', `/api/hazards/${plain.id}`, { version: plain.version, marketId: market.id }));
    expect(linked.marketId).toBe(market.id);
    expect((await errorOf(officer.send('PATCH', `/api/hazards/${plain.id}`, { version: linked.version, type: 'other' }), 400)).details[0]).toMatchObject({ param: 'type', rule: 'not_market_hazard' });
    const unlinked = await okJson(officer.send('PATCH', `/api/hazards/${plain.id}`, { version: linked.version, marketId: null, type: 'other' }));
    expect(unlinked).toMatchObject({ marketId: null, type: 'other' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineFrom, marketBody, marketSites } from '../support/market-sites';
import { errorOf, okJson, signIn, type Client } from '../support/session';
import { createTestApp } from '../support/test-app';

/** Every input a client can get wrong in a market write is a 400 (or 413) naming the field, and saves nothing. */
let t: Awaited<ReturnType<typeof createTestApp>>;
let officer: Client;
let site: [number, number];
let good: Record<string, unknown>;
let marketId: number;

beforeAll(async () => {
  t = await createTestApp();
  officer = await signIn(t.app, 'officer.shenxian');
  [site] = await marketSites(t.pool, '371522', 1, 8103);
  good = await marketBody(t.pool, site);
  marketId = (await okJson(officer.send('POST', '/api/markets', good), 201)).id;
});
afterAll(() => t?.close());

const count = async () => (await t.pool.query(`SELECT (SELECT count(*) FROM markets)::int AS m, (SELECT count(*) FROM market_events)::int AS e`)).rows[0];

/** A line or polygon given in metres from the site (metric CRS), as GeoJSON in WGS84. */
async function shape(type: 'LineString' | 'Polygon', metres: [number, number][]) {
  const r = await t.pool.query(
    `SELECT ST_AsGeoJSON(ST_Transform(g, 4326), 9)::json AS g FROM (
       SELECT CASE WHEN $4 = 'Polygon' THEN ST_MakePolygon(ST_MakeLine(p ORDER BY k)) ELSE ST_MakeLine(p ORDER BY k) END AS g
       FROM (SELECT ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), metric_srid()) AS o) x,
            LATERAL (SELECT k, ST_Translate(x.o, (m->>0)::float8, (m->>1)::float8) AS p FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY j(m, k)) v
       GROUP BY x.o) y`,
    [site[0], site[1], JSON.stringify(metres), type],
  );
  return r.rows[0].g;
}

async function bad(body: unknown, param: string, opts: { path?: string; rule?: string; reason?: RegExp; method?: 'POST' | 'PATCH'; url?: string } = {}) {
  const e = await errorOf(officer.send(opts.method ?? 'POST', opts.url ?? '/api/markets', body), 400);
  expect(e.details[0].param, JSON.stringify(e)).toBe(param);
  if (opts.path) expect(e.details[0].path).toBe(opts.path);
  if (opts.rule) expect(e.details[0].rule).toBe(opts.rule);
  if (opts.reason) expect(e.details[0].reason).toMatch(opts.reason);
  return e;
}

describe('a market write refuses', () => {
  it('days that do not fit the calendar, and unknown calendars', async () => {
    await bad({ ...good, days: [5, 31] }, 'days', { path: 'days.1', reason: /31 is not a day: lunar days run 1–30/ });
    await bad({ ...good, calendar: 'solar', days: [0, 15] }, 'days', { path: 'days.0', reason: /0 is not a day/ });
    await bad({ ...good, calendar: 'weekly', days: [6, 8] }, 'days', { path: 'days.1' });
    await bad({ ...good, days: [] }, 'days');
    await bad({ ...good, days: [5, 5] }, 'days', { reason: /twice/ });
    await bad({ ...good, days: [2.5] }, 'days');
    await bad({ ...good, days: '逢五、十' }, 'days');
    await bad({ ...good, calendar: 'moon' }, 'calendar', { reason: /one of lunar, solar, weekly/ });
    // A new calendar alone must fit the days the market has: day 30 is no weekday.
    await bad({ version: 1, calendar: 'weekly' }, 'days', { method: 'PATCH', url: `/api/markets/${marketId}`, reason: /do not fit calendar weekly/ });
  });

  it('hours reversed, empty or not HH:MM', async () => {
    await bad({ ...good, hours: { from: '12:00', to: '06:00' } }, 'hours', { path: 'hours.to', reason: /reversed/ });
    await bad({ ...good, hours: { from: '08:00', to: '08:00' } }, 'hours', { path: 'hours.to' });
    await bad({ ...good, hours: { from: '6:00', to: '12:00' } }, 'hours', { path: 'hours.from', reason: /HH:MM/ });
    await bad({ ...good, hours: { from: '06:00', to: '24:00' } }, 'hours', { path: 'hours.to' });
    await bad({ ...good, hours: '06:00-12:00' }, 'hours');
    await bad({ ...good, hours: undefined }, 'hours');
  });

  it('geometry outside Liaocheng, self-intersecting, in projected metres or swapped, too large, or of another kind', async () => {
    await bad({ ...good, geometry: { type: 'LineString', coordinates: [[116.39, 39.9], [116.4, 39.9]] } }, 'geometry', { rule: 'outside_liaocheng', reason: /POINT\(116\.39 39\.9\) lies outside Liaocheng/ });
    // A bow tie: its edges cross 50 m east and 50 m north of the site.
    const tie = await shape('Polygon', [[0, 0], [100, 100], [100, 0], [0, 100], [0, 0]]);
    await bad({ ...good, geometry: tie }, 'geometry', { rule: 'invalid_geometry', reason: /not a valid polygon: Self-intersection\[/ });
    // A line doubling back across itself at 100 m east of the site.
    const z = await shape('LineString', [[0, 0], [200, 0], [100, 100], [100, -100]]);
    const e = await bad({ ...good, geometry: z }, 'geometry', { rule: 'invalid_geometry', reason: /not a valid line: Self-intersection\[/ });
    const [x, y] = /Self-intersection\[(\S+) (\S+)\]/.exec(e.details[0].reason)!.slice(1).map(Number);
    const at = (await t.pool.query(`SELECT ST_X(p) AS x, ST_Y(p) AS y FROM (SELECT ST_Transform(ST_Translate(ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), metric_srid()), 100, 0), 4326) AS p) q`, site)).rows[0];
    expect(x).toBeCloseTo(at.x, 7);
    expect(y).toBeCloseTo(at.y, 7);
    await bad({ ...good, geometry: { type: 'LineString', coordinates: [[448000, 4035000], [448300, 4035000]] } }, 'geometry', { rule: 'projected', reason: /position 1 .*projected metres/ });
    await bad({ ...good, geometry: { type: 'LineString', coordinates: [[site[1], site[0]], [site[1] + 0.001, site[0]]] } }, 'geometry', { rule: 'swapped_axes' });
    await bad({ ...good, geometry: await lineFrom(t.pool, site, 5200) }, 'geometry', { rule: 'too_large', reason: /5200 m is longer than the 5000 m/ });
    await bad({ ...good, geometry: await shape('Polygon', [[0, 0], [600, 0], [600, 600], [0, 600], [0, 0]]) }, 'geometry', { rule: 'too_large', reason: /360000 m² is larger than the 250000 m²/ });
    await bad({ ...good, geometry: { type: 'Point', coordinates: site } }, 'geometry', { reason: /LineString, MultiLineString, Polygon or MultiPolygon/ });
    await bad({ ...good, geometry: { type: 'LineString', coordinates: [site] } }, 'geometry', { reason: /at least 2 positions/ });
    await bad({ ...good, geometry: { type: 'Polygon', coordinates: [[site, [site[0] + 0.001, site[1]], [site[0], site[1] + 0.001], [site[0] + 0.002, site[1]]]] } }, 'geometry', { reason: /closed/ });
    await bad({ ...good, geometry: { type: 'LineString', coordinates: [site, site] } }, 'geometry', { rule: 'invalid_geometry', reason: /Too few points/ });
    await bad({ ...good, geometry: { type: 'LineString', coordinates: Array.from({ length: 2001 }, (_, i) => [site[0] + i * 1e-6, site[1]]) } }, 'geometry', { reason: /at most 2000 positions/ });
    await bad({ ...good, crs: 'wgs' }, 'crs');
  });

  it('text with NUL characters, empty or too long', async () => {
    await bad({ ...good, name: '集\u0000' }, 'name', { reason: /NUL/ });
    await bad({ ...good, source: 'x\u0000' }, 'source', { reason: /NUL/ });
    await bad({ ...good, note: '\u0000' }, 'note');
    await bad({ ...good, name: '  ' }, 'name');
    await bad({ ...good, name: '集'.repeat(101) }, 'name', { reason: /at most 100/ });
  });

  it('statuses without their day or new site, dates the database cannot hold, sites outside Liaocheng', async () => {
    await bad({ ...good, status: 'closed' }, 'statusOn', { reason: /needs the day/ });
    await bad({ ...good, status: 'relocated', statusOn: '2025-01-01' }, 'relocatedTo', { reason: /new site/ });
    await bad({ ...good, status: 'gone' }, 'status');
    await bad({ ...good, status: 'closed', statusOn: '0000-01-01' }, 'statusOn');
    await bad({ ...good, status: 'closed', statusOn: '2026-02-30' }, 'statusOn');
    await bad({ ...good, relocatedTo: [site[0] + 0.01, site[1]] }, 'relocatedTo', { reason: /only for a relocated market/ });
    await bad({ ...good, status: 'relocated', statusOn: '2025-01-01', relocatedTo: [113, 34.7] }, 'relocatedTo', { rule: 'outside_liaocheng' });
    await bad({ ...good, status: 'relocated', statusOn: '2025-01-01', relocatedTo: [site[0]] }, 'relocatedTo');
    await bad({ version: 1, status: 'relocated' }, 'relocatedTo', { url: `/api/markets/${marketId}/status` });
    await bad({ version: 1, status: 'open' }, 'status', { url: `/api/markets/${marketId}/status` });
    await bad({ status: 'closed' }, 'version', { url: `/api/markets/${marketId}/status` });
  });

  it('changes without a version, without a field, or with the status', async () => {
    const url = `/api/markets/${marketId}`;
    await bad({ name: '新名' }, 'version', { method: 'PATCH', url });
    await bad({ version: 1 }, 'version', { method: 'PATCH', url, reason: /nothing to change/ });
    await bad({ version: 1, status: 'closed' }, 'status', { method: 'PATCH', url, reason: /POST \/api\/markets\/:id\/status/ });
    await bad({ version: 1, name: '新名' }, 'id', { method: 'PATCH', url: '/api/markets/99999999999999999999' });
    await bad({ version: 1, status: 'closed' }, 'id', { url: '/api/markets/2147483648/status' });
  });

  it('bodies that are not JSON, or too large', async () => {
    const raw = (body: string) => t.app.request('/api/markets', { method: 'POST', headers: { cookie: officer.cookie, 'x-csrf-token': officer.csrf, 'content-type': 'application/json' }, body });
    expect((await errorOf(raw('{"name": "集",'), 400)).details[0]).toMatchObject({ param: 'body', reason: 'is not valid JSON' });
    const huge = await errorOf(raw(JSON.stringify({ ...good, note: 'x'.repeat(1_100_000) })), 413);
    expect(huge.details[0]).toMatchObject({ param: 'body', reason: /larger than 1024 kB/ });
  });

  it('and saves nothing of any of them', async () => {
    const before = await count();
    await bad({ ...good, days: [31] }, 'days');
    await bad({ version: 1, calendar: 'weekly' }, 'days', { method: 'PATCH', url: `/api/markets/${marketId}` });
    expect(await count()).toEqual(before);
    expect((await t.pool.query(`SELECT version FROM markets WHERE id = $1`, [marketId])).rows[0].version).toBe(1);
  });
});

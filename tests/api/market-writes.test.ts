import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wgs84ToGcj02 } from '@api/lib/china-crs';
import { chinaToday } from '@api/markets/params';
import { lineFrom, marketBody, marketSites } from '../support/market-sites';
import { errorOf, okJson, signIn, type Client } from '../support/session';
import { createTestApp } from '../support/test-app';

/** Creating, changing and closing markets of 冠县 (no other test writes markets there), and the events they leave. */
let t: Awaited<ReturnType<typeof createTestApp>>;
let officer: Client;
let sites: [number, number][];

beforeAll(async () => {
  t = await createTestApp();
  officer = await signIn(t.app, 'officer.guanxian');
  sites = await marketSites(t.pool, '371525', 6, 8102);
});
afterAll(() => t?.close());

const events = async (id: number) =>
  (await t.pool.query(`SELECT e.action, u.username, e.note, e.data FROM market_events e JOIN users u ON u.id = e.actor_id WHERE e.market_id = $1 ORDER BY e.id`, [id])).rows;

describe('POST /api/markets', () => {
  it('stores the market where PostGIS places it, with a create event naming who', async () => {
    const body = await marketBody(t.pool, sites[0], { name: '西关集', days: [30, 5, 25, 10, 20, 15], hours: { from: '05:30', to: '11:00' }, note: '新登记' });
    const m = await okJson(officer.send('POST', '/api/markets', body), 201);
    expect(m).toMatchObject({
      name: '西关集', countyCode: '371525', calendar: 'lunar', days: [5, 10, 15, 20, 25, 30], hours: { from: '05:30', to: '11:00' },
      status: 'active', statusOn: null, relocatedTo: null, source: 'entered by officer.guanxian', synthetic: false, version: 1,
    });
    // The township is the one holding the point of the stretch nearest its centre: here its middle, 150 m along.
    const place = await t.pool.query(
      `SELECT code FROM jurisdictions WHERE level = 'township' AND parent_code = '371525' AND ST_Intersects(geom, ST_LineInterpolatePoint(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), 0.5))`,
      [JSON.stringify(body.geometry)],
    );
    expect(m.townshipCode).toBe(place.rows[0].code);
    expect(m.geometry.type).toBe('LineString');
    m.geometry.coordinates.flat().forEach((v: number, i: number) => expect(v).toBeCloseTo(body.geometry.coordinates.flat()[i], 7));
    const length = await t.pool.query(`SELECT ST_Length(geom_m) AS m FROM markets WHERE id = $1`, [m.id]);
    expect(length.rows[0].m).toBeCloseTo(300, 3);
    expect(await events(m.id)).toEqual([{
      action: 'create', username: 'officer.guanxian', note: '新登记',
      data: { name: '西关集', calendar: 'lunar', days: [5, 10, 15, 20, 25, 30], hours: { from: '05:30', to: '11:00' }, status: 'active', statusOn: null, relocatedTo: null, source: 'entered by officer.guanxian' },
    }]);
  });

  it('converts a stretch drawn on AMap (GCJ-02) to WGS84 before storing it', async () => {
    const wgs = await lineFrom(t.pool, sites[1], 0, 250);
    const gcj = { type: 'LineString', coordinates: wgs.coordinates.map(([lon, lat]) => wgs84ToGcj02(lon, lat)) };
    // GCJ-02 is some hundreds of metres off here: storing it as given would misplace the market.
    const shift = await t.pool.query(`SELECT ST_Distance(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), 4498), ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($2), 4326), 4498)) AS m`, [JSON.stringify(wgs), JSON.stringify(gcj)]);
    expect(shift.rows[0].m).toBeGreaterThan(100);
    const m = await okJson(officer.send('POST', '/api/markets', { ...(await marketBody(t.pool, sites[1])), geometry: gcj, crs: 'gcj02' }), 201);
    m.geometry.coordinates.flat().forEach((v: number, i: number) => expect(v).toBeCloseTo(wgs.coordinates.flat()[i], 6));
  });

  it('takes two roads that cross as one MultiLineString, and a polygon of stalls', async () => {
    const [a, b] = [await lineFrom(t.pool, sites[2], 400), await lineFrom(t.pool, sites[2], 0, 400)];
    // Shift the second line 200 m west and south so that the two cross at their middles.
    const cross = await t.pool.query(`SELECT ST_AsGeoJSON(ST_Transform(ST_Translate(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), metric_srid()), 200, -200), 4326), 9)::json AS g`, [JSON.stringify(b)]);
    const multi = { type: 'MultiLineString', coordinates: [a.coordinates, cross.rows[0].g.coordinates] };
    const m = await okJson(officer.send('POST', '/api/markets', { ...(await marketBody(t.pool, sites[2])), geometry: multi }), 201);
    expect(m.geometry.type).toBe('MultiLineString');
    const square = await t.pool.query(
      `SELECT ST_AsGeoJSON(ST_Transform(ST_Envelope(ST_Collect(o, ST_Translate(o, 100, 80))), 4326), 9)::json AS g
       FROM (SELECT ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), metric_srid()) AS o) x`,
      sites[3],
    );
    const p = await okJson(officer.send('POST', '/api/markets', { ...(await marketBody(t.pool, sites[3])), geometry: square.rows[0].g, calendar: 'solar', days: [1, 11, 21] }), 201);
    expect(p).toMatchObject({ calendar: 'solar', days: [1, 11, 21] });
    expect((await t.pool.query(`SELECT ST_Area(geom_m) AS a FROM markets WHERE id = $1`, [p.id])).rows[0].a).toBeCloseTo(8000, 0);
  });
});

describe('PATCH /api/markets/:id and its version', () => {
  it('changes the fields sent, bumps the version, and records what changed and what it was', async () => {
    const m = await okJson(officer.send('POST', '/api/markets', await marketBody(t.pool, sites[4], { name: '北街集' })), 201);
    const changed = await okJson(officer.send('PATCH', `/api/markets/${m.id}`, { version: 1, name: '北街早集', hours: { from: '05:00', to: '09:30' }, note: '改时间' }));
    expect(changed).toMatchObject({ name: '北街早集', hours: { from: '05:00', to: '09:30' }, days: [5, 10, 15, 20, 25, 30], version: 2 });
    expect((await events(m.id))[1]).toEqual({
      action: 'update', username: 'officer.guanxian', note: '改时间',
      data: { changed: { name: '北街早集', hours: { from: '05:00', to: '09:30' } }, was: { name: '北街集', hours: { from: '06:00', to: '12:00' } } },
    });

    // A second write based on version 1 is refused with the market as it is now, and changes nothing.
    const e = await errorOf(officer.send('PATCH', `/api/markets/${m.id}`, { version: 1, name: '旧名' }), 409);
    expect(e.details).toEqual([{ param: 'version', reason: 'stale' }]);
    expect(e.current).toMatchObject({ id: m.id, name: '北街早集', version: 2 });
    expect(await events(m.id)).toHaveLength(2);

    const moved = await okJson(officer.send('PATCH', `/api/markets/${m.id}`, { version: 2, calendar: 'solar', geometry: await lineFrom(t.pool, sites[4], -200) }));
    expect(moved).toMatchObject({ calendar: 'solar', days: [5, 10, 15, 20, 25, 30], version: 3 });
    expect(moved.geometry.coordinates[1][0]).toBeLessThan(moved.geometry.coordinates[0][0]);
  });

  it('has no DELETE: a market entered by mistake is closed with a note', async () => {
    const m = await okJson(officer.send('POST', '/api/markets', await marketBody(t.pool, sites[5], { name: '误登集' })), 201);
    expect((await officer.send('DELETE', `/api/markets/${m.id}?version=1`)).status).toBe(404);
    const closed = await okJson(officer.send('POST', `/api/markets/${m.id}/status`, { version: 1, status: 'closed', note: '误登记，实为同一集市' }));
    expect(closed).toMatchObject({ status: 'closed', statusOn: chinaToday(), version: 2, meetsToday: false, nextDay: null });
    expect((await events(m.id)).map((x) => [x.action, x.note])).toEqual([['create', null], ['status', '误登记，实为同一集市']]);
  });
});

describe('POST /api/markets/:id/status', () => {
  it('regulates, then closes with its day; a closed market goes nowhere else', async () => {
    const m = await okJson(officer.send('POST', '/api/markets', await marketBody(t.pool, sites[0], { name: '规范集' })), 201);
    const regulated = await okJson(officer.send('POST', `/api/markets/${m.id}/status`, { version: 1, status: 'regulated', statusOn: '2025-03-01', note: '设置护栏、护集警力' }));
    expect(regulated).toMatchObject({ status: 'regulated', statusOn: '2025-03-01', version: 2 });
    const closed = await okJson(officer.send('POST', `/api/markets/${m.id}/status`, { version: 2, status: 'closed', statusOn: '2025-09-01' }));
    expect(closed).toMatchObject({ status: 'closed', statusOn: '2025-09-01', version: 3 });
    const e = await errorOf(officer.send('POST', `/api/markets/${m.id}/status`, { version: 3, status: 'regulated', statusOn: '2025-10-01' }), 409);
    expect(e.details).toEqual([{ param: 'status', reason: 'state' }]);
    expect(e.current).toMatchObject({ status: 'closed', version: 3 });
    // The same status again corrects its day.
    expect(await okJson(officer.send('POST', `/api/markets/${m.id}/status`, { version: 3, status: 'closed', statusOn: '2025-08-15' }))).toMatchObject({ statusOn: '2025-08-15', version: 4 });
    expect((await events(m.id)).slice(1).map((x) => x.data)).toEqual([
      { from: { status: 'active', statusOn: null }, status: 'regulated', statusOn: '2025-03-01' },
      { from: { status: 'regulated', statusOn: '2025-03-01' }, status: 'closed', statusOn: '2025-09-01' },
      { from: { status: 'closed', statusOn: '2025-09-01' }, status: 'closed', statusOn: '2025-08-15' },
    ]);
  });

  it('relocates only with the new site, converted from Baidu (BD-09) when said so', async () => {
    const m = await okJson(officer.send('POST', '/api/markets', await marketBody(t.pool, sites[1], { name: '搬迁集' })), 201);
    const e = await errorOf(officer.send('POST', `/api/markets/${m.id}/status`, { version: 1, status: 'relocated', statusOn: '2025-05-01' }), 400);
    expect(e.details[0]).toMatchObject({ param: 'relocatedTo' });
    const [lon, lat] = [sites[1][0] + 0.01, sites[1][1]];
    const { gcj02ToBd09 } = await import('@api/lib/china-crs');
    const bd = gcj02ToBd09(...wgs84ToGcj02(lon, lat));
    const moved = await okJson(officer.send('POST', `/api/markets/${m.id}/status`, { version: 1, status: 'relocated', statusOn: '2025-05-01', relocatedTo: bd, crs: 'bd09' }));
    expect(moved).toMatchObject({ status: 'relocated', statusOn: '2025-05-01', version: 2, nextDay: null });
    expect(moved.relocatedTo[0]).toBeCloseTo(lon, 5);
    expect(moved.relocatedTo[1]).toBeCloseTo(lat, 5);
  });
});

import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { SessionUser } from '@api/auth/accounts';
import { wgs84ToGcj02 } from '@api/lib/china-crs';
import { importMarkets, uploadRows } from '@api/markets/import';
import { signIn } from '../support/session';
import { createTestApp } from '../support/test-app';

/**
 * The markets import on hand-built roads, in a transaction rolled back after each test (the import
 * is called as the route calls it, on the test's own connection). Around O, in fields 1.7 km from
 * the test world's nearest road (as tests/api/markets.test.ts's market): a provincial road along
 * O's parallel, an expressway 40 m north of it, a village road 200 m south. Positions in metres
 * from O (east, north).
 */
const O = [116.1, 36.42];
let db: pg.Client;
let t: Awaited<ReturnType<typeof createTestApp>>;
let admin: SessionUser;

beforeAll(async () => {
  db = new pg.Client(inject('db').connection);
  await db.connect();
  t = await createTestApp();
  admin = (await signIn(t.app, 'admin')).user as unknown as SessionUser;
});
afterAll(async () => {
  await db?.end();
  await t?.close();
});

const line = (e0: number, n0: number, e1: number, n1: number) =>
  `ST_Transform(ST_MakeLine(ST_Translate(o, ${e0}, ${n0}), ST_Translate(o, ${e1}, ${n1})), 4326) FROM (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(${O[0]}, ${O[1]}), 4326), metric_srid()) AS o) x`;
/** O moved by metres, as [lon, lat]. */
async function at(east: number, north: number): Promise<[number, number]> {
  const r = await db.query(`SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_Transform(ST_Translate(ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), metric_srid()), $3, $4), 4326) AS p) x`, [O[0], O[1], east, north]);
  return [r.rows[0].lon, r.rows[0].lat];
}

beforeEach(async () => {
  await db.query('BEGIN');
  await db.query(`INSERT INTO roads (id, class, name, ref, design_speed, synthetic, geom) SELECT 990101, 'provincial', 'S998测试线', 'S998', 60, false, ${line(-1000, 0, 1000, 0)}`);
  await db.query(`INSERT INTO roads (id, class, name, ref, design_speed, synthetic, geom) SELECT 990102, 'expressway', 'G998测试高速', 'G998', 120, false, ${line(-1000, 40, 1000, 40)}`);
  await db.query(`INSERT INTO roads (id, class, name, design_speed, synthetic, geom) SELECT 990103, 'village', '测试村路', 30, false, ${line(-1000, -200, 1000, -200)}`);
});
afterEach(() => db.query('ROLLBACK'));

const csv = async (lines: string[]) => (await uploadRows(new TextEncoder().encode(lines.join('\r\n')), '集市.csv')).rows;
const counts = async () => (await db.query(`SELECT (SELECT count(*) FROM markets)::int AS markets, (SELECT count(*) FROM market_events)::int AS events`)).rows[0];

describe('importing a market list', () => {
  it('builds each stretch from its point along the nearest road that is not an expressway, and reports every bad row', async () => {
    const [p, south, far, moved] = [await at(0, 30), await at(0, -150), await at(0, -520), await at(900, -150)];
    const gcj = wgs84ToGcj02(...p);
    const rows = await csv([
      'name,calendar,days,hours_from,hours_to,status,status_on,lon,lat,crs,新址经度,新址纬度,备注',
      `西集,农历,"2,7",06:00,12:00,,,${p[0]},${p[1]},,,,逢二七`, // 2: saved along the provincial road
      `南集,lunar,逢三、八,6:30,11:00,已搬迁,2024/5/1,${south[0]},${south[1]},,${moved[0]},${moved[1]},`, // 3: saved, relocated, on the village road
      `远集,lunar,"5,10",06:00,12:00,,,${far[0]},${far[1]},,,,`, // 4: no road within 300 m
      `错集,lunar,"1,31",06:00,12:00,,,${p[0]},${p[1]},,,,`, // 5: day 31
      `倒集,lunar,"5,10",12:00,06:00,,,${p[0]},${p[1]},,,,`, // 6: hours reversed
      `月集,moon,"5,10",06:00,12:00,,,${p[0]},${p[1]},,,,`, // 7: unknown calendar
      `高德集,lunar,"5,10",06:00,12:00,,,${gcj[0]},${gcj[1]},GCJ-02,,,`, // 8: saved, the same point given in GCJ-02
      `取缔集,lunar,"5,10",06:00,12:00,取缔,,${p[0]},${p[1]},,,,`, // 9: closed without its day
      `外集,lunar,"5,10",06:00,12:00,,,113,34.7,,,,`, // 10: outside Liaocheng
      `迁集,lunar,"5,10",06:00,12:00,已搬迁,2024-05-01,${p[0]},${p[1]},,113,34.7,`, // 11: the new site outside Liaocheng
      '', // 12: blank, skipped
      `米集,lunar,"5,10",06:00,12:00,,,448000,4035000,,,,`, // 13: projected metres
    ]);
    const before = await counts();
    const report = await importMarkets(db, admin, rows, 'wgs84', '集市.csv');
    const byRow = Object.fromEntries(report.map((r) => [r.row, r]));
    expect(report.map((r) => [r.row, r.status, r.field ?? null, r.rule ?? null])).toEqual([
      [2, 'saved', null, null],
      [3, 'saved', null, null],
      [4, 'rejected', 'lon', 'no_road'],
      [5, 'rejected', 'days', 'bad_days'],
      [6, 'rejected', 'hoursTo', 'hours_reversed'],
      [7, 'rejected', 'calendar', 'unknown_calendar'],
      [8, 'saved', null, null],
      [9, 'rejected', 'statusOn', 'required'],
      [10, 'rejected', 'lon', 'outside_liaocheng'],
      [11, 'rejected', 'relocatedLon', 'outside_liaocheng'],
      [13, 'rejected', 'lon', 'projected'],
    ]);
    expect(byRow[4].reason).toMatch(/no road \(other than an expressway\) within 300 m/);
    expect(byRow[5].reason).toBe('31 is not a day: lunar days run 1–30');
    // Only the saved rows left anything: a market and its create event each.
    expect(await counts()).toEqual({ markets: before.markets + 3, events: before.events + 3 });

    const stored = await db.query(
      `SELECT m.id, m.name, m.days, m.hours_from::text AS "from", m.hours_to::text AS "to", m.status, m.status_on::text AS "statusOn",
              round(ST_Length(m.geom_m)::numeric, 2)::float8 AS length, round(ST_Distance(m.geom_m, r.geom_m)::numeric, 3)::float8 AS off_road, r.class,
              round(ST_Distance(ST_Transform(m.relocated_to, metric_srid()), ST_Transform(ST_SetSRID(ST_MakePoint($2, $3), 4326), metric_srid()))::numeric, 2)::float8 AS site_off
       FROM markets m JOIN roads r ON r.id IN (990101, 990103) AND ST_Covers(ST_Buffer(r.geom_m, 0.01), m.geom_m)
       WHERE m.id = ANY ($1) ORDER BY m.id`,
      [[byRow[2].id, byRow[3].id, byRow[8].id], moved[0], moved[1]],
    );
    // 30 m north of the provincial road (the expressway, 10 m away, has no market): the road within
    // 300 m of the point, as the seed clips it: by PostGIS' buffer, a 32-gon with a vertex due east
    // and the next at 11.25° (294.236, 58.527). The road 30 m off crosses that edge at
    // x = 300 − 30/58.527 · 5.764 = 297.045, so the stretch is 594.09 m. 150 m south of O the
    // village road is 50 m away (the provincial 150 m): x = 300 − 50/58.527 · 5.764 = 295.075, 590.15 m.
    expect(stored.rows.map(({ id: _id, ...r }) => r)).toEqual([
      { name: '西集', days: [2, 7, 12, 17, 22, 27], from: '06:00:00', to: '12:00:00', status: 'active', statusOn: null, length: 594.09, off_road: 0, class: 'provincial', site_off: null },
      { name: '南集', days: [3, 8, 13, 18, 23, 28], from: '06:30:00', to: '11:00:00', status: 'relocated', statusOn: '2024-05-01', length: 590.15, off_road: 0, class: 'village', site_off: 0 },
      { name: '高德集', days: [5, 10, 15, 20, 25, 30], from: '06:00:00', to: '12:00:00', status: 'active', statusOn: null, length: 594.09, off_road: 0, class: 'provincial', site_off: null },
    ]);
    const events = await db.query(`SELECT market_id, action, note, data->>'via' AS via, data->>'file' AS file, (data->>'row')::int AS row FROM market_events WHERE market_id = ANY ($1) ORDER BY market_id`, [[byRow[2].id, byRow[3].id]]);
    expect(events.rows).toEqual([
      { market_id: byRow[2].id, action: 'create', note: '逢二七', via: 'import', file: '集市.csv', row: 2 },
      { market_id: byRow[3].id, action: 'create', note: null, via: 'import', file: '集市.csv', row: 3 },
    ]);
  });

  it('takes GeoJSON features with the stretch as their geometry', async () => {
    const [a, b] = [await at(-100, 0), await at(100, 0)];
    const [c, d, e] = [await at(0, 0), await at(50, 50), await at(50, -50)];
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'LineString', coordinates: [a, b] }, properties: { name: '线集', calendar: 'weekly', days: [6, 7], hours: { from: '07:00', to: '10:00' } } },
        { type: 'Feature', geometry: { type: 'LineString', coordinates: [c, b, d, e] }, properties: { name: '乱集', calendar: 'lunar', days: '逢一、六', hours_from: '06:00', hours_to: '12:00' } },
        { type: 'Feature', geometry: null, properties: { name: '空集', calendar: 'lunar', days: [1, 6], hours: { from: '06:00', to: '12:00' } } },
        { type: 'Feature', geometry: { type: 'LineString', coordinates: [a, b] }, properties: { name: '周集', calendar: 'weekly', days: [0, 7], hours: { from: '07:00', to: '10:00' } } },
      ],
    };
    const rows = (await uploadRows(new TextEncoder().encode(JSON.stringify(fc)), '集市.geojson')).rows;
    const report = await importMarkets(db, admin, rows, 'wgs84', '集市.geojson');
    expect(report.map((r) => [r.row, r.status, r.field ?? null, r.rule ?? null])).toEqual([
      [1, 'saved', null, null],
      [2, 'rejected', 'geometry', 'invalid_geometry'],
      [3, 'rejected', 'geometry', 'invalid_geometry'],
      [4, 'rejected', 'days', 'bad_days'],
    ]);
    // From 0 m east the line runs to 100 m, back to 50 m: it crosses itself at (50, 0).
    expect(report[1].reason).toMatch(/not a valid line: Self-intersection\[/);
    const m = await db.query(`SELECT calendar, days, round(ST_Length(geom_m)::numeric, 3)::float8 AS length FROM markets WHERE id = $1`, [report[0].id]);
    expect(m.rows[0]).toEqual({ calendar: 'weekly', days: [6, 7], length: 200 });
  });
});

import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { findUserByName, toSessionUser, type SessionUser } from '@api/auth/accounts';
import { ApiError } from '@api/lib/api-error';
import { wgs84ToGcj02 } from '@api/lib/china-crs';
import { importSchools, uploadRows } from '@api/schools/import';
import { changeSchool, createSchool, lockSchool } from '@api/schools/school-store';
import { CreateSchoolBody } from '@api/schools/write-schemas';
import { SchoolWorld } from '../support/school-world';

/**
 * Schools entered and imported, on hand-built roads (tests/support/school-world.ts: private tables
 * in a transaction rolled back after each test): gates on the nearest road within 100 m, the 正门
 * as the seed places it, GCJ-02 converted, versions, events, the import's per-row report.
 */
let db: pg.Client;
let w: SchoolWorld;
let admin: SessionUser;
let officer: SessionUser;

beforeAll(async () => {
  db = new pg.Client(inject('db').connection);
  await db.connect();
  w = new SchoolWorld(db);
  await w.init();
  const user = async (name: string) => toSessionUser((await findUserByName(db as unknown as pg.Pool, name))!);
  [admin, officer] = [await user('admin'), await user('officer.shenxian')];
});
afterAll(() => db?.end());
beforeEach(() => w.begin(['school_events']));
afterEach(() => w.rollback());

/** The WGS84 lon/lat of a local point (metres east, north of the origin). */
async function lonLat([x, y]: [number, number]): Promise<[number, number]> {
  const r = await db.query<{ lon: number; lat: number }>(
    `SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), metric_srid()), 4326) p`,
    [w.x0 + x, w.y0 + y],
  );
  return [r.rows[0].lon, r.rows[0].lat];
}

/** Where the school and its gates are, as local metres rounded to the centimetre, with each gate's road. */
async function placed(id: number) {
  const r = await db.query<{ school: number[]; gates: { name: string; road: number; at: number[] }[] }>(
    `SELECT ARRAY[round((ST_X(s.geom_m) - $2)::numeric, 2), round((ST_Y(s.geom_m) - $3)::numeric, 2)]::float8[] AS school,
            (SELECT json_agg(json_build_object('name', g.name, 'road', g.road_id,
                    'at', ARRAY[round((ST_X(ST_Transform(g.geom, metric_srid())) - $2)::numeric, 2), round((ST_Y(ST_Transform(g.geom, metric_srid())) - $3)::numeric, 2)]) ORDER BY g.id)
             FROM school_gates g WHERE g.school_id = s.id) AS gates
     FROM schools s WHERE s.id = $1`,
    [id, w.x0, w.y0],
  );
  return r.rows[0];
}

/** A body as POST /api/schools takes it, at local points. */
async function body(at: [number, number], gates?: { name: string; at: [number, number] }[], extra: Record<string, unknown> = {}) {
  const [lon, lat] = await lonLat(at);
  const g = gates && (await Promise.all(gates.map(async (x) => ({ name: x.name, lon: (await lonLat(x.at))[0], lat: (await lonLat(x.at))[1] }))));
  return CreateSchoolBody.parse({ name: '测试中学', lon, lat, ...(g && { gates: g }), ...extra });
}

/** The ApiError a call throws, inside a savepoint (so the test's transaction goes on), and what it left behind. */
async function refusal(call: () => Promise<unknown>) {
  await db.query('SAVEPOINT refusal');
  try {
    await call();
  } catch (e) {
    await db.query('ROLLBACK TO SAVEPOINT refusal');
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('not refused');
}

const schools = async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM schools`)).rows[0].n;

describe('entering a school', () => {
  it('puts each gate on the nearest road within 100 m that is no expressway, at its closest point', async () => {
    const street = await w.road([[-500, 0], [500, 0]], { name: '学府路' });
    await w.road([[-500, 30], [500, 30]], { name: 'G20', cls: 'expressway', speed: 120 }); // nearer, but fenced
    const side = await w.road([[200, -500], [200, 500]], { name: '建设路' });
    const id = await createSchool(db, admin, await body([0, 80], [{ name: '南门', at: [100, 60] }, { name: '东门', at: [290, 120] }]));
    // 南门: 学府路 60 m south (the expressway 30 m off does not count); 东门: 建设路 90 m west.
    expect(await placed(id)).toEqual({
      school: [0, 80],
      gates: [{ name: '南门', road: street, at: [100, 0] }, { name: '东门', road: side, at: [200, 120] }],
    });
  });

  it('refuses a gate with no road within 100 m, naming it, and saves nothing of the school', async () => {
    await w.road([[-500, 0], [500, 0]], { name: '学府路' });
    const e = await refusal(async () => createSchool(db, admin, await body([0, 80], [{ name: '南门', at: [0, 20] }, { name: '北门', at: [0, 130] }])));
    expect(e.status).toBe(400);
    // 北门 is 130 m from 学府路: one step past the 100 m reach.
    expect(e.details[0]).toMatchObject({ param: 'gates', path: 'gates.1', rule: 'no_road_near', reason: expect.stringMatching(/nearest is 130 m away/) });
    expect(await schools()).toBe(0);
  });

  it('without gates, places one 正门 on the nearest road that is no expressway, as the seed does', async () => {
    const street = await w.road([[-500, 0], [500, 0]], { name: '学府路' });
    await w.road([[-500, 60], [500, 60]], { name: 'G20', cls: 'expressway', speed: 120 });
    await w.road([[300, -500], [300, 500]], { name: '远路' });
    const id = await createSchool(db, admin, await body([10, 90]));
    // 学府路 is 90 m south; the expressway 30 m off is fenced; 远路 is 290 m east.
    expect(await placed(id)).toEqual({ school: [10, 90], gates: [{ name: '正门', road: street, at: [10, 0] }] });
  });

  it('converts a GCJ-02 point (AMap): the stored point is the WGS84 one, about 506 m from what was sent', async () => {
    await w.road([[-1000, 0], [1000, 0]]);
    const wgs = await lonLat([0, 50]);
    const [gLon, gLat] = wgs84ToGcj02(...wgs);
    const id = await createSchool(db, admin, CreateSchoolBody.parse({ name: '高德中学', lon: gLon, lat: gLat, crs: 'gcj02' }));
    const r = await db.query<{ error: number; shift: number }>(
      `SELECT ST_Distance(s.geom_m, ST_Transform(ST_SetSRID(ST_MakePoint($2, $3), 4326), metric_srid())) AS error,
              ST_Distance(s.geom_m, ST_Transform(ST_SetSRID(ST_MakePoint($4, $5), 4326), metric_srid())) AS shift
       FROM schools s WHERE s.id = $1`,
      [id, wgs[0], wgs[1], gLon, gLat],
    );
    expect(r.rows[0].error).toBeLessThan(0.05);
    // GCJ-02 near 莘县 is WGS84 moved ~506 m (east 506, south 16): had it been stored as sent, the school would be there.
    expect(r.rows[0].shift).toBeGreaterThan(490);
    expect(r.rows[0].shift).toBeLessThan(520);
    const event = await db.query(`SELECT action, actor_id, data FROM school_events WHERE school_id = $1`, [id]);
    expect(event.rows).toEqual([{ action: 'create', actor_id: admin.id, data: expect.objectContaining({ given: { lon: gLon, lat: gLat, crs: 'gcj02' } }) }]);
    expect(event.rows[0].data.gates).toEqual([expect.objectContaining({ name: '正门', lon: expect.any(Number) })]);
  });

  it('refuses a second school of the same name within 1 km unless confirmed', async () => {
    await w.road([[-500, 0], [500, 0]]);
    await createSchool(db, admin, await body([0, 50]));
    const e = await refusal(async () => createSchool(db, admin, await body([400, 50])));
    expect(e.status).toBe(409);
    expect(e.extra.duplicates).toEqual([expect.objectContaining({ distance: 400 })]);
    await createSchool(db, admin, await body([400, 50], undefined, { confirmNotDuplicate: true }));
    expect(await schools()).toBe(2);
  });
});

describe('changing a school', () => {
  it('moves it with the version read (stale → 409), keeps its gates, and records what changed', async () => {
    await w.road([[-500, 0], [500, 0]]);
    const id = await createSchool(db, officer, await body([0, 50]));
    const [lon, lat] = await lonLat([30, 70]);
    const now = await changeSchool(db, officer, await lockSchool(db, officer, id, 1), { name: '新名中学', lon, lat, crs: 'wgs84' });
    expect(now).toMatchObject({ name: '新名中学', version: 2 });
    expect(await placed(id)).toMatchObject({ school: [30, 70], gates: [{ name: '正门', at: [0, 0] }] });
    const e = await refusal(() => lockSchool(db, officer, id, 1));
    expect(e.status).toBe(409);
    expect(e.extra.current).toMatchObject({ id, version: 2, name: '新名中学' });
    const events = await db.query(`SELECT action, data FROM school_events WHERE school_id = $1 ORDER BY id`, [id]);
    expect(events.rows.map((r) => r.action)).toEqual(['create', 'update']);
    expect(events.rows[1].data.changed).toMatchObject({ name: '新名中学', lon: expect.any(Number), lat: expect.any(Number) });
    expect(events.rows[1].data.was).toMatchObject({ name: '测试中学' });
  });
});

describe('importing a school list', () => {
  it('saves the good rows whole and reports the bad one by row and field, leaving nothing of it', async () => {
    await w.road([[-500, 0], [500, 0]], { name: '学府路' });
    const [a, b, c] = [await lonLat([0, 50]), await lonLat([200, 40]), await lonLat([-200, 60])];
    const [ga, far] = [await lonLat([5, 10]), await lonLat([-200, 150])];
    const csv = [
      'name,kind,lon,lat,gate_lon,gate_lat',
      `一中,初中,${a[0]},${a[1]},${ga[0]},${ga[1]}`, // 2: saved, its gate on 学府路 at (5, 0)
      `二中,junior_middle,${b[0]},${b[1]},,`, // 3: saved, 正门 as the seed places it: (200, 0)
      `三中,小学,${c[0]},${c[1]},${far[0]},${far[1]}`, // 4: its gate 150 m from any road
    ].join('\n');
    const report = await importSchools(db, officer, (await uploadRows(new TextEncoder().encode(csv), 'list.csv')).rows, { crs: 'wgs84', allowDuplicates: false, file: 'list.csv' });
    expect(report.map(({ row, status, field, rule }) => ({ row, status, field, rule }))).toEqual([
      { row: 2, status: 'saved', field: undefined, rule: undefined },
      { row: 3, status: 'saved', field: undefined, rule: undefined },
      { row: 4, status: 'rejected', field: 'gate_lon', rule: 'no_road_near' },
    ]);
    expect(await placed(report[0].id!)).toMatchObject({ school: [0, 50], gates: [{ name: '正门', at: [5, 0] }] });
    expect(await placed(report[1].id!)).toMatchObject({ school: [200, 40], gates: [{ name: '正门', at: [200, 0] }] });
    const left = await db.query(
      `SELECT (SELECT count(*)::int FROM schools) AS schools, (SELECT count(*)::int FROM school_gates) AS gates,
              (SELECT count(*)::int FROM school_events) AS events, (SELECT array_agg(kind ORDER BY id) FROM schools) AS kinds`,
    );
    expect(left.rows[0]).toEqual({ schools: 2, gates: 2, events: 2, kinds: ['junior_middle', 'junior_middle'] });
  });

  it('reads GeoJSON points, and reports a feature that is no point', async () => {
    await w.road([[-500, 0], [500, 0]]);
    const a = await lonLat([0, 50]);
    const fc = { type: 'FeatureCollection', features: [
      { type: 'Feature', geometry: { type: 'Point', coordinates: a }, properties: { name: '一中', kind: 'primary' } },
      { type: 'Feature', geometry: { type: 'LineString', coordinates: [a, a] }, properties: { name: '二中' } },
      { type: 'Feature', geometry: { type: 'Point', coordinates: [a[1], a[0]] }, properties: { name: '三中' } },
    ] };
    const rows = (await uploadRows(new TextEncoder().encode(JSON.stringify(fc)), 'schools.geojson')).rows;
    const report = await importSchools(db, admin, rows, { crs: 'wgs84', allowDuplicates: false, file: 'schools.geojson' });
    expect(report.map(({ row, status, field, rule }) => ({ row, status, field, rule }))).toEqual([
      { row: 1, status: 'saved', field: undefined, rule: undefined },
      { row: 2, status: 'rejected', field: 'geometry', rule: 'not_a_point' },
      { row: 3, status: 'rejected', field: 'lon', rule: 'swapped_axes' },
    ]);
  });
});

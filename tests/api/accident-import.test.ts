import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeSight } from '@api/intersections/analysis';
import { wgs84ToGcj02 } from '@api/lib/china-crs';
import { errorOf, okJson, signIn, type Client } from '../support/session';
import { createTestApp } from '../support/test-app';

/**
 * A brigade's accident export as clerks send it: a title, a note naming GCJ-02, the header in row
 * 3, merged cells, date cells and text times, a record placed by road + 桩号 only, and the faults a
 * real export has. Preview first (nothing written), then the import: records stored with their
 * source, snapped, placed; hotspots follow; the same 事故编号 again is skipped or updated, never
 * doubled. Every accident here is from 2003, years before any other test's data, and is removed at
 * the end.
 */
let t: Awaited<ReturnType<typeof createTestApp>>;
let officer: Client;
let admin: Client;
/** Points in 东阿 on roads, in WGS84. */
let spots: [number, number][];
/** A numbered road of 东阿 with kilometre posts: its ref, and a 桩号 between two posts with the point it should give. */
let stake: { ref: string; km: number; lon: number; lat: number };
const TAG = `AI${Date.now().toString(36).toUpperCase()}`;

beforeAll(async () => {
  t = await createTestApp();
  officer = await signIn(t.app, 'officer.donge');
  admin = await signIn(t.app, 'admin');
  spots = (
    await t.pool.query(
      `SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (
         SELECT ST_LineInterpolatePoint(r.geom, 0.5) AS p FROM roads r JOIN jurisdictions j ON j.code = '371524' AND ST_Contains(ST_Buffer(j.geom, -0.01), r.geom)
         WHERE r.class IN ('county', 'township') ORDER BY r.id LIMIT 6) s`,
    )
  ).rows.map((r) => [r.lon, r.lat]);
  // Halfway between two posts of a route in 东阿, along the route.
  const s = (
    await t.pool.query(
      `SELECT p1.road_ref AS ref, p1.km + 0.5 AS km,
              ST_X(ST_Transform(ST_LineInterpolatePoint(rr.geom_m, (ST_LineLocatePoint(rr.geom_m, p1.geom_m) + ST_LineLocatePoint(rr.geom_m, p2.geom_m)) / 2), 4326)) AS lon,
              ST_Y(ST_Transform(ST_LineInterpolatePoint(rr.geom_m, (ST_LineLocatePoint(rr.geom_m, p1.geom_m) + ST_LineLocatePoint(rr.geom_m, p2.geom_m)) / 2), 4326)) AS lat
       FROM kilometre_posts p1 JOIN kilometre_posts p2 ON p2.road_ref = p1.road_ref AND p2.km = p1.km + 1
       JOIN road_routes rr ON rr.ref = p1.road_ref AND ST_DWithin(rr.geom_m, p1.geom_m, 1) AND ST_DWithin(rr.geom_m, p2.geom_m, 1)
       JOIN jurisdictions j ON j.code = '371524' AND ST_Contains(ST_Buffer(j.geom, -0.01), p1.geom) AND ST_Contains(ST_Buffer(j.geom, -0.01), p2.geom)
       ORDER BY p1.road_ref, p1.km LIMIT 1`,
    )
  ).rows[0];
  stake = { ref: s.ref, km: Number(s.km), lon: s.lon, lat: s.lat };
});
afterAll(async () => {
  await t.pool.query(`DELETE FROM accidents WHERE external_id LIKE $1`, [`${TAG}%`]);
  await t.close();
});

const HEADER = ['事故编号', '发生时间', '地点', '经度', '纬度', '死亡人数', '受伤人数', '直接财产损失（元）', '事故形态', '天气', '照明条件', '当事人交通方式', '道路名称', '公里桩号'];

/** The export: rows 4… are the records; coordinates written in GCJ-02 as the note says. */
async function exportWorkbook(records: unknown[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('事故信息');
  ws.addRow(['东阿县道路交通事故信息导出（2003年）']);
  ws.mergeCells('A1:N1');
  ws.addRow(['坐标系：GCJ-02（高德）']);
  ws.addRow(HEADER);
  for (const r of records) ws.addRow(r);
  ws.getColumn(2).numFmt = 'yyyy-mm-dd hh:mm';
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const gcj = ([lon, lat]: [number, number]) => wgs84ToGcj02(lon, lat);

function send(who: Client, bytes: Uint8Array, fields: Record<string, string> = {}, name = '东阿事故.xlsx') {
  const form = new FormData();
  form.append('file', new File([Buffer.from(bytes)], name));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return t.app.request('/api/accidents/import', { method: 'POST', headers: { cookie: who.cookie, 'x-csrf-token': who.csrf }, body: form });
}

const stored = async () =>
  (
    await t.pool.query(
      `SELECT external_id AS id, to_char(occurred_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS at, severity, deaths, injuries,
              property_loss::float8 AS loss, manner, weather, light, vehicle_types AS vehicles, road_name, stake, placed_by, synthetic,
              source, snap_route_id IS NOT NULL AS snapped, id AS key, ST_X(geom) AS lon, ST_Y(geom) AS lat
       FROM accidents WHERE external_id LIKE $1 ORDER BY external_id`,
      [`${TAG}%`],
    )
  ).rows;

/** The messy export: good rows, faulty rows, a duplicate and a row of sums. */
function messyRecords(): unknown[][] {
  const [a, b, c] = spots.map(gcj);
  return [
    [`${TAG}-01`, new Date(Date.UTC(2003, 4, 6, 7, 40)), '东阿镇 县道口', a[0], a[1], 1, 2, '12,000', '正面相撞', '晴', '白天', '小型汽车、电动自行车', '', ''],
    [`${TAG}-02`, '2003/5/7 21:15', '刘集镇', b[0], b[1], 0, 1, '', '刮撞行人', '雨', '夜间无路灯照明', '行人+货车', '', ''],
    [`${TAG}-03`, '2003年5月8日 6时05分', `${stake.ref} K${Math.floor(stake.km)}+500`, '', '', 0, 0, '3000元', '追尾', '雾', '', '货车/小型汽车', stake.ref, `K${Math.floor(stake.km)}+500`],
    [`${TAG}-04`, '2003-13-45 08:00', '', c[0], c[1], 0, 0, '', '', '', '', '', '', ''],
    [`${TAG}-05`, '2003-05-09', '', c[0], c[1], 0, 0, '', '', '', '', '', '', ''],
    [`${TAG}-06`, '2003-05-09 10:00', '', '', '', 0, 0, '', '', '', '', '', '无名路', 'K3+200'],
    [`${TAG}-07`, '2003-05-09 11:00', '', 116.4, 39.9, 0, 0, '', '', '晴', '', '', '', ''],
    [`${TAG}-01`, '2003-05-10 09:00', '', c[0], c[1], 0, 0, '', '', '', '', '', '', ''],
    [`${TAG}-08`, '2003-05-10 12:00', '', c[0], c[1], 0, 'two', '', '', '', '', '', '', ''],
    [`${TAG}-09`, '2003-05-10 13:00', '', c[0], c[1], 0, 0, '', '', '沙尘暴雪', '', '', '', ''],
    ['合计', '', '', '', '', 1, 3],
  ];
}

describe('POST /api/accidents/import: a brigade export', () => {
  it('previews what it would do, row by row, and writes nothing', async () => {
    const r = await okJson(send(officer, await exportWorkbook(messyRecords()), { preview: 'true' }));
    expect(r).toMatchObject({ preview: true, saved: 3, updated: 0, skipped: 1 });
    expect(r.sheet).toMatchObject({ headerRow: 3, crs: 'gcj02', crsFrom: 'note' });
    expect(r.sheet.columns).toMatchObject({ externalId: '事故编号', occurredAt: '发生时间', loss: '直接财产损失（元）', stake: '公里桩号' });
    const byRow = Object.fromEntries(r.rows.map((x: { row: number }) => [x.row, x]));
    expect(byRow[7]).toMatchObject({ status: 'rejected', field: 'occurredAt', rule: 'not_a_time' });
    expect(byRow[8]).toMatchObject({ status: 'rejected', field: 'occurredAt', rule: 'no_time' });
    expect(byRow[9]).toMatchObject({ status: 'rejected', field: 'stake', rule: 'no_posts' });
    expect(byRow[10]).toMatchObject({ status: 'rejected', field: 'lon', rule: 'outside_liaocheng' });
    expect(byRow[11]).toMatchObject({ status: 'rejected', field: 'externalId', rule: 'duplicate_in_file' });
    expect(byRow[11].reason).toContain('row 4');
    expect(byRow[12]).toMatchObject({ status: 'rejected', field: 'injuries', rule: 'not_a_count' });
    expect(byRow[13]).toMatchObject({ status: 'rejected', field: 'weather', rule: 'unknown_weather' });
    expect(byRow[14]).toMatchObject({ status: 'skipped', rule: 'total_row' });
    expect(r.rows.filter((x: { id?: number }) => x.id !== undefined)).toEqual([]);
    // Nothing of the file is stored (other test files may write accidents meanwhile: only this file's are looked for).
    expect(await stored()).toEqual([]);
  });

  it('saves the good rows, each with its source, snapped, and placed by 桩号 where it has no point', async () => {
    const r = await okJson(send(officer, await exportWorkbook(messyRecords())));
    expect(r).toMatchObject({ saved: 3, updated: 0, rejected: 7, skipped: 1 });
    const rows = await stored();
    expect(rows.map((x) => x.id)).toEqual([`${TAG}-01`, `${TAG}-02`, `${TAG}-03`]);
    const [one, two, three] = rows;
    expect(one).toMatchObject({ at: '2003-05-06 07:40', severity: 'fatal', deaths: 1, injuries: 2, loss: 12000, manner: '正面相撞', weather: 'clear', light: 'day', vehicles: ['car', 'ebike'], placed_by: 'coordinates', synthetic: false, snapped: true });
    // Its card names the road it snapped to (an imported record names no road of the network itself).
    const card = await okJson(t.app.request(`/api/accidents/${one.key}`));
    expect(card.roadName ?? card.roadRef).toBeTruthy();
    // The card says where the record came from and what the export said beyond the analysed fields.
    expect(card).toMatchObject({ synthetic: false, manner: '正面相撞', propertyLoss: 12000, placedBy: 'coordinates', source: { file: '东阿事故.xlsx', row: 4, by: 'officer.donge' } });
    expect(card.source.at).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(card.roadId).toBe((await t.pool.query(`SELECT snap_road_id FROM accidents WHERE id = $1`, [one.key])).rows[0].snap_road_id);
    expect(one.source).toEqual({ job: null, file: '东阿事故.xlsx', row: 4, by: 'officer.donge' });
    // The note's GCJ-02 was undone: the point is back on the road it was taken from.
    expect(one.lon).toBeCloseTo(spots[0][0], 5);
    expect(one.lat).toBeCloseTo(spots[0][1], 5);
    expect(two).toMatchObject({ at: '2003-05-07 21:15', severity: 'injury', weather: 'rain', light: 'dark_unlit', vehicles: ['pedestrian', 'truck'] });
    expect(three).toMatchObject({ at: '2003-05-08 06:05', severity: 'pdo', loss: 3000, weather: 'fog', light: 'dusk', placed_by: 'stake', road_name: stake.ref, snapped: true });
    // K n+500 lies halfway between posts n and n+1, measured along the road.
    const off = (await t.pool.query(`SELECT ST_Distance(ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), 4498), ST_Transform(ST_SetSRID(ST_MakePoint($3, $4), 4326), 4498)) AS m`, [three.lon, three.lat, stake.lon, stake.lat])).rows[0].m;
    expect(off).toBeLessThan(1);
    // The import snaps a whole batch in its INSERT; a record written one at a time is placed by the
    // accidents_place trigger. The same point and light give the same snap, county and township
    // either way, and a night without 照明条件 ('dark') is lit as its road in both.
    const night = `N${TAG}`;
    const n = await okJson(send(officer, await exportWorkbook([[night, '2003-05-11 22:30', '', gcj(spots[2])[0], gcj(spots[2])[1], 0, 0, '', '', '', '', '', '', '']]), {}, '夜间.xlsx'));
    expect(n).toMatchObject({ saved: 1 });
    const placement = `SELECT external_id, light, ST_AsText(geom_m) AS m, snap_road_id, snap_route_id, round(snap_m::numeric, 6) AS at,
                              round(snap_distance_m::numeric, 6) AS off, county_code, township_code FROM accidents`;
    for (const [key, light] of [[`${TAG}-01`, 'day'], [`${TAG}-02`, 'dark_unlit'], [night, 'dark']]) {
      await t.pool.query(
        `INSERT INTO accidents (external_id, occurred_at, severity, deaths, light, geom)
         SELECT external_id || '-T', occurred_at, severity, deaths, $2, geom FROM accidents WHERE external_id = $1`,
        [key, light],
      );
      const [imported, alone] = (await t.pool.query(`${placement} WHERE external_id IN ($1, $1 || '-T') ORDER BY external_id`, [key])).rows;
      expect(imported.snap_route_id).not.toBeNull();
      expect(imported.township_code).toMatch(new RegExp(`^${imported.county_code}\\d{3}$`));
      expect({ ...alone, external_id: key }).toEqual(imported);
      if (key === night) expect(imported.light).toBe((await t.pool.query(`SELECT CASE WHEN lit THEN 'dark_lit' ELSE 'dark_unlit' END AS l FROM roads WHERE id = $1`, [imported.snap_road_id])).rows[0].l);
      await t.pool.query(`DELETE FROM accidents WHERE external_id = $1 || '-T'`, [key]);
    }
    await t.pool.query(`DELETE FROM accidents WHERE external_id = $1`, [night]);
  });

  it('skips a 事故编号 already stored, or writes over it when asked, and never doubles it', async () => {
    const records = [[`${TAG}-01`, '2003-05-06 07:40', '', gcj(spots[0])[0], gcj(spots[0])[1], 2, 0, '', '', '阴', '白天', '货车', '', '']];
    const skip = await okJson(send(officer, await exportWorkbook(records)));
    expect(skip).toMatchObject({ saved: 0, updated: 0, skipped: 1 });
    expect(skip.rows[0]).toMatchObject({ row: 4, status: 'skipped', rule: 'already_stored' });
    expect((await stored())[0]).toMatchObject({ deaths: 1, weather: 'clear' });
    const preview = await okJson(send(officer, await exportWorkbook(records), { existing: 'update', preview: 'true' }));
    expect(preview).toMatchObject({ preview: true, updated: 1 });
    expect((await stored())[0]).toMatchObject({ deaths: 1 });
    const update = await okJson(send(officer, await exportWorkbook(records), { existing: 'update' }));
    expect(update).toMatchObject({ saved: 0, updated: 1 });
    const rows = await stored();
    expect(rows.filter((x) => x.id === `${TAG}-01`)).toHaveLength(1);
    expect(rows[0]).toMatchObject({ deaths: 2, injuries: 0, weather: 'cloudy', vehicles: ['truck'], loss: null });
  });

  it("keeps an officer to the brigade's area; an admin imports anywhere", async () => {
    const elsewhere = (await t.pool.query(`SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM jurisdictions WHERE code = '371581') s`)).rows[0];
    const records = [[`${TAG}-20`, '2003-06-01 10:00', '', elsewhere.lon, elsewhere.lat, 0, 0, '', '', '', '', '', '', '']];
    const bytes = await exportWorkbook(records);
    const refused = await okJson(send(officer, bytes, { crs: 'wgs84' }));
    expect(refused.rows[0]).toMatchObject({ status: 'rejected', field: 'lon', rule: 'scope' });
    expect(await okJson(send(admin, bytes, { crs: 'wgs84' }))).toMatchObject({ saved: 1 });
    expect(await errorOf(send(await signIn(t.app, 'leader'), bytes), 403)).toBeTruthy();
  });

  it('makes a hotspot of eight crashes at one corner', async () => {
    const q = `/api/hotspots/clusters?from=2003-07-01&to=2003-07-31&eps=30&minPoints=5`;
    expect((await okJson(t.app.request(q))).features).toHaveLength(0);
    const [lon, lat] = spots[3];
    const records = Array.from({ length: 8 }, (_, i) => [`${TAG}-3${i}`, `2003-07-${String(i + 1).padStart(2, '0')} 18:30`, '', lon + i * 0.00005, lat, 0, 1, '', '', '', '', '', '', '']);
    expect(await okJson(send(officer, await exportWorkbook(records), { crs: 'wgs84' }))).toMatchObject({ saved: 8 });
    const fc = await okJson(t.app.request(q));
    expect(fc.features).toHaveLength(1);
    expect(fc.features[0].properties).toMatchObject({ count: 8, injury: 8 });
  });
});

describe('after an import, the sight-line grades', () => {
  it('count the new crashes at a deficient corner', async () => {
    // A graded corner of 东阿, and the day before the last crash on record (inside the grade's window).
    const corner = (
      await t.pool.query(
        `SELECT i.id, ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat, i.crashes, i.score,
                to_char((SELECT max(occurred_at) FROM accidents) AT TIME ZONE 'Asia/Shanghai' - interval '1 day', 'YYYY-MM-DD') AS day
         FROM intersections i JOIN jurisdictions j ON j.code = '371524' AND ST_Contains(ST_Buffer(j.geom, -0.01), i.geom)
         WHERE i.crashes IS NOT NULL ORDER BY i.id LIMIT 1`,
      )
    ).rows[0];
    const crashesOf = async () => (await t.pool.query(`SELECT crashes FROM intersections WHERE id = $1`, [corner.id])).rows[0].crashes;
    const records = [1, 2].map((i) => [`${TAG}-G${i}`, `${corner.day} 0${i}:00`, '', corner.lon + i * 0.00002, corner.lat, 0, 1, '', '', '', '', '', '', '']);
    try {
      // A preview grades nothing (its transaction is rolled back).
      await okJson(send(officer, await exportWorkbook(records), { crs: 'wgs84', preview: 'true' }));
      expect(await crashesOf()).toBe(corner.crashes);
      expect(await okJson(send(officer, await exportWorkbook(records), { crs: 'wgs84' }))).toMatchObject({ saved: 2 });
      expect(await crashesOf()).toBe(corner.crashes + 2);
    } finally {
      await t.pool.query(`DELETE FROM accidents WHERE external_id LIKE $1`, [`${TAG}-G%`]);
      await gradeSight(t.pool);
    }
    expect(await crashesOf()).toBe(corner.crashes);
  });
});

describe('the column-mapping step and bad forms', () => {
  const odd = async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow(['案件号', '出事时间', '东经', '北纬']);
    ws.addRow([`${TAG}-40`, '2003-08-01 09:00', spots[4][0], spots[4][1]]);
    return new Uint8Array(await wb.xlsx.writeBuffer());
  };

  it('says which columns it could not find, with the header it read, and takes a mapping', async () => {
    const e = await errorOf(send(officer, await odd(), { crs: 'wgs84' }), 400);
    expect(e.details.map((d: { field: string }) => d.field)).toEqual(['externalId', 'occurredAt']);
    expect(e.details[0]).toMatchObject({ rule: 'column_missing' });
    expect(e.sheet).toMatchObject({ headerRow: 1, header: ['案件号', '出事时间', '东经', '北纬'] });
    const columns = JSON.stringify({ externalId: '案件号', occurredAt: '出事时间', lon: '东经', lat: '北纬' });
    const r = await okJson(send(officer, await odd(), { crs: 'wgs84', columns }));
    expect(r).toMatchObject({ saved: 1 });
    expect(r.sheet.columns).toEqual({ externalId: '案件号', occurredAt: '出事时间', lon: '东经', lat: '北纬' });
  });

  it('refuses a bad mapping or choice, naming the field', async () => {
    const bytes = await odd();
    expect((await errorOf(send(officer, bytes, { columns: '{not json' }), 400)).details[0]).toMatchObject({ param: 'columns', rule: 'not_json' });
    expect((await errorOf(send(officer, bytes, { columns: '{"shoeSize":"案件号"}' }), 400)).details[0]).toMatchObject({ param: 'columns', rule: 'unknown_field' });
    expect((await errorOf(send(officer, bytes, { columns: '{"externalId":"没有这列"}' }), 400)).details[0]).toMatchObject({ path: 'columns.externalId', rule: 'column_missing' });
    expect((await errorOf(send(officer, bytes, { existing: 'merge' }), 400)).details[0]).toMatchObject({ param: 'existing' });
    expect((await errorOf(send(officer, bytes, { preview: 'yes' }), 400)).details[0]).toMatchObject({ param: 'preview' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, type Client } from '../support/session';
import { createTestApp } from '../support/test-app';

let t: Awaited<ReturnType<typeof createTestApp>>;
let officer: Client;
let leader: Client;
let donge: [number, number][];
let linqingPoint: [number, number];

beforeAll(async () => {
  t = await createTestApp();
  [officer, leader] = await Promise.all(['officer.donge', 'leader'].map((u) => signIn(t.app, u)));
  const pts = await t.pool.query(
    `SELECT ST_X(g) AS lon, ST_Y(g) AS lat FROM (SELECT (ST_Dump(ST_GeneratePoints(ST_Buffer(geom, -0.01), 10, 4242))).geom AS g FROM jurisdictions WHERE code = '371524') p`,
  );
  donge = pts.rows.map((r) => [r.lon, r.lat]);
  const lq = await t.pool.query(`SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM jurisdictions WHERE code = '371581') x`);
  linqingPoint = [lq.rows[0].lon, lq.rows[0].lat];
});
afterAll(() => t.close());

function upload(by: Client, name: string, content: string | Uint8Array, fields: Record<string, string> = {}) {
  const form = new FormData();
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : new Uint8Array(content);
  form.append('file', new File([bytes], name));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return t.app.request('/api/hazards/import', { method: 'POST', headers: { cookie: by.cookie, 'x-csrf-token': by.csrf }, body: form });
}

const count = async () => (await t.pool.query(`SELECT count(*)::int AS n FROM hazards`)).rows[0].n as number;

describe('importing a ledger', () => {
  it('saves the good rows whole and reports every bad one by row, field and reason', async () => {
    const [a, b, c] = donge;
    const csv = [
      '隐患类型,风险等级,隐患描述,经度,纬度,发现日期,道路,责任单位,整改期限,整改措施（一点一策）',
      `绿植遮挡,较大,路口树木遮挡,${a[0]},${a[1]},2026/3/5,S329,371524-jtj,2026-12-31,修剪`, // 2: saved and assigned
      `马路市场,一般,"早市占道, 周日",${b[0]},${b[1]},2026年4月1日,,,,`, // 3: saved (quoted comma)
      `飞碟,一般,不明物体,${c[0]},${c[1]},,,,,`, // 4: type
      `照明缺失,一般,路灯不亮,448000,4035000,,,,,`, // 5: projected metres
      `照明缺失,一般,,${c[0]},${c[1]},,,,,`, // 6: description
      `照明缺失,一般,路灯不亮,${c[0]},${c[1]},2026-02-30,,,,`, // 7: no such date
      `照明缺失,一般,路灯不亮,${c[0]},${c[1]},,,371524-jtj,,`, // 8: unit without deadline
      `照明缺失,一般,路灯不亮,${c[0]},${c[1]},,,371581-jtj,2026-12-01,`, // 9: another county's unit
      `照明缺失,一般,路灯不亮,${linqingPoint[0]},${linqingPoint[1]},,,,,`, // 10: outside the brigade
      `照明缺失,一般,路灯不亮,113.0,34.7,,,,,`, // 11: outside Liaocheng
      '', // 12: blank, skipped
      `标志标线缺损,重大,标线磨损,${c[0]},${c[1]},2026-05-06,X004,东阿县公路事业发展中心,2026-09-30,重划`, // 13: saved, unit by name
    ].join('\r\n');
    const before = await count();
    const res = await upload(officer, '台账.csv', csv);
    expect(res.status, await res.clone().text()).toBe(200);
    const report = await res.json();
    const byRow = Object.fromEntries(report.rows.map((r: { row: number }) => [r.row, r]));
    expect(report).toMatchObject({ saved: 3, rejected: 8 });
    expect(byRow[2]).toMatchObject({ status: 'saved', number: expect.stringMatching(/^371524-2026-\d{4}$/) });
    expect(byRow[3].status).toBe('saved');
    expect(byRow[13].status).toBe('saved');
    expect(byRow[4]).toMatchObject({ status: 'rejected', field: 'type', reason: expect.stringMatching(/飞碟/), rule: 'unknown_type' });
    expect(byRow[5]).toMatchObject({ field: 'lon', reason: expect.stringMatching(/projected metres/) });
    expect(byRow[6]).toMatchObject({ field: 'description', rule: 'required' });
    expect(byRow[7]).toMatchObject({ field: 'foundOn', rule: 'not_a_date' });
    expect(byRow[8]).toMatchObject({ field: 'deadline' });
    expect(byRow[9]).toMatchObject({ field: 'unit', reason: expect.stringMatching(/does not work in this hazard's county/), rule: 'unit_elsewhere' });
    expect(byRow[10]).toMatchObject({ field: 'lon', reason: expect.stringMatching(/outside 东阿县/), rule: 'scope' });
    expect(byRow[11]).toMatchObject({ field: 'lon', reason: expect.stringMatching(/outside Liaocheng/), rule: 'outside_liaocheng' });
    expect(byRow[12]).toBeUndefined();
    expect((await count()) - before).toBe(3);

    const h2 = await (await officer.get(`/api/hazards/${byRow[2].id}`)).json();
    expect(h2).toMatchObject({ status: 'assigned', unit: { code: '371524-jtj' }, deadline: '2026-12-31', plan: '修剪', foundOn: '2026-03-05', roadName: 'S329' });
    expect(h2.events.map((e: { action: string }) => e.action)).toEqual(['register', 'assign']);
    // Both events say the record came from a file, and name the unit as it was.
    expect(h2.events.map((e: { data: { source?: string } }) => e.data.source)).toEqual(['import', 'import']);
    expect(h2.events[1].data).toMatchObject({ unitCode: '371524-jtj', unitName: '东阿县交通运输局' });
    const h3 = await (await officer.get(`/api/hazards/${byRow[3].id}`)).json();
    expect(h3).toMatchObject({ description: '早市占道, 周日', status: 'registered', type: 'roadside_market', foundOn: '2026-04-01' });
    const h13 = await (await officer.get(`/api/hazards/${byRow[13].id}`)).json();
    expect(h13.unit.code).toBe('371524-glzx');
  });

  it('takes back its own Excel export: as duplicates of the open hazards, or saved when allowed', async () => {
    const xlsx = new Uint8Array(await (await officer.get('/api/hazards/export.xlsx?status=registered,assigned')).arrayBuffer());
    const again = await (await upload(officer, '导出.xlsx', xlsx)).json();
    expect(again.saved).toBe(0);
    expect(again.rows.length).toBeGreaterThan(0);
    expect(again.rows.every((r: { field: string }) => r.field === 'possible_duplicate')).toBe(true);
    const allowed = await (await upload(officer, '导出.xlsx', xlsx, { allowDuplicates: 'true' })).json();
    expect(allowed.rejected).toBe(0);
    expect(allowed.saved).toBe(again.rows.length);
  });

  it('takes a ledger as a brigade keeps it: short unit names matched and shown, statuses and their days as imported history, the brigade\'s own numbers once each', async () => {
    const p = donge.slice(6, 10);
    const no = `DA${Date.now().toString(36).toUpperCase()}`;
    const csv = [
      '原编号,隐患类型,风险等级,隐患描述,经度,纬度,发现日期,责任单位,整改时限,整改状态,交办日期,整改完成日期,销号日期',
      `${no}-1,照明缺失,一般,路灯缺失A,${p[0][0]},${p[0][1]},2025-03-01,县住建局,2025-06-30,已销号,2025-03-05,2025-05-20,2025-06-02`, // 2: closed, 4 events
      `${no}-2,照明缺失,一般,路灯缺失B,${p[1][0]},${p[1][1]},2025-03-02,刘集镇政府,2025-06-30,整改中,2025-03-06,,`, // 3: rectifying
      `${no}-3,照明缺失,一般,路灯缺失C,${p[2][0]},${p[2][1]},2025-03-03,公路局,2025-06-30,未整改,,,`, // 4: assigned
      `${no}-1,照明缺失,一般,路灯缺失D,${p[3][0]},${p[3][1]},2025-03-04,县交通局,2025-06-30,,,,`, // 5: the same number again
      `${no}-5,照明缺失,一般,路灯缺失E,${p[3][0]},${p[3][1]},2025-03-04,县水利局,2025-06-30,,,,`, // 6: no such unit
      `${no}-6,照明缺失,一般,路灯缺失F,${p[3][0]},${p[3][1]},2025-03-04,,,已整改,,,`, // 7: a status without a unit
      `${no}-7,照明缺失,一般,路灯缺失G,${p[3][0]},${p[3][1]},2025-03-04,县交通局,2025-06-30,挂起,,,`, // 8: a status not known
    ].join('\n');
    const preview = await (await upload(officer, '东阿台账.csv', csv, { preview: 'true', allowDuplicates: 'true', createUnits: 'true' })).json();
    const rowOf = (r: { rows: { row: number }[] }, n: number) => r.rows.find((x) => x.row === n) as unknown as Record<string, string>;
    // The preview says which unit each short name became (水利局 would be created, as asked), for the clerk to check.
    expect(rowOf(preview, 2).reason).toContain('责任单位 县住建局 → 东阿县住房和城乡建设局（按简称对应）');
    expect(rowOf(preview, 3).reason).toContain('刘集镇政府 → 刘集镇');
    expect(rowOf(preview, 4).reason).toContain('公路局 → 东阿县公路事业发展中心');
    expect(rowOf(preview, 6)).toMatchObject({ status: 'saved', reason: expect.stringContaining('县水利局 → 县水利局（新建）') });
    expect(await t.pool.query(`SELECT 1 FROM units WHERE name = '县水利局'`).then((r) => r.rowCount)).toBe(0);

    const report = await (await upload(officer, '东阿台账.csv', csv, { allowDuplicates: 'true' })).json();
    expect(rowOf(report, 5)).toMatchObject({ status: 'rejected', field: 'externalNo', rule: 'duplicate_in_file' });
    expect(rowOf(report, 6)).toMatchObject({ status: 'rejected', field: 'unit', rule: 'unit_unknown' });
    expect(rowOf(report, 7)).toMatchObject({ status: 'rejected', field: 'unit', rule: 'status_needs_unit' });
    expect(rowOf(report, 8)).toMatchObject({ status: 'rejected', field: 'status', rule: 'unknown_status' });
    const ids = [2, 3, 4].map((n) => Number(rowOf(report, n).id));
    const hazards = (await t.pool.query(
      `SELECT h.id, h.status, h.resolution, h.external_no, (h.closed_at AT TIME ZONE 'Asia/Shanghai')::date::text AS closed, n.name AS unit
       FROM hazards h JOIN units n ON n.id = h.unit_id WHERE h.id = ANY($1) ORDER BY h.id`, [ids],
    )).rows;
    expect(hazards).toEqual([
      { id: ids[0], status: 'closed', resolution: 'rectified', external_no: `${no}-1`, closed: '2025-06-02', unit: '东阿县住房和城乡建设局' },
      { id: ids[1], status: 'rectifying', resolution: null, external_no: `${no}-2`, closed: null, unit: '刘集镇' },
      { id: ids[2], status: 'assigned', resolution: null, external_no: `${no}-3`, closed: null, unit: '东阿县公路事业发展中心' },
    ]);
    // The closed one's history: registered, then assign, start, report and pass on the ledger's days, marked imported with its word.
    const events = (await t.pool.query(
      `SELECT action, to_status, (at AT TIME ZONE 'Asia/Shanghai')::date::text AS day, data->>'imported' AS imported, data->>'statusText' AS word
       FROM hazard_events WHERE hazard_id = $1 ORDER BY id`, [ids[0]],
    )).rows;
    expect(events.map((e) => e.action)).toEqual(['register', 'assign', 'start', 'report', 'pass']);
    expect(events.slice(1).map((e) => e.day)).toEqual(['2025-03-05', '2025-03-05', '2025-05-20', '2025-06-02']);
    expect(events.slice(2).every((e) => e.imported === 'true' && e.word === '已销号')).toBe(true);
    // The same ledger again: each number is already the brigade's, so every row is refused by it.
    const again = await (await upload(officer, '东阿台账.csv', csv, { allowDuplicates: 'true' })).json();
    expect([2, 3, 4].map((n) => rowOf(again, n).rule)).toEqual(['duplicate_number', 'duplicate_number', 'duplicate_number']);
    expect((await upload(officer, 'x.csv', csv, { createUnits: 'maybe' })).status).toBe(400);
  });

  it('reads a CSV saved by Chinese Excel (GB18030/GBK, not UTF-8)', async () => {
    // "隐患类型,风险等级,隐患描述,经度,纬度\n" and "其他,一般,村口无路灯," in GBK.
    const header = Buffer.from('d2febbbcc0e0d0cd2cb7e7cfd5b5c8bcb62cd2febbbcc3e8caf62cbeadb6c82cceb3b6c80a', 'hex');
    const row = Buffer.concat([Buffer.from('c6e4cbfb2cd2bbb0e32cb4e5bfdacedec2b7b5c62c', 'hex'), Buffer.from(`${donge[5][0]},${donge[5][1]}\n`)]);
    const report = await (await upload(officer, 'gbk.csv', new Uint8Array(Buffer.concat([header, row])))).json();
    expect(report).toMatchObject({ saved: 1, rejected: 0 });
    const h = await (await officer.get(`/api/hazards/${report.rows[0].id}`)).json();
    expect(h).toMatchObject({ type: 'other', risk: 'general', description: '村口无路灯' });
  });

  it('refuses a file without the needed columns, one that is not a ledger, and users who may not register', async () => {
    const cols = await upload(officer, 'x.csv', '类型,描述\n绿植遮挡,树\n');
    expect(cols.status).toBe(400);
    const err = (await cols.json()).error;
    expect(err.message).toMatch(/no column for risk \(风险等级\), lon \(经度\), lat \(纬度\)/);
    expect(err.details[0]).toMatchObject({ row: 1, field: 'risk' });
    const fake = await upload(officer, 'ledger.xlsx', 'just text');
    expect(fake.status).toBe(400);
    expect((await fake.json()).error.message).toMatch(/not an \.xlsx workbook/);
    expect((await upload(leader, 'x.csv', '隐患类型\n')).status).toBe(403);
  });
});

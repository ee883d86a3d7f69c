import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wgs84ToGcj02 } from '@api/lib/china-crs';
import { signIn, type Client } from '../support/session';
import { createTestApp } from '../support/test-app';

/**
 * A ledger as a brigade keeps it in Excel: a merged title row, a note naming the coordinate system,
 * the header in row 3, a road name merged down over two rows, date cells (one with a time), 整改时限
 * for the deadline, a date
 * that does not exist and a row of sums under the list. The header is found, the note's GCJ-02
 * applies unless the form names a system, merged cells are filled, the impossible date is that
 * row's error, and the sums row is skipped and reported.
 */
let t: Awaited<ReturnType<typeof createTestApp>>;
let officer: Client;
let points: [number, number][];

beforeAll(async () => {
  t = await createTestApp();
  officer = await signIn(t.app, 'officer.donge');
  const pts = await t.pool.query(
    `SELECT ST_X(g) AS lon, ST_Y(g) AS lat FROM (SELECT (ST_Dump(ST_GeneratePoints(ST_Buffer(geom, -0.02), 8, 9090))).geom AS g FROM jurisdictions WHERE code = '371524') p`,
  );
  points = pts.rows.map((r) => [r.lon, r.lat]);
});
afterAll(() => t?.close());

/** The workbook, its points written in GCJ-02 as 高德 shows them. */
async function brigadeWorkbook(tag: string, at: [number, number][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台账');
  ws.addRow(['东阿县道路交通安全隐患排查治理台账']);
  ws.mergeCells('A1:G1');
  ws.addRow(['说明：坐标系为 GCJ-02（高德地图拾取）']);
  ws.addRow(['隐患类型', '风险等级', '隐患描述', '经度', '纬度', '发现日期', '道路', '责任单位', '整改时限']);
  const gcj = at.map(([lon, lat]) => wgs84ToGcj02(lon, lat));
  ws.addRow(['照明缺失', '一般', `${tag} 路灯不亮`, gcj[0][0], gcj[0][1], new Date(Date.UTC(2026, 2, 5, 8, 30)), 'S329', '371524-jtj', '2026-12-31']);
  ws.addRow(['绿植遮挡', '较大', `${tag} 树木遮挡`, gcj[1][0], gcj[1][1], new Date(Date.UTC(2026, 3, 1)), null]);
  ws.mergeCells('G4:G5');
  ws.addRow(['标志标线缺损', '一般', `${tag} 标线磨损`, gcj[2][0], gcj[2][1], '2025-13-45', 'X004']);
  ws.addRow(['合计', '', '3 处']);
  ws.getColumn(6).numFmt = 'yyyy-mm-dd';
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

function upload(bytes: Uint8Array, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.append('file', new File([Buffer.from(bytes)], '东阿台账.xlsx'));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return t.app.request('/api/hazards/import', { method: 'POST', headers: { cookie: officer.cookie, 'x-csrf-token': officer.csrf }, body: form });
}

const stored = async (tag: string) =>
  (
    await t.pool.query(
      `SELECT description, road_name, found_on::text AS found, status, deadline::text AS deadline, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM hazards WHERE description LIKE $1 ORDER BY found_on`,
      [`${tag} %`],
    )
  ).rows;

describe('a ledger as brigades keep it', () => {
  it('finds the header below a title and a note, takes the note’s GCJ-02, fills merged cells, and reports the bad date and the sums row', async () => {
    const tag = `sheet-${Date.now()}`;
    const res = await upload(await brigadeWorkbook(tag, points.slice(0, 3)));
    expect(res.status, await res.clone().text()).toBe(200);
    const report = await res.json();
    expect(report).toMatchObject({ saved: 2, rejected: 1, skipped: 1 });
    expect(report.rows.map((r: { row: number; status: string }) => [r.row, r.status])).toEqual([
      [4, 'saved'],
      [5, 'saved'],
      [6, 'rejected'],
      [7, 'skipped'],
    ]);
    expect(report.rows[2]).toMatchObject({ field: 'foundOn', rule: 'not_a_date' });
    expect(report.rows[3]).toMatchObject({ rule: 'total_row' });

    const rows = await stored(tag);
    expect(rows.map((r) => [r.road_name, r.found, r.status, r.deadline])).toEqual([
      ['S329', '2026-03-05', 'assigned', '2026-12-31'], // the date cell with its time; 整改时限 read as the deadline
      ['S329', '2026-04-01', 'registered', null], // the road merged down over both rows
    ]);
    // Converted from GCJ-02: back where the points were, not 300–600 m off where 高德 draws them.
    for (const [i, r] of rows.entries()) {
      const [lon, lat] = points[i === 0 ? 0 : 1];
      expect(Math.abs(r.lon - lon)).toBeLessThan(2e-5);
      expect(Math.abs(r.lat - lat)).toBeLessThan(2e-5);
    }
  });

  it('takes the form’s coordinate system over the note’s', async () => {
    const tag = `sheet-wgs-${Date.now()}`;
    const at = points.slice(3, 6);
    const res = await upload(await brigadeWorkbook(tag, at), { crs: 'wgs84' });
    expect((await res.json()).saved).toBe(2);
    const rows = await stored(tag);
    // Read as WGS84, the GCJ-02 numbers stay as they were written.
    const written = wgs84ToGcj02(at[0][0], at[0][1]);
    expect(rows[0].lon).toBeCloseTo(written[0], 6);
    expect(rows[0].lat).toBeCloseTo(written[1], 6);
  });
});

import { strToU8, Zip, ZipDeflate } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xlsxBytes } from '@shared/excel/xlsx-writer';
import { marketSites } from '../support/market-sites';
import { errorOf, okJson, signIn, type Client } from '../support/session';
import { createTestApp } from '../support/test-app';

/** POST /api/markets/import as a brigade uses it: CSV, .xlsx and GeoJSON files of 茌平, and files it refuses. */
let t: Awaited<ReturnType<typeof createTestApp>>;
let officer: Client;
let sites: [number, number][];

beforeAll(async () => {
  t = await createTestApp();
  officer = await signIn(t.app, 'officer.chiping');
  sites = await marketSites(t.pool, '371503', 3, 8104, { nearRoad: true });
});
afterAll(() => t?.close());

function upload(name: string, content: string | Uint8Array, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.append('file', new File([typeof content === 'string' ? new TextEncoder().encode(content) : new Uint8Array(content)], name));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return t.app.request('/api/markets/import', { method: 'POST', headers: { cookie: officer.cookie, 'x-csrf-token': officer.csrf }, body: form });
}

/** A workbook whose sheet is `megabytes` MB of spaces, packed to some kB (a zip bomb). */
function bomb(megabytes: number): Uint8Array {
  const parts: Uint8Array[] = [];
  const zip = new Zip((err, data) => {
    if (err) throw err;
    parts.push(data);
  });
  const add = (name: string, text: string) => {
    const f = new ZipDeflate(name, { level: 9 });
    zip.add(f);
    f.push(strToU8(text), true);
  };
  add('xl/workbook.xml', '<workbook xmlns:r="r"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>');
  add('xl/_rels/workbook.xml.rels', '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>');
  const sheet = new ZipDeflate('xl/worksheets/sheet1.xml', { level: 9 });
  zip.add(sheet);
  const mb = new Uint8Array(1 << 20).fill(0x20);
  for (let i = 0; i < megabytes; i++) sheet.push(mb, i === megabytes - 1);
  zip.end();
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (bytes.set(p, at), at + p.length), 0);
  return bytes;
}

/** The same archive declaring a false size for its sheet (in the central directory, 24 bytes into its entry). */
function lying(zip: Uint8Array, declare: number): Uint8Array {
  const bytes = zip.slice();
  const view = new DataView(bytes.buffer);
  for (let i = bytes.length - 46; i >= 0; i--) {
    if (view.getUint32(i, true) === 0x02014b50 && new TextDecoder().decode(bytes.subarray(i + 46, i + 46 + view.getUint16(i + 28, true))) === 'xl/worksheets/sheet1.xml') {
      view.setUint32(i + 24, declare, true);
      return bytes;
    }
  }
  throw new Error('no sheet entry');
}

const stored = async (id: number) =>
  (await t.pool.query(`SELECT name, county_code, calendar, days, hours_from::text, hours_to::text, source FROM markets WHERE id = $1`, [id])).rows[0];

describe('POST /api/markets/import', () => {
  it('saves a CSV’s good rows and reports the bad ones by row, field and reason', async () => {
    const [a] = sites;
    const report = await okJson(upload('茌平集市.csv', ['名称,历法,集日,开始时间,结束时间,经度,纬度', `东关集,农历,逢五、十,06:00,11:30,${a[0]},${a[1]}`, `西关集,农历,"1,31",06:00,11:30,${a[0]},${a[1]}`].join('\n')));
    expect(report).toMatchObject({ saved: 1, rejected: 1, rows: [{ row: 2, status: 'saved' }, { row: 3, status: 'rejected', field: 'days', rule: 'bad_days', reason: '31 is not a day: lunar days run 1–30' }] });
    expect(await stored(report.rows[0].id)).toEqual({
      name: '东关集', county_code: '371503', calendar: 'lunar', days: [5, 10, 15, 20, 25, 30], hours_from: '06:00:00', hours_to: '11:30:00', source: 'imported by officer.chiping (茌平集市.csv)',
    });
    const events = await t.pool.query(`SELECT e.action, u.username FROM market_events e JOIN users u ON u.id = e.actor_id WHERE e.market_id = $1`, [report.rows[0].id]);
    expect(events.rows).toEqual([{ action: 'create', username: 'officer.chiping' }]);
  });

  it('reads an .xlsx list, times as Excel keeps them (a fraction of a day)', async () => {
    const [, b] = sites;
    const xlsx = xlsxBytes({
      name: '集市',
      columns: ['name', 'calendar', 'days', 'hours_from', 'hours_to', 'lon', 'lat'].map((header) => ({ header, width: 10 })),
      rows: [['北关集', 'weekly', '6,7', 0.25, 0.5, b[0], b[1]]],
    });
    const report = await okJson(upload('集市.xlsx', xlsx));
    expect(report).toMatchObject({ saved: 1, rejected: 0 });
    expect(await stored(report.rows[0].id)).toMatchObject({ name: '北关集', calendar: 'weekly', days: [6, 7], hours_from: '06:00:00', hours_to: '12:00:00' });
  });

  it('reads GeoJSON, the stretch as each feature’s geometry, in the crs sent with it', async () => {
    const [, , c] = sites;
    const fc = { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'LineString', coordinates: [c, [c[0] + 0.002, c[1]]] }, properties: { name: '南关集', calendar: 'solar', days: [3, 13, 23], hours: { from: '07:00', to: '11:00' } } }] };
    const report = await okJson(upload('集市.geojson', JSON.stringify(fc), { crs: 'wgs84' }));
    expect(report).toMatchObject({ saved: 1, rejected: 0, rows: [{ row: 1, status: 'saved' }] });
    expect(await stored(report.rows[0].id)).toMatchObject({ name: '南关集', calendar: 'solar', days: [3, 13, 23] });
  });

  it('refuses a list without the needed columns, one that is not a list, and a crs it does not know', async () => {
    const cols = await errorOf(upload('x.csv', '名称,集日\n集,5\n'), 400);
    expect(cols.message).toMatch(/no column for calendar \(历法\), hoursFrom \(开始时间\), hoursTo \(结束时间\), lon \(经度\), lat \(纬度\)/);
    expect(cols.details[0]).toEqual({ row: 1, field: 'calendar', reason: 'column missing', rule: 'column_missing' });
    expect((await errorOf(upload('x.xlsx', 'just text'), 400)).details[0]).toMatchObject({ field: 'file', reason: 'unreadable' });
    expect((await errorOf(upload('x.geojson', '{"type": "Feature"}'), 400)).details[0]).toMatchObject({ field: 'file', reason: 'not a FeatureCollection' });
    expect((await errorOf(upload('x.geojson', '{"type": '), 400)).details[0]).toMatchObject({ field: 'file', reason: 'not JSON' });
    expect((await errorOf(upload('x.csv', 'name\n', { crs: 'gcj' }), 400)).details[0]).toMatchObject({ param: 'crs' });
    const form = new FormData();
    const none = await t.app.request('/api/markets/import', { method: 'POST', headers: { cookie: officer.cookie, 'x-csrf-token': officer.csrf }, body: form });
    expect((await errorOf(none, 400)).details[0]).toMatchObject({ field: 'file', reason: 'missing' });
  });

  it('refuses a file over 5 MB, and a workbook that unpacks to more than 64 MB, honest or lying about it, without unpacking it', async () => {
    expect((await errorOf(upload('big.csv', new Uint8Array(5 * 1024 * 1024 + 1).fill(0x41)), 413)).details[0]).toMatchObject({ field: 'file' });
    const honest = bomb(65);
    expect(honest.length).toBeLessThan(200_000);
    const liar = lying(honest, 1000);
    const started = Date.now();
    const e = await errorOf(upload('bomb.xlsx', honest), 400);
    expect(e.details[0]).toMatchObject({ field: 'file', rule: 'too_large' });
    expect(e.message).toMatch(/xl\/worksheets\/sheet1\.xml unpacks to 68157440 bytes \(at most 64 MB in all/);
    const lie = await errorOf(upload('bomb.xlsx', liar), 400);
    expect(lie.details[0]).toMatchObject({ field: 'file', rule: 'too_large' });
    expect(lie.message).toMatch(/sheet1\.xml unpacks to more than the 1000 bytes it declares/);
    // Neither was unpacked (65 MB of XML would take longer, and as much memory).
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

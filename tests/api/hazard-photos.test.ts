import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, type Client } from '../support/session';
import { createTestApp } from '../support/test-app';

let t: Awaited<ReturnType<typeof createTestApp>>;
let officer: Client;
let jiaotong: Client;
let tongcheng: Client;
let linqing: Client;
let hazard: { id: number; version: number };

beforeAll(async () => {
  t = await createTestApp();
  [officer, jiaotong, tongcheng, linqing] = await Promise.all(
    ['officer.donge', 'liaison.jiaotong', 'liaison.tongcheng', 'officer.linqing'].map((u) => signIn(t.app, u)),
  );
  const p = await t.pool.query(
    `SELECT ST_X(g) AS lon, ST_Y(g) AS lat FROM (SELECT (ST_Dump(ST_GeneratePoints(ST_Buffer(geom, -0.01), 1, 99))).geom AS g FROM jurisdictions WHERE code = '371524') x`,
  );
  const res = await officer.send('POST', '/api/hazards', { type: 'crop_drying', description: '占道晒粮', risk: 'general', lon: p.rows[0].lon, lat: p.rows[0].lat });
  expect(res.status).toBe(201);
  hazard = await res.json();
});
afterAll(() => t.close());

/** A 200 × 100 JPEG whose EXIF says "rotate 90° clockwise to view" (a phone held upright). */
const sidewaysJpeg = () =>
  sharp({ create: { width: 200, height: 100, channels: 3, background: '#3a7' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
const png = () => sharp({ create: { width: 64, height: 48, channels: 4, background: '#f00f' } }).png().toBuffer();

function upload(by: Client, id: number, files: { name: string; type: string; data: Uint8Array }[], note?: string) {
  const form = new FormData();
  for (const f of files) form.append('file', new File([new Uint8Array(f.data)], f.name, { type: f.type }));
  if (note) form.append('note', note);
  return t.app.request(`/api/hazards/${id}/attachments`, { method: 'POST', headers: { cookie: by.cookie, 'x-csrf-token': by.csrf }, body: form });
}

describe('hazard photos', () => {
  it('stores photos upright by their EXIF orientation, with a thumbnail, as an event of the hazard', async () => {
    const res = await upload(officer, hazard.id, [
      { name: '现场.jpg', type: 'image/jpeg', data: await sidewaysJpeg() },
      { name: 'sketch.png', type: 'image/png', data: await png() },
    ], '现场照片');
    expect(res.status, await res.clone().text()).toBe(201);
    const { attachments } = await res.json();
    expect(attachments).toHaveLength(2);
    expect(attachments[0]).toMatchObject({ filename: '现场.jpg', contentType: 'image/jpeg', width: 100, height: 200, uploadedBy: { username: 'officer.donge' } });
    expect(attachments[1]).toMatchObject({ contentType: 'image/png', width: 64, height: 48 });

    const full = await (await officer.get(attachments[0].url)).arrayBuffer();
    const meta = await sharp(Buffer.from(full)).metadata();
    expect([meta.width, meta.height, meta.orientation ?? 1]).toEqual([100, 200, 1]); // turned, and the tag is gone
    const thumb = await officer.get(attachments[0].thumbUrl);
    expect(thumb.headers.get('content-type')).toBe('image/jpeg');
    const tm = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect(Math.max(tm.width!, tm.height!)).toBeLessThanOrEqual(320);

    const detail = await (await officer.get(`/api/hazards/${hazard.id}`)).json();
    expect(detail.attachments.map((a: { id: number }) => a.id)).toEqual(attachments.map((a: { id: number }) => a.id));
    const event = detail.events.at(-1);
    expect(event).toMatchObject({ action: 'photos', note: '现场照片', attachments: attachments.map((a: { id: number }) => a.id) });
  });

  it('refuses a file that is not a JPEG, PNG or WebP whatever its name, and saves none of the batch', async () => {
    const before = (await (await officer.get(`/api/hazards/${hazard.id}`)).json()).attachments.length;
    const res = await upload(officer, hazard.id, [
      { name: 'ok.png', type: 'image/png', data: await png() },
      { name: 'notes.jpg', type: 'image/jpeg', data: new TextEncoder().encode('not a photo at all') },
    ]);
    expect(res.status).toBe(400);
    const err = (await res.json()).error;
    expect(err.message).toMatch(/notes\.jpg is not a JPEG, PNG or WebP/);
    expect(err.details[0]).toMatchObject({ field: 'file' });
    expect((await (await officer.get(`/api/hazards/${hazard.id}`)).json()).attachments).toHaveLength(before);
  });

  it('refuses a photo damaged after its header (cut short on a weak signal) with 400 naming it, not a 500', async () => {
    const before = (await (await officer.get(`/api/hazards/${hazard.id}`)).json()).attachments.length;
    // A PNG whose header and size read, and whose pixel data does not (a bad checksum).
    const damaged = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEklEQVR4nGP4z8CAFWEXHbQKAEaUX8Fz9oqnAAAAAElFTkSuQmCC', 'base64');
    const whole = await sidewaysJpeg();
    for (const [name, type, data] of [
      ['破损.png', 'image/png', damaged],
      ['半张.jpg', 'image/jpeg', whole.subarray(0, Math.floor(whole.length / 2))],
    ] as const) {
      const res = await upload(officer, hazard.id, [{ name, type, data }]);
      if (res.status === 201) continue; // a decoder that shows what it has of a cut JPEG is not wrong either
      expect(res.status, name).toBe(400);
      const err = (await res.json()).error;
      expect(err.message).toContain(name);
      // Damaged past its header, or so short that even the header is gone.
      expect(err.details[0]).toMatchObject({ field: 'file', reason: expect.stringMatching(new RegExp(`^(damaged|not a photo): ${name}$`)) });
    }
    const res = await upload(officer, hazard.id, [{ name: '破损.png', type: 'image/png', data: damaged }]);
    expect(res.status).toBe(400);
    expect((await (await officer.get(`/api/hazards/${hazard.id}`)).json()).attachments.length).toBeLessThanOrEqual(before + 1);
  });

  it('refuses a photo over 10 MB with 413 naming it', async () => {
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    const res = await upload(officer, hazard.id, [{ name: 'huge.jpg', type: 'image/jpeg', data: big }]);
    expect(res.status).toBe(413);
    expect((await res.json()).error.message).toMatch(/huge\.jpg is 10\.0 MB/);
  });

  it('takes evidence from the assigned unit only, and names it in the report', async () => {
    const assigned = await officer.send('POST', `/api/hazards/${hazard.id}/transitions`, { action: 'assign', version: hazard.version, unitCode: '371524-jtj', deadline: '2027-05-01' });
    expect(assigned.status).toBe(200);
    let h = await assigned.json();
    expect((await upload(tongcheng, hazard.id, [{ name: 'x.png', type: 'image/png', data: await png() }])).status).toBe(403);
    expect((await upload(linqing, hazard.id, [{ name: 'x.png', type: 'image/png', data: await png() }])).status).toBe(403);
    // Who may is asked before any file is looked at: no photo work for a refused upload.
    expect((await upload(linqing, hazard.id, [{ name: 'x.jpg', type: 'image/jpeg', data: new TextEncoder().encode('no image') }])).status).toBe(403);
    const up = await upload(jiaotong, hazard.id, [{ name: '整改后.png', type: 'image/png', data: await png() }]);
    expect(up.status).toBe(201);
    const [photo] = (await up.json()).attachments;
    h = (await (await officer.get(`/api/hazards/${hazard.id}`)).json());
    const bad = await jiaotong.send('POST', `/api/hazards/${hazard.id}/transitions`, { action: 'report', version: h.version, note: '已清理', attachmentIds: [999999] });
    expect((await bad.json()).error.details[0].param).toBe('attachmentIds');
    const report = await jiaotong.send('POST', `/api/hazards/${hazard.id}/transitions`, { action: 'report', version: h.version, note: '已清理', attachmentIds: [photo.id] });
    expect(report.status, await report.clone().text()).toBe(200);
    const detail = await (await officer.get(`/api/hazards/${hazard.id}`)).json();
    expect(detail.events.at(-1)).toMatchObject({ action: 'report', attachments: [photo.id] });
    // Photos are for those who may see the hazard.
    expect((await linqing.get(photo.url)).status).toBe(403);
    expect((await t.app.request(photo.url)).status).toBe(401);
  });
});

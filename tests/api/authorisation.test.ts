import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { loadEnv } from '../../api/env';
import { readExtent } from '../../api/start';
import { signIn, signInAll, type Client } from '../support/session';
import { createTestApp } from '../support/test-app';

/**
 * Who may do what with the ledger: every role × endpoint × own or other jurisdiction (and unit),
 * against one hazard of 东阿 assigned to 东阿县交通运输局.
 */
let t: Awaited<ReturnType<typeof createTestApp>>;
const WHO = ['admin', 'leader', 'officer.donge', 'officer.linqing', 'liaison.jiaotong', 'liaison.tongcheng', 'anonymous'] as const;
type Who = (typeof WHO)[number];
let clients: Record<Who, Client>;
let hazardId: number;
let points: [number, number][];
let photo: Uint8Array;

beforeAll(async () => {
  t = await createTestApp();
  clients = await signInAll(t.app, WHO);
  const p = await t.pool.query(
    `SELECT ST_X(g) AS lon, ST_Y(g) AS lat FROM (SELECT (ST_Dump(ST_GeneratePoints(ST_Buffer(geom, -0.01), 20, 777))).geom AS g FROM jurisdictions WHERE code = '371524') x`,
  );
  points = p.rows.map((r) => [r.lon, r.lat]);
  const officer = clients['officer.donge'];
  const created = await (await officer.send('POST', '/api/hazards', { type: 'other', description: '授权测试', risk: 'general', lon: points[0][0], lat: points[0][1] })).json();
  hazardId = created.id;
  const assigned = await officer.send('POST', `/api/hazards/${hazardId}/transitions`, { action: 'assign', version: created.version, unitCode: '371524-jtj', deadline: '2027-12-31' });
  expect(assigned.status).toBe(200);
  photo = new Uint8Array(await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).png().toBuffer());
});
afterAll(() => t.close());

const version = async () => (await t.pool.query(`SELECT version FROM hazards WHERE id = $1`, [hazardId])).rows[0].version as number;
let nextPoint = 1;

async function multipart(c: Client, path: string, name: string, data: Uint8Array, fields: Record<string, string> = {}): Promise<Response> {
  const form = new FormData();
  form.append('file', new File([new Uint8Array(data)], name));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const headers: Record<string, string> = c.cookie ? { cookie: c.cookie, 'x-csrf-token': c.csrf } : {};
  return t.app.request(path, { method: 'POST', headers, body: form });
}

const ALL_SIGNED_IN = { admin: 200, leader: 200, 'officer.donge': 200, 'officer.linqing': 200, 'liaison.jiaotong': 200, 'liaison.tongcheng': 200, anonymous: 401 };

const MATRIX: { name: string; call: (c: Client) => Promise<Response>; expect: Record<Who, number> }[] = [
  {
    name: 'GET /api/hazards/:id',
    call: (c) => c.get(`/api/hazards/${hazardId}`),
    expect: { admin: 200, leader: 200, 'officer.donge': 200, 'officer.linqing': 403, 'liaison.jiaotong': 200, 'liaison.tongcheng': 403, anonymous: 401 },
  },
  { name: 'GET /api/hazards', call: (c) => c.get('/api/hazards'), expect: ALL_SIGNED_IN },
  {
    name: 'POST /api/hazards (a point in 东阿)',
    call: (c) => {
      const [lon, lat] = points[nextPoint++];
      return c.send('POST', '/api/hazards', { type: 'other', description: '授权测试', risk: 'general', lon, lat, confirmNotDuplicate: true });
    },
    expect: { admin: 201, leader: 403, 'officer.donge': 201, 'officer.linqing': 403, 'liaison.jiaotong': 403, 'liaison.tongcheng': 403, anonymous: 401 },
  },
  {
    name: 'PATCH /api/hazards/:id',
    call: async (c) => c.send('PATCH', `/api/hazards/${hazardId}`, { version: await version(), description: `改 ${c.username}` }),
    expect: { admin: 200, leader: 403, 'officer.donge': 200, 'officer.linqing': 403, 'liaison.jiaotong': 403, 'liaison.tongcheng': 403, anonymous: 401 },
  },
  {
    name: 'POST /api/hazards/:id/transitions (reassign: the brigade’s)',
    call: async (c) => c.send('POST', `/api/hazards/${hazardId}/transitions`, { action: 'reassign', version: await version(), unitCode: '371524-jtj', deadline: '2027-12-30' }),
    expect: { admin: 200, leader: 403, 'officer.donge': 200, 'officer.linqing': 403, 'liaison.jiaotong': 403, 'liaison.tongcheng': 403, anonymous: 401 },
  },
  {
    name: 'POST /api/hazards/:id/attachments',
    call: (c) => multipart(c, `/api/hazards/${hazardId}/attachments`, 'p.png', photo),
    expect: { admin: 201, leader: 403, 'officer.donge': 201, 'officer.linqing': 403, 'liaison.jiaotong': 201, 'liaison.tongcheng': 403, anonymous: 401 },
  },
  {
    name: 'GET /api/attachments/:id',
    call: async (c) => c.get(`/api/attachments/${(await t.pool.query(`SELECT min(id) AS id FROM attachments WHERE hazard_id = $1`, [hazardId])).rows[0].id}`),
    expect: { admin: 200, leader: 200, 'officer.donge': 200, 'officer.linqing': 403, 'liaison.jiaotong': 200, 'liaison.tongcheng': 403, anonymous: 401 },
  },
  {
    name: 'POST /api/hazards/import (a row in 东阿)',
    call: (c) => {
      const [lon, lat] = points[nextPoint++];
      return multipart(c, '/api/hazards/import', 'x.csv', new TextEncoder().encode(`隐患类型,风险等级,隐患描述,经度,纬度\n其他,一般,导入,${lon},${lat}\n`));
    },
    expect: { admin: 200, leader: 403, 'officer.donge': 200, 'officer.linqing': 200, 'liaison.jiaotong': 403, 'liaison.tongcheng': 403, anonymous: 401 },
  },
  { name: 'GET /api/hazards/export.xlsx', call: (c) => c.get('/api/hazards/export.xlsx'), expect: ALL_SIGNED_IN },
  { name: 'GET /api/hazards/summary', call: (c) => c.get('/api/hazards/summary'), expect: ALL_SIGNED_IN },
  { name: 'GET /api/units', call: (c) => c.get('/api/units?county=371524'), expect: ALL_SIGNED_IN },
];

describe.each(MATRIX)('$name', ({ call, expect: expected }) => {
  it.each(WHO.map((who) => ({ who, status: expected[who] })))('$who → $status', async ({ who, status }) => {
    const res = await call(clients[who]);
    expect(res.status, await res.clone().text()).toBe(status);
  });
});

describe('what each one sees', () => {
  it('lists the hazard for those who may see it, and only them', async () => {
    const sees = async (who: Who) => ((await (await clients[who].get('/api/hazards?pageSize=5000')).json()).items as { id: number }[]).some((h) => h.id === hazardId);
    expect(await sees('admin')).toBe(true);
    expect(await sees('leader')).toBe(true);
    expect(await sees('officer.donge')).toBe(true);
    expect(await sees('officer.linqing')).toBe(false);
    expect(await sees('liaison.jiaotong')).toBe(true);
    expect(await sees('liaison.tongcheng')).toBe(false);
  });

  it('rejects the row of another brigade in an import by 临清, and saves nothing of it', async () => {
    const [lon, lat] = points[nextPoint++];
    const res = await multipart(clients['officer.linqing'], '/api/hazards/import', 'x.csv', new TextEncoder().encode(`隐患类型,风险等级,隐患描述,经度,纬度\n其他,一般,导入,${lon},${lat}\n`));
    expect(await res.json()).toMatchObject({ saved: 0, rejected: 1, rows: [{ row: 2, field: 'lon', reason: expect.stringMatching(/outside 临清市/) }] });
  });
});

describe('the accident map without signing in', () => {
  it('is open by default and closed with PUBLIC_MAP=0', async () => {
    expect((await t.app.request('/api/accidents?from=2026-01-01&to=2026-01-02')).status).toBe(200);
    const env = loadEnv({ PUBLIC_MAP: '0' });
    const closed = createApp({ pool: t.pool, engine: t.info.engine, env, extent: await readExtent({ pool: t.pool, engine: t.info.engine, close: async () => undefined }) });
    expect((await closed.request('/api/accidents?from=2026-01-01&to=2026-01-02')).status).toBe(401);
    expect((await closed.request('/api/hotspots/clusters')).status).toBe(401);
    expect((await closed.request('/api/health')).status).toBe(200);
    const officer = await signIn(closed, 'officer.donge');
    expect((await officer.get('/api/accidents?from=2026-01-01&to=2026-01-02')).status).toBe(200);
  });
});

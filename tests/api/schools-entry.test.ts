import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, okJson, signInAll, type Client } from '../support/session';
import { createTestApp } from '../support/test-app';

/**
 * Who may enter, change and import schools, and what each write records: every role × write × own
 * or other brigade, in 高唐 (371526; tests/api/schools-read.test.ts leaves that county's exact counts
 * alone). Officers of the brigade holding the point and admins may; leaders read; liaisons answer
 * hazards; 临清's officer is elsewhere. Schools entered here stay (none is ever deleted), so each has
 * a name of its own.
 */
let t: Awaited<ReturnType<typeof createTestApp>>;
const WHO = ['admin', 'leader', 'officer.gaotang', 'officer.linqing', 'liaison.jiaotong', 'anonymous'] as const;
type Who = (typeof WHO)[number];
let clients: Record<Who, Client>;
/** A seeded 高唐 gate (on a road) and a point 33 m north of it for the school; a seeded 临清 gate. */
let gate: [number, number];
let site: [number, number];
let linqing: [number, number];
let n = 0;
const fresh = (who: string) => `${who}测试学校${++n}`;

beforeAll(async () => {
  t = await createTestApp();
  clients = await signInAll(t.app, WHO);
  const at = async (county: string): Promise<[number, number]> => {
    const r = await t.pool.query(
      `SELECT ST_X(g.geom) AS lon, ST_Y(g.geom) AS lat FROM school_gates g JOIN schools s ON s.id = g.school_id
       WHERE s.county_code = $1 AND s.synthetic AND g.name = '正门' ORDER BY s.id LIMIT 1`,
      [county],
    );
    return [r.rows[0].lon, r.rows[0].lat];
  };
  [gate, linqing] = [await at('371526'), await at('371581')];
  site = [gate[0], gate[1] + 0.0003];
});
afterAll(() => t?.close());

const admin = () => clients.admin;
const create = async (extra: Record<string, unknown> = {}) =>
  (await okJson(admin().send('POST', '/api/schools', { name: fresh('admin'), kind: 'primary', lon: site[0], lat: site[1], ...extra }), 201)).school;

async function upload(c: Client, name: string, text: string, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.append('file', new File([new TextEncoder().encode(text)], name));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return t.app.request('/api/schools/import', { method: 'POST', headers: c.cookie ? { cookie: c.cookie, 'x-csrf-token': c.csrf } : {}, body: form });
}

const WRITE = { admin: 201, leader: 403, 'officer.gaotang': 201, 'officer.linqing': 403, 'liaison.jiaotong': 403, anonymous: 401 };
const CHANGE = { ...WRITE, admin: 200, 'officer.gaotang': 200 };
const IMPORT = { ...CHANGE, 'officer.linqing': 200 };

const MATRIX: { name: string; call: (c: Client, who: Who) => Promise<Response>; expect: Record<Who, number> }[] = [
  {
    name: 'POST /api/schools',
    call: (c, who) => c.send('POST', '/api/schools', { name: fresh(who), lon: site[0], lat: site[1], gates: [{ name: '南门', lon: gate[0], lat: gate[1] }] }),
    expect: WRITE,
  },
  { name: 'PATCH /api/schools/:id', call: async (c, who) => c.send('PATCH', `/api/schools/${(await create()).id}`, { version: 1, name: fresh(who) }), expect: CHANGE },
  { name: 'POST /api/schools/:id/gates', call: async (c) => c.send('POST', `/api/schools/${(await create()).id}/gates`, { name: '侧门', lon: gate[0], lat: gate[1] }), expect: WRITE },
  {
    name: 'DELETE /api/schools/gates/:gateId',
    call: async (c) => {
      const s = await create({ gates: [{ name: '南门', lon: gate[0], lat: gate[1] }, { name: '侧门', lon: gate[0], lat: gate[1] }] });
      return c.send('DELETE', `/api/schools/gates/${s.gates[1].id}?version=${s.version}`);
    },
    expect: CHANGE,
  },
  // The role is asked of the upload; the brigade of each row (临清's officer: 200, the row reported with rule scope).
  { name: 'POST /api/schools/import', call: (c, who) => upload(c, 'list.csv', `name,lon,lat\n${fresh(who)},${site[0]},${site[1]}\n`), expect: IMPORT },
];

describe.each(MATRIX)('$name', ({ name, call, expect: expected }) => {
  it.each(WHO.map((who) => ({ who, status: expected[who] })))('$who → $status', async ({ who, status }) => {
    const res = await call(clients[who], who);
    expect(res.status, await res.clone().text()).toBe(status);
    if (status === 403) expect((await res.json()).error.details[0].reason).toBe(who === 'officer.linqing' ? 'scope' : 'role');
    if (name.endsWith('import') && status === 200) {
      const report = await res.json();
      expect(report.rows[0]).toMatchObject(who === 'officer.linqing' ? { row: 2, status: 'rejected', field: 'lon', rule: 'scope' } : { row: 2, status: 'saved' });
    }
  });
});

describe('what the writes record', () => {
  it('answers with the school, its gates on the road and its version; every write is an event of its actor', async () => {
    const officer = clients['officer.gaotang'];
    const made = (await okJson(officer.send('POST', '/api/schools', { name: fresh('events'), lon: site[0], lat: site[1] }), 201)).school;
    expect(made).toMatchObject({ kind: 'other', county: { code: '371526' }, version: 1, synthetic: false, source: 'entered by officer.gaotang' });
    // No gate given: one 正门 on the nearest road, which the seeded 正门 33 m south is on.
    expect(made.gates).toEqual([expect.objectContaining({ name: '正门', road: expect.objectContaining({ id: expect.any(Number) }) })]);
    const added = await okJson(officer.send('POST', `/api/schools/${made.id}/gates`, { name: '侧门', lon: gate[0], lat: gate[1] }), 201);
    expect(added.school.version).toBe(2);
    expect(added.school.gates.map((g: { name: string }) => g.name)).toEqual(['正门', '侧门']);
    const moved = await okJson(officer.send('PATCH', `/api/schools/${made.id}`, { version: 2, kind: 'vocational' }));
    expect(moved.school).toMatchObject({ kind: 'vocational', version: 3 });
    await okJson(officer.send('DELETE', `/api/schools/gates/${added.gateId}?version=3`));
    const events = await t.pool.query(
      `SELECT e.action, u.username FROM school_events e JOIN users u ON u.id = e.actor_id WHERE e.school_id = $1 ORDER BY e.id`,
      [made.id],
    );
    expect(events.rows).toEqual(['create', 'gate_create', 'update', 'gate_delete'].map((action) => ({ action, username: 'officer.gaotang' })));
  });

  it('imports an officer’s rows inside the brigade and reports those outside it, saving nothing of them', async () => {
    const [inside, outside] = [fresh('import'), fresh('import')];
    const csv = `学校名称,学校类型,经度,纬度\n${inside},小学,${site[0]},${site[1]}\n${outside},初中,${linqing[0]},${linqing[1]}\n`;
    const report = await okJson(upload(clients['officer.gaotang'], '名单.csv', csv));
    expect(report).toMatchObject({ saved: 1, rejected: 1 });
    expect(report.rows[1]).toMatchObject({ row: 3, status: 'rejected', field: 'lon', rule: 'scope', reason: expect.stringMatching(/outside 高唐/) });
    const r = await t.pool.query(
      `SELECT s.name, s.kind, s.county_code AS county, s.source, (SELECT count(*)::int FROM school_gates g WHERE g.school_id = s.id) AS gates,
              (SELECT array_agg(e.data->'via'->>'row') FROM school_events e WHERE e.school_id = s.id) AS rows
       FROM schools s WHERE s.name = ANY ($1)`,
      [[inside, outside]],
    );
    expect(r.rows).toEqual([{ name: inside, kind: 'primary', county: '371526', source: 'imported by officer.gaotang (名单.csv)', gates: 1, rows: ['2'] }]);
  });

  it('refuses a stale version with the school now, the last gate, and a gate with a guard post', async () => {
    const s = await create();
    await okJson(admin().send('PATCH', `/api/schools/${s.id}`, { version: 1, name: fresh('stale') }));
    const stale = await errorOf(admin().send('PATCH', `/api/schools/${s.id}`, { version: 1, kind: 'other' }), 409);
    expect(stale).toMatchObject({ code: 'conflict', details: [{ param: 'version', reason: 'stale' }], current: { id: s.id, version: 2 } });
    expect((await errorOf(admin().send('DELETE', `/api/schools/gates/${s.gates[0].id}?version=1`), 409)).details[0].reason).toBe('stale');
    expect((await errorOf(admin().send('DELETE', `/api/schools/gates/${s.gates[0].id}?version=2`), 409)).details[0].reason).toBe('last_gate');
    const two = (await okJson(admin().send('POST', `/api/schools/${s.id}/gates`, { name: '侧门', lon: gate[0], lat: gate[1] }), 201)).school;
    await okJson(admin().send('POST', `/api/schools/${s.id}/guard-posts`, { gateId: two.gates[1].id, hours: [{ label: 'arrival', from: '07:00', to: '08:00' }], days: [1], staffing: { police: 1 } }), 201);
    expect((await errorOf(admin().send('DELETE', `/api/schools/gates/${two.gates[1].id}?version=3`), 409)).details[0].reason).toBe('guard_post');
    expect((await t.pool.query(`SELECT count(*)::int AS n FROM school_gates WHERE school_id = $1`, [s.id])).rows[0].n).toBe(2);
  });
});

describe('bad input is a 400 (or 413) naming the field, and saves nothing', () => {
  const bad = async (body: unknown, param: string, opts: { path?: string; rule?: string; status?: number; method?: 'POST' | 'PATCH'; url?: string } = {}) => {
    const e = await errorOf(admin().send(opts.method ?? 'POST', opts.url ?? '/api/schools', body), opts.status ?? 400);
    expect(e.details[0], JSON.stringify(e)).toMatchObject({ param, ...(opts.path && { path: opts.path }), ...(opts.rule && { rule: opts.rule }) });
  };
  const school = (extra: Record<string, unknown>) => ({ name: fresh('bad'), lon: site[0], lat: site[1], ...extra });

  it('refuses a point outside Liaocheng, latitude first or in projected metres, the school’s or a gate’s', async () => {
    const before = (await t.pool.query(`SELECT count(*)::int AS n FROM schools`)).rows[0].n;
    await bad(school({ lon: 113.6, lat: 34.7 }), 'lon', { rule: 'outside_liaocheng' });
    await bad(school({ lon: site[1], lat: site[0] }), 'lon', { rule: 'swapped_axes' });
    await bad(school({ lon: 448000, lat: 4035000 }), 'lon', { rule: 'projected' });
    await bad(school({ gates: [{ name: '南门', lon: gate[0], lat: gate[1] }, { name: '北门', lon: gate[1], lat: gate[0] }] }), 'gates', { path: 'gates.1.lon', rule: 'swapped_axes' });
    await bad(school({ gates: [{ name: '南门', lon: 448000, lat: 4035000 }] }), 'gates', { path: 'gates.0.lon', rule: 'projected' });
    await bad({ name: '高德中学', lon: site[0], lat: site[1], crs: 'amap' }, 'crs');
    const s = await create();
    await bad({ version: 1, lon: 113.6, lat: 34.7 }, 'lon', { method: 'PATCH', url: `/api/schools/${s.id}`, rule: 'outside_liaocheng' });
    await bad({ version: 1, lon: site[0] }, 'lat', { method: 'PATCH', url: `/api/schools/${s.id}` });
    await bad({ name: '侧门', lon: 113.6, lat: 34.7 }, 'lon', { url: `/api/schools/${s.id}/gates`, rule: 'no_road_near' });
    expect((await t.pool.query(`SELECT count(*)::int AS n FROM schools`)).rows[0].n).toBe(before + 1);
  });

  it('refuses NUL, an unknown kind, nothing to change, a huge body, malformed JSON, an array and ids no row can have', async () => {
    await bad(school({ name: 'a\u0000b' }), 'name');
    await bad(school({ gates: [{ name: '南\u0000门', lon: gate[0], lat: gate[1] }] }), 'gates', { path: 'gates.0.name' });
    await bad(school({ kind: 'university' }), 'kind');
    await bad(school({ gates: [] }), 'gates');
    await bad({ version: 1 }, 'version', { method: 'PATCH', url: `/api/schools/${(await create()).id}` });
    await bad(school({ source: 'x'.repeat(100_000) }), 'body', { status: 413 });
    await bad([school({})], 'body');
    const res = await t.app.request('/api/schools', {
      method: 'POST', headers: { cookie: admin().cookie, 'x-csrf-token': admin().csrf, 'content-type': 'application/json' }, body: '{"name": "x", "lon": ',
    });
    expect((await errorOf(res, 400)).details[0]).toEqual({ param: 'body', reason: 'is not valid JSON' });
    await bad({ version: 1, name: 'x' }, 'id', { method: 'PATCH', url: '/api/schools/99999999999999999999' });
    expect((await errorOf(admin().send('DELETE', '/api/schools/gates/99999999999999999999?version=1'), 400)).details[0].param).toBe('gateId');
  });

  it('refuses an upload that is not a school list, naming the file or the column', async () => {
    const e = await errorOf(upload(admin(), 'list.csv', 'name,x,y\n一中,1,2\n'), 400);
    expect(e.details.map((d: { field: string }) => d.field)).toEqual(['lon', 'lat']);
    expect((await errorOf(upload(admin(), 'list.geojson', '{"type": "Feature"'), 400)).details[0]).toMatchObject({ field: 'file', reason: 'not JSON' });
    expect((await errorOf(upload(admin(), 'list.csv', 'x'.repeat(6 * 1024 * 1024)), 413)).details[0].field).toBe('file');
    expect((await errorOf(upload(admin(), 'list.csv', `name,lon,lat\n一中,${site[0]},${site[1]}\n`, { crs: 'amap' }), 400)).details[0].param).toBe('crs');
  });
});

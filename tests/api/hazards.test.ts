import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wgs84ToGcj02 } from '../../api/lib/china-crs';
import { evidencePhoto, signIn, type Client } from '../support/session';
import { createTestApp } from '../support/test-app';

let t: Awaited<ReturnType<typeof createTestApp>>;
let officer: Client; // officer.donge: 东阿
let linqing: Client; // officer.linqing
let jiaotong: Client; // liaison of 东阿县交通运输局
let tongcheng: Client; // liaison of 铜城街道 (东阿)
let leader: Client;
let admin: Client;
/** Deterministic points inside 东阿 (PostGIS ST_GeneratePoints with a seed), one per use. */
let donge: [number, number][];
let linqingPoint: [number, number];

beforeAll(async () => {
  t = await createTestApp();
  [officer, linqing, jiaotong, tongcheng, leader, admin] = await Promise.all(
    ['officer.donge', 'officer.linqing', 'liaison.jiaotong', 'liaison.tongcheng', 'leader', 'admin'].map((u) => signIn(t.app, u)),
  );
  const pts = await t.pool.query(
    `SELECT ST_X(g) AS lon, ST_Y(g) AS lat FROM (SELECT (ST_Dump(ST_GeneratePoints(ST_Buffer(geom, -0.01), 80, 11))).geom AS g
     FROM jurisdictions WHERE code = '371524') p`,
  );
  donge = pts.rows.map((r) => [r.lon, r.lat]);
  const lq = await t.pool.query(`SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM jurisdictions WHERE code = '371581') x`);
  linqingPoint = [lq.rows[0].lon, lq.rows[0].lat];
});
afterAll(() => t.close());

let next = 0;
const spot = () => donge[next++];
const newHazard = (extra: Record<string, unknown> = {}, at = spot()) => ({
  type: 'vegetation', description: '路口绿植遮挡视线', risk: 'high', lon: at[0], lat: at[1], ...extra,
});

async function register(by: Client = officer, extra: Record<string, unknown> = {}) {
  const res = await by.send('POST', '/api/hazards', newHazard(extra));
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json();
}

const act = (by: Client, h: { id: number; version: number }, action: string, extra: Record<string, unknown> = {}) =>
  by.send('POST', `/api/hazards/${h.id}/transitions`, { action, version: h.version, ...extra });

async function ok(res: Response | Promise<Response>) {
  const r = await res;
  expect(r.status, await r.clone().text()).toBe(200);
  return r.json();
}

const error = async (res: Response | Promise<Response>, status: number) => {
  const r = await res;
  expect(r.status, await r.clone().text()).toBe(status);
  return (await r.json()).error;
};

describe('registering a hazard from a phone’s outbox', () => {
  it('saves a registration sent twice under one clientRef once, and answers the second with it', async () => {
    const ref = crypto.randomUUID();
    const body = newHazard({ clientRef: ref, description: '待发送：绿植遮挡' });
    const first = await officer.send('POST', '/api/hazards', body);
    expect(first.status).toBe(201);
    const saved = await first.json();
    // The answer was lost on the way: sent again, the same hazard (not a 409 duplicate of itself).
    const again = await ok(officer.send('POST', '/api/hazards', body));
    expect([again.id, again.number]).toEqual([saved.id, saved.number]);
    // Twice at once: one hazard between them.
    const bothRef = crypto.randomUUID();
    const both = newHazard({ clientRef: bothRef });
    const answers = await Promise.all([officer.send('POST', '/api/hazards', both), officer.send('POST', '/api/hazards', both)]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 201]);
    const ids = await Promise.all(answers.map(async (r) => (await r.json()).id));
    expect(ids[0]).toBe(ids[1]);
    const rows = await t.pool.query(`SELECT count(*)::int AS n FROM hazards WHERE client_ref = ANY ($1::uuid[])`, [[ref, bothRef]]);
    expect(rows.rows[0].n).toBe(2);
    expect((await error(officer.send('POST', '/api/hazards', newHazard({ clientRef: 'not-a-uuid' })), 400)).details[0].param).toBe('clientRef');
  });
});

describe('registering a hazard', () => {
  it('stores it where PostGIS puts it, numbered in the brigade’s ledger, with the first event', async () => {
    const h = await register();
    expect(h).toMatchObject({ type: 'vegetation', risk: 'high', status: 'registered', county: { code: '371524', name: '东阿县' }, version: 1 });
    expect(h.number).toMatch(/^371524-\d{4}-\d{4}$/);
    expect(h.township.code).toMatch(/^371524\d{3}$/);
    const full = await ok(officer.get(`/api/hazards/${h.id}`));
    expect(full.events).toHaveLength(1);
    expect(full.events[0]).toMatchObject({ action: 'register', from: null, to: 'registered', actor: { username: 'officer.donge' } });
    expect(full.allowedActions).toEqual(['assign', 'invalidate']);
  });

  it('refuses a point outside the officer’s brigade (403) and outside Liaocheng (400)', async () => {
    const outside = await error(officer.send('POST', '/api/hazards', newHazard({}, linqingPoint)), 403);
    expect(outside.message).toMatch(/outside 东阿县/);
    const far = await error(officer.send('POST', '/api/hazards', newHazard({}, [113.0, 34.7])), 400);
    expect(far.details[0]).toMatchObject({ param: 'lon', rule: 'outside_liaocheng' });
    expect(far.message).toMatch(/outside Liaocheng/);
  });

  it('refuses projected metres and swapped axes, naming the field', async () => {
    const metres = await error(officer.send('POST', '/api/hazards', newHazard({ lon: 448000, lat: 4035000 })), 400);
    expect(metres.message).toMatch(/projected metres/);
    expect(metres.details[0].rule).toBe('projected');
    const swapped = await error(officer.send('POST', '/api/hazards', newHazard({ lon: 36.3, lat: 116.2 })), 400);
    expect(swapped.message).toMatch(/latitude, longitude/);
    expect(swapped.details[0].rule).toBe('swapped_axes');
    const text = await error(officer.send('POST', '/api/hazards', newHazard({ lon: 'east' })), 400);
    expect(text.details[0].param).toBe('lon');
    const noType = await error(officer.send('POST', '/api/hazards', newHazard({ type: 'meteor' })), 400);
    expect(noType.details[0].param).toBe('type');
  });

  it('converts a GCJ-02 point to WGS84 before storing it', async () => {
    const at = spot();
    const [glon, glat] = wgs84ToGcj02(at[0], at[1]);
    const h = await register(officer, { lon: glon, lat: glat, crs: 'gcj02', type: 'lighting' });
    expect(h.lon).toBeCloseTo(at[0], 6);
    expect(h.lat).toBeCloseTo(at[1], 6);
  });

  it('lets only officers and admins register', async () => {
    expect((await error(leader.send('POST', '/api/hazards', newHazard()), 403)).details[0].reason).toBe('role');
    expect((await error(jiaotong.send('POST', '/api/hazards', newHazard()), 403)).details[0].reason).toBe('role');
    expect((await t.app.request('/api/hazards', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(newHazard()) })).status).toBe(401);
    await register(admin);
  });

  it('offers an open hazard of the same type within 30 m as a possible duplicate', async () => {
    const at = spot();
    const first = await register(officer, { lon: at[0], lat: at[1], type: 'school' });
    const near = [at[0] + 0.0001, at[1]]; // ~9 m east
    const dup = await error(officer.send('POST', '/api/hazards', newHazard({ type: 'school', lon: near[0], lat: near[1] })), 409);
    expect(dup.details[0].reason).toBe('possible_duplicate');
    expect(dup.duplicates.map((d: { id: number }) => d.id)).toEqual([first.id]);
    expect(dup.duplicates[0].distance).toBeGreaterThan(5);
    expect(dup.duplicates[0].distance).toBeLessThan(15);
    // Another type there is not a duplicate; confirming saves anyway.
    await register(officer, { type: 'pavement', lon: near[0], lat: near[1] });
    const saved = await officer.send('POST', '/api/hazards', newHazard({ type: 'school', lon: near[0], lat: near[1], confirmNotDuplicate: true }));
    expect(saved.status).toBe(201);
  });
});

describe('the ledger’s life cycle', () => {
  it('walks registration → assignment → rectification → re-inspection → closure with two users', async () => {
    let h = await register();
    h = await ok(act(officer, h, 'assign', { unitCode: '371524-jtj', deadline: '2027-01-31', plan: '修剪路口绿植', noticeNo: '东公交整字〔2026〕1号' }));
    expect(h).toMatchObject({ status: 'assigned', unit: { code: '371524-jtj' }, deadline: '2027-01-31', plan: '修剪路口绿植', version: 2 });
    // Only the unit it was handed to may act for the unit; other brigades not at all.
    expect((await error(act(tongcheng, h, 'start'), 403)).details[0].reason).toBe('unit');
    expect((await error(act(linqing, h, 'start'), 403)).details[0].reason).toBe('scope');
    expect((await error(act(leader, h, 'start'), 403)).details[0].reason).toBe('role');
    h = await ok(act(jiaotong, h, 'start', { measures: '设置警示锥' }));
    h = await ok(act(jiaotong, h, 'report', { note: '已修剪', attachmentIds: [await evidencePhoto(jiaotong, h.id)] }));
    h = await ok(act(officer, h, 'fail', { note: '仍遮挡北侧视线' }));
    expect(h.status).toBe('assigned');
    h = await ok(act(jiaotong, h, 'report', { note: '北侧已修剪', attachmentIds: [await evidencePhoto(jiaotong, h.id)] }));
    h = await ok(act(officer, h, 'pass'));
    expect(h).toMatchObject({ status: 'closed', resolution: 'rectified', version: 7 });
    expect(h.closedAt).toBeTruthy();
    const full = await ok(officer.get(`/api/hazards/${h.id}`));
    // The steps (each photo upload is an event of its own, left out here).
    const steps = full.events.filter((e: { action: string }) => e.action !== 'photos');
    expect(steps.map((e: { action: string; to: string; actor: { username: string } }) => [e.action, e.to, e.actor.username])).toEqual([
      ['register', 'registered', 'officer.donge'],
      ['assign', 'assigned', 'officer.donge'],
      ['start', 'rectifying', 'liaison.jiaotong'],
      ['report', 'inspecting', 'liaison.jiaotong'],
      ['fail', 'assigned', 'officer.donge'],
      ['report', 'inspecting', 'liaison.jiaotong'],
      ['pass', 'closed', 'officer.donge'],
    ]);
    expect(steps[4].note).toBe('仍遮挡北侧视线');
    // The unit's name as it was when the hazard was handed over, for the timeline.
    expect(steps[1].data).toMatchObject({ unitCode: '371524-jtj', unitName: '东阿县交通运输局', unitNameEn: 'Dong\'e Transport Bureau' });
    expect(full.unit).toMatchObject({ name: '东阿县交通运输局', nameEn: 'Dong\'e Transport Bureau' });
    expect(full.allowedActions).toEqual(['reopen']);
    expect(full.mayAddPhotos).toBe(false); // closed
  });

  it('refuses a stale version with 409 and the hazard as it is now', async () => {
    const h = await register();
    await ok(act(officer, h, 'assign', { unitCode: '371524-jtj', deadline: '2027-03-01' }));
    const err = await error(act(officer, h, 'invalidate', { resolution: 'invalid', note: '误报' }), 409); // still version 1
    expect(err.details[0]).toMatchObject({ param: 'version', reason: 'stale' });
    expect(err.current).toMatchObject({ id: h.id, status: 'assigned', version: 2 });
    const stalePatch = await error(officer.send('PATCH', `/api/hazards/${h.id}`, { version: 1, description: '改' }), 409);
    expect(stalePatch.current.version).toBe(2);
  });

  it('refuses an action the state does not allow with 409', async () => {
    const h = await register();
    const err = await error(act(officer, h, 'pass'), 409);
    expect(err.details[0]).toMatchObject({ param: 'action', reason: 'state' });
    expect(err.current.status).toBe('registered');
  });

  it('asks for what each action needs, naming the field', async () => {
    const h = await register();
    expect((await error(act(officer, h, 'assign', { deadline: '2027-01-01' }), 400)).details[0].param).toBe('unitCode');
    expect((await error(act(officer, h, 'assign', { unitCode: '371524-jtj' }), 400)).details[0].param).toBe('deadline');
    expect((await error(act(officer, h, 'assign', { unitCode: '371581-jtj', deadline: '2027-01-01' }), 400)).details[0]).toMatchObject({ param: 'unitCode', rule: 'unit_elsewhere' });
    expect((await error(act(officer, h, 'assign', { unitCode: '371524-jtj', deadline: '2001-01-01' }), 400)).details[0]).toMatchObject({ param: 'deadline', rule: 'before_found' });
    expect((await error(act(officer, h, 'invalidate', { note: '重复' }), 400)).details[0].param).toBe('resolution');
    expect((await error(act(officer, h, 'invalidate', { resolution: 'duplicate', note: '重复' }), 400)).details[0].param).toBe('duplicateOf');
    // City departments may take a county's hazard.
    await ok(act(officer, h, 'assign', { unitCode: '371500-glzx', deadline: '2027-01-01' }));
  });

  it('reports the work done only with a photo of it, naming the field', async () => {
    let h = await register();
    h = await ok(act(officer, h, 'assign', { unitCode: '371524-jtj', deadline: '2027-01-31' }));
    expect((await error(act(jiaotong, h, 'report', { note: '已修剪' }), 400)).details[0]).toMatchObject({ param: 'attachmentIds', rule: 'required' });
    expect((await error(act(jiaotong, h, 'report', { note: '已修剪', attachmentIds: [] }), 400)).details[0].param).toBe('attachmentIds');
    h = await ok(act(jiaotong, h, 'report', { note: '已修剪', attachmentIds: [await evidencePhoto(jiaotong, h.id)] }));
    expect(h.status).toBe('inspecting');
  });

  it('lets the unit send back a hazard not theirs, with the reason: the brigade hands it out again', async () => {
    let h = await register();
    h = await ok(act(officer, h, 'assign', { unitCode: '371524-jtj', deadline: '2027-01-31' }));
    expect((await error(act(jiaotong, h, 'return'), 400)).details[0].param).toBe('note');
    expect((await error(act(leader, h, 'return', { note: '不是' }), 403)).details[0].reason).toBe('role');
    h = await ok(act(jiaotong, h, 'return', { note: '该路段属公路中心养护，非交通局职责' }));
    expect(h).toMatchObject({ status: 'registered', unit: null, deadline: null });
    // No longer the unit's: it cannot see it; the brigade assigns it elsewhere.
    expect((await jiaotong.get(`/api/hazards/${h.id}`)).status).toBe(403);
    const full = await ok(officer.get(`/api/hazards/${h.id}`));
    expect(full.events.at(-1)).toMatchObject({ action: 'return', from: 'assigned', to: 'registered', note: '该路段属公路中心养护，非交通局职责', data: { unitCode: '371524-jtj' } });
    expect(full.allowedActions).toContain('assign');
    h = await ok(act(officer, h, 'assign', { unitCode: '371500-glzx', deadline: '2027-02-28' }));
    expect(h.unit.code).toBe('371500-glzx');
  });

  it('lets the unit ask for more time, which the brigade grants (the deadline moves) or refuses', async () => {
    let h = await register();
    h = await ok(act(officer, h, 'assign', { unitCode: '371524-jtj', deadline: '2027-01-31' }));
    expect((await error(act(jiaotong, h, 'extend', { note: '需采购设备' }), 400)).details[0].param).toBe('deadline');
    expect((await error(act(jiaotong, h, 'extend', { deadline: '2027-03-31' }), 400)).details[0].param).toBe('note');
    expect((await error(act(jiaotong, h, 'extend', { deadline: '2027-01-31', note: '需采购设备' }), 400)).details[0]).toMatchObject({ param: 'deadline', rule: 'not_later' });
    expect((await error(act(officer, h, 'grant'), 409)).details[0].reason).toBe('extension'); // nothing asked yet
    h = await ok(act(jiaotong, h, 'extend', { deadline: '2027-03-31', note: '需采购设备' }));
    expect(h).toMatchObject({ status: 'assigned', deadline: '2027-01-31', extensionTo: '2027-03-31' });
    expect((await error(act(jiaotong, h, 'extend', { deadline: '2027-04-30', note: '再延' }), 409)).details[0].reason).toBe('extension'); // one at a time
    expect((await error(act(jiaotong, h, 'grant'), 403)).details[0].reason).toBe('role'); // the brigade's answer
    const asked = await ok(officer.get(`/api/hazards/${h.id}`));
    expect(asked.allowedActions).toEqual(expect.arrayContaining(['grant', 'refuse']));
    expect(asked.allowedActions).not.toContain('extend');
    h = await ok(act(officer, h, 'grant'));
    expect(h).toMatchObject({ deadline: '2027-03-31', extensionTo: null });
    // Asked again, refused with a reason: the deadline stays.
    h = await ok(act(jiaotong, h, 'extend', { deadline: '2027-06-30', note: '雨季施工困难' }));
    expect((await error(act(officer, h, 'refuse'), 400)).details[0].param).toBe('note');
    h = await ok(act(officer, h, 'refuse', { note: '期限已延长一次，请按期完成' }));
    expect(h).toMatchObject({ deadline: '2027-03-31', extensionTo: null });
    const events = (await ok(officer.get(`/api/hazards/${h.id}`))).events.filter((e: { action: string }) => e.action !== 'photos').slice(-4);
    expect(events.map((e: { action: string; data: Record<string, unknown> }) => [e.action, e.data])).toEqual([
      ['extend', { asked: '2027-03-31', was: '2027-01-31' }],
      ['grant', { deadline: '2027-03-31', was: '2027-01-31' }],
      ['extend', { asked: '2027-06-30', was: '2027-03-31' }],
      ['refuse', { asked: '2027-06-30' }],
    ]);
    // A request still waiting lapses when the work is reported.
    h = await ok(act(jiaotong, h, 'extend', { deadline: '2027-05-31', note: '再申请' }));
    h = await ok(act(jiaotong, h, 'report', { note: '已完成', attachmentIds: [await evidencePhoto(jiaotong, h.id)] }));
    expect(h).toMatchObject({ status: 'inspecting', extensionTo: null });
  });

  it('closes a mistaken hazard as a duplicate, and reopens a closed one with a reason', async () => {
    const a = await register();
    let b = await register();
    b = await ok(act(officer, b, 'invalidate', { resolution: 'duplicate', duplicateOf: a.id, note: '与前一条重复' }));
    expect(b).toMatchObject({ status: 'closed', resolution: 'duplicate', duplicateOf: a.id });
    expect((await error(act(officer, b, 'reopen'), 400)).details[0].param).toBe('note');
    b = await ok(act(officer, b, 'reopen', { note: '并非重复' }));
    expect(b).toMatchObject({ status: 'registered', resolution: null, closedAt: null });
  });

  it('keeps the event log append-only and never deletes a hazard', async () => {
    const h = await register();
    await expect(t.pool.query(`UPDATE hazard_events SET note = 'x' WHERE hazard_id = $1`, [h.id])).rejects.toThrow(/append-only/);
    await expect(t.pool.query(`DELETE FROM hazard_events WHERE hazard_id = $1`, [h.id])).rejects.toThrow(/append-only/);
    await expect(t.pool.query(`DELETE FROM hazards WHERE id = $1`, [h.id])).rejects.toThrow(/append-only/);
  });

  it('ends with the state its event log says, after a random sequence of actions', async () => {
    // A seeded walk: at each step one of the actions allowed to some user, by that user.
    let seed = 20261124;
    const rand = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    const users = [officer, jiaotong, admin];
    let h = await register();
    for (let step = 0; step < 25; step++) {
      const options: [Client, string][] = [];
      for (const u of users) {
        const res = await u.get(`/api/hazards/${h.id}`);
        if (res.status === 403) continue; // the unit sees it only while it is assigned to them
        const view = await ok(res);
        for (const a of view.allowedActions as string[]) options.push([u, a]);
      }
      const [u, action] = options[rand(options.length)];
      const extra: Record<string, unknown> = { note: `step ${step}` };
      if (action === 'assign' || action === 'reassign') Object.assign(extra, { unitCode: '371524-jtj', deadline: '2027-06-30' });
      if (action === 'measures') extra.measures = '巡逻';
      if (action === 'invalidate') extra.resolution = 'invalid';
      if (action === 'report') extra.attachmentIds = [await evidencePhoto(u, h.id)];
      if (action === 'extend') extra.deadline = `${2028 + step}-01-01`; // always later than any before
      h = await ok(act(u, h, action, extra));
    }
    const full = await ok(officer.get(`/api/hazards/${h.id}`));
    const events = full.events as { from: string | null; to: string }[];
    expect(events).toHaveLength(26);
    for (let i = 1; i < events.length; i++) expect(events[i].from).toBe(events[i - 1].to);
    expect(events.at(-1)!.to).toBe(full.status);
    expect(full.version).toBe(26);
  });
});

describe('deadlines coming due', () => {
  it('lists for each user the overdue hazards and those due within 3 days, as the rows say', async () => {
    const day = async (offset: number) => (await t.pool.query<{ d: string }>(`SELECT ((now() AT TIME ZONE 'Asia/Shanghai')::date + $1::int)::text AS d`, [offset])).rows[0].d;
    const soon = await ok(act(officer, await register(), 'assign', { unitCode: '371524-jtj', deadline: await day(2) }));
    const later = await ok(act(officer, await register(), 'assign', { unitCode: '371524-jtj', deadline: await day(10) }));
    const late = await ok(act(officer, await register(), 'assign', { unitCode: '371524-jtj', deadline: await day(1) }));
    // Four days pass for this one (a deadline is never set before the day a hazard was found).
    await t.pool.query(`UPDATE hazards SET deadline = deadline - 4, found_on = found_on - 30 WHERE id = $1`, [late.id]);
    const closedLate = await register();
    await t.pool.query(`UPDATE hazards SET status = 'closed', resolution = 'invalid', deadline = $2::date - 9 WHERE id = $1`, [closedLate.id, await day(0)]);

    const due = await ok(officer.get('/api/hazards/due'));
    expect(due).toMatchObject({ today: await day(0), days: 3 });
    const ids = (items: { id: number }[]) => items.map((i) => i.id);
    expect(ids(due.overdue.items)).toContain(late.id);
    expect(due.overdue.items.find((i: { id: number }) => i.id === late.id)).toMatchObject({ days: -3, unit: { code: '371524-jtj' }, number: late.number });
    expect(ids(due.dueSoon.items)).toContain(soon.id);
    expect(due.dueSoon.items.find((i: { id: number }) => i.id === soon.id)).toMatchObject({ days: 2 });
    expect([...ids(due.overdue.items), ...ids(due.dueSoon.items)]).not.toContain(later.id);
    expect(ids(due.overdue.items)).not.toContain(closedLate.id);
    // The totals from the raw rows, for what 东阿's officer may see.
    const raw = (await t.pool.query<{ overdue: number; soon: number }>(
      `SELECT count(*) FILTER (WHERE deadline < d)::int AS overdue, count(*) FILTER (WHERE deadline BETWEEN d AND d + 3)::int AS soon
       FROM hazards, (SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date AS d) x
       WHERE county_code = '371524' AND status IN ('assigned', 'rectifying')`,
    )).rows[0];
    expect([due.overdue.total, due.dueSoon.total]).toEqual([raw.overdue, raw.soon]);
    // Most urgent first.
    const deadlines = due.overdue.items.map((i: { deadline: string }) => i.deadline);
    expect(deadlines).toEqual([...deadlines].sort());

    // The unit sees its own; another unit of the county not these; anonymous nothing.
    const unit = await ok(jiaotong.get('/api/hazards/due'));
    expect(ids(unit.overdue.items)).toContain(late.id);
    const other = await ok(tongcheng.get('/api/hazards/due'));
    expect([...ids(other.overdue.items), ...ids(other.dueSoon.items)]).not.toContain(late.id);
    expect((await t.app.request('/api/hazards/due')).status).toBe(401);
  });
});

describe('editing and moving', () => {
  it('moves a hazard inside the brigade, re-deciding its township, and refuses a move out of it', async () => {
    const h = await register();
    const to = spot();
    const moved = await ok(officer.send('PATCH', `/api/hazards/${h.id}`, { version: 1, lon: to[0], lat: to[1], description: '位置更正' }));
    expect(moved).toMatchObject({ lon: expect.closeTo(to[0], 6), lat: expect.closeTo(to[1], 6), description: '位置更正', version: 2 });
    const out = await error(officer.send('PATCH', `/api/hazards/${h.id}`, { version: 2, lon: linqingPoint[0], lat: linqingPoint[1] }), 403);
    expect(out.details[0]).toMatchObject({ param: 'lon', reason: 'scope' });
    expect((await error(linqing.send('PATCH', `/api/hazards/${h.id}`, { version: 2, description: 'x' }), 403)).details[0].reason).toBe('scope');
    const full = await ok(officer.get(`/api/hazards/${h.id}`));
    expect(full.events.at(-1)).toMatchObject({ action: 'edit', data: { description: '位置更正', lon: to[0], lat: to[1] } });
  });

  it('moves an assigned hazard into another county only with the unit that takes it over there', async () => {
    let h = await register();
    h = await ok(act(officer, h, 'assign', { unitCode: '371524-jtj', deadline: '2027-01-31' }));
    const before = (await t.pool.query(`SELECT number, county_code, unit_id, version FROM hazards WHERE id = $1`, [h.id])).rows[0];
    const move = { lon: linqingPoint[0], lat: linqingPoint[1] };
    // 东阿's transport bureau does not work in 临清: without its successor the move is refused, and nothing changes.
    const refused = await error(admin.send('PATCH', `/api/hazards/${h.id}`, { version: h.version, ...move }), 400);
    expect(refused.details[0]).toMatchObject({ param: 'unitCode', rule: 'unit_elsewhere' });
    expect((await t.pool.query(`SELECT number, county_code, unit_id, version FROM hazards WHERE id = $1`, [h.id])).rows[0]).toEqual(before);
    // A unit of the county left behind is no successor either.
    expect((await error(admin.send('PATCH', `/api/hazards/${h.id}`, { version: h.version, ...move, unitCode: '371524-jtj' }), 400)).details[0]).toMatchObject({ param: 'unitCode', rule: 'unit_elsewhere' });
    // unitCode without a move, or with a move inside the county, is not how a unit is changed.
    expect((await error(admin.send('PATCH', `/api/hazards/${h.id}`, { version: h.version, unitCode: '371581-jtj' }), 400)).details[0]).toMatchObject({ param: 'unitCode', rule: 'not_moving' });
    const near = spot();
    expect((await error(admin.send('PATCH', `/api/hazards/${h.id}`, { version: h.version, lon: near[0], lat: near[1], unitCode: '371524-jtj' }), 400)).details[0]).toMatchObject({ param: 'unitCode', rule: 'not_moving' });
    // With 临清's transport bureau: moved, handed over, its number kept (numbers stay unique).
    const moved = await ok(admin.send('PATCH', `/api/hazards/${h.id}`, { version: h.version, ...move, unitCode: '371581-jtj' }));
    expect(moved).toMatchObject({ number: before.number, county: { code: '371581' }, unit: { code: '371581-jtj' }, status: 'assigned', version: h.version + 1 });
    // 东阿's liaison no longer acts on it; 临清's brigade now does, 东阿's no longer.
    expect((await act(jiaotong, moved, 'start')).status).toBe(403);
    expect((await error(officer.send('PATCH', `/api/hazards/${h.id}`, { version: moved.version, description: 'x' }), 403)).details[0].reason).toBe('scope');
    const edited = await ok(linqing.send('PATCH', `/api/hazards/${h.id}`, { version: moved.version, description: '移交临清后核实' }));
    expect(edited.description).toBe('移交临清后核实');
    const full = await ok(admin.get(`/api/hazards/${h.id}`));
    expect(full.events.find((e: { action: string; data: { unitCode?: string } }) => e.action === 'edit' && e.data.unitCode)).toMatchObject({ data: { county: '371581', unitCode: '371581-jtj' } });
  });

  it('keeps a city unit when an assigned hazard moves into another county: it works there too', async () => {
    let h = await register();
    h = await ok(act(officer, h, 'assign', { unitCode: '371500-glzx', deadline: '2027-01-31' }));
    const moved = await ok(admin.send('PATCH', `/api/hazards/${h.id}`, { version: h.version, lon: linqingPoint[0], lat: linqingPoint[1] }));
    expect(moved).toMatchObject({ county: { code: '371581' }, unit: { code: '371500-glzx' } });
  });
});

describe('reading the ledger', () => {
  it('shows each user what their role and area allow', async () => {
    const mine = await register();
    await ok(act(officer, mine, 'assign', { unitCode: '371524-jtj', deadline: '2027-02-01' }));
    const forLeader = await ok(leader.get('/api/hazards?pageSize=5000'));
    const forOfficer = await ok(officer.get('/api/hazards?pageSize=5000'));
    const forLinqing = await ok(linqing.get('/api/hazards'));
    const forUnit = await ok(jiaotong.get('/api/hazards?pageSize=5000'));
    const forTown = await ok(tongcheng.get('/api/hazards'));
    expect(forLeader.total).toBeGreaterThanOrEqual(forOfficer.total);
    expect(forOfficer.items.every((h: { county: { code: string } }) => h.county.code === '371524')).toBe(true);
    expect(forLinqing.items.some((h: { id: number }) => h.id === mine.id)).toBe(false);
    expect(forUnit.items.map((h: { id: number }) => h.id)).toContain(mine.id);
    expect(forUnit.items.every((h: { unit: { code: string } }) => h.unit.code === '371524-jtj')).toBe(true);
    expect(forTown.total).toBe(0);
    expect((await error(linqing.get(`/api/hazards/${mine.id}`), 403)).details[0].reason).toBe('scope');
    expect((await error(tongcheng.get(`/api/hazards/${mine.id}`), 403)).message).toMatch(/not assigned to your unit/);
    // Who may add photos now: the brigade's officer and the assigned unit, not a leader.
    expect((await ok(officer.get(`/api/hazards/${mine.id}`))).mayAddPhotos).toBe(true);
    expect((await ok(jiaotong.get(`/api/hazards/${mine.id}`))).mayAddPhotos).toBe(true);
    expect((await ok(leader.get(`/api/hazards/${mine.id}`))).mayAddPhotos).toBe(false);
    expect((await t.app.request('/api/hazards')).status).toBe(401);
  });

  it('marks and counts overdue hazards, and filters by them', async () => {
    const h = await register(officer, { foundOn: '2026-01-05' });
    await ok(act(officer, h, 'assign', { unitCode: '371524-jtj', deadline: '2026-02-01' }));
    const overdue = await ok(officer.get('/api/hazards?overdue=true&pageSize=5000'));
    expect(overdue.items.map((x: { id: number }) => x.id)).toContain(h.id);
    expect(overdue.items.every((x: { overdue: boolean }) => x.overdue)).toBe(true);
    expect(overdue.overdue).toBe(overdue.total);
    const geo = await ok(officer.get(`/api/hazards?format=geojson&q=${encodeURIComponent(h.number)}`));
    expect(geo.features).toHaveLength(1);
    expect(geo.features[0]).toMatchObject({ geometry: { type: 'Point' }, properties: { number: h.number, overdue: true } });
  });

  it('refuses bad filters, naming the parameter', async () => {
    expect((await error(officer.get('/api/hazards?status=lost'), 400)).details[0].param).toBe('status');
    expect((await error(officer.get('/api/hazards?bbox=1,2,3'), 400)).details[0].param).toBe('bbox');
    expect((await error(officer.get('/api/hazards?pageSize=0'), 400)).details[0].param).toBe('pageSize');
  });
});

describe('the ledger in Excel and in numbers', () => {
  const sheetText = async (res: Response) => {
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    return strFromU8(files['xl/worksheets/sheet1.xml']);
  };

  it('exports the hazards a user may see as a brigade ledger with Chinese headers', async () => {
    const h = await register(officer, { type: 'roadside_market', description: '集市占道经营' });
    const res = await officer.get('/api/hazards/export.xlsx?type=roadside_market');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/spreadsheetml/);
    expect(decodeURIComponent(res.headers.get('content-disposition')!)).toMatch(/隐患台账-东阿县-\d{4}-\d{2}-\d{2}\.xlsx/);
    const xml = await sheetText(res);
    for (const text of ['隐患编号', '整改措施（一点一策）', '责任单位', h.number, '马路市场', '集市占道经营', '排查登记']) expect(xml).toContain(text);
    const other = await sheetText(await linqing.get('/api/hazards/export.xlsx'));
    expect(other).not.toContain(h.number);
    expect(other).toContain('隐患编号'); // an empty ledger still has its headers
  });

  it('counts found, rectified, open and overdue hazards and the rectification rate by brigade', async () => {
    const before = (await ok(leader.get('/api/hazards/summary'))).rows.find((r: { code: string }) => r.code === '371524');
    let h = await register();
    h = await ok(act(officer, h, 'assign', { unitCode: '371524-jtj', deadline: '2027-04-01' }));
    h = await ok(act(jiaotong, h, 'report', { note: '已完成', attachmentIds: [await evidencePhoto(jiaotong, h.id)] }));
    await ok(act(officer, h, 'pass'));
    const bad = await register();
    await ok(act(officer, bad, 'invalidate', { resolution: 'invalid', note: '误报' }));
    const after = (await ok(leader.get('/api/hazards/summary'))).rows.find((r: { code: string }) => r.code === '371524');
    expect(after.found - before.found).toBe(2);
    expect(after.rectified - before.rectified).toBe(1);
    expect(after.invalid - before.invalid).toBe(1);
    expect(after.open).toBe(before.open);
    expect(after.rectificationRate).toBeCloseTo(after.rectified / (after.found - after.invalid), 4);
    const byTown = await ok(officer.get('/api/hazards/summary?by=township'));
    expect(byTown.rows.every((r: { code: string }) => r.code.startsWith('371524'))).toBe(true);
    expect((await ok(linqing.get('/api/hazards/summary'))).rows.some((r: { code: string }) => r.code === '371524')).toBe(false);
  });
});

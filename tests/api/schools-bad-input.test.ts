import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ITEMS } from '@shared/schools/school-terms';
import { errorOf, signIn, type Client } from '../support/session';
import { createTestApp } from '../support/test-app';

/** What a client can send wrong to the school writes: each a 400 whose details name the field, nothing saved. */
let t: Awaited<ReturnType<typeof createTestApp>>;
let admin: Client;
let school: { id: number; gateId: number };
let auditId: number;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signIn(t.app, 'admin');
  school = (await t.pool.query(`SELECT s.id, min(g.id) AS "gateId" FROM schools s JOIN school_gates g ON g.school_id = s.id WHERE s.county_code = '371581' GROUP BY s.id ORDER BY s.id LIMIT 1`)).rows[0];
  auditId = (await t.pool.query(`SELECT min(id) AS id FROM school_audits`)).rows[0].id;
});
afterAll(() => t?.close());

const allPass = () => AUDIT_ITEMS.map((item): { item: string; result: string } => ({ item, result: 'pass' }));
const audit = (body: Record<string, unknown>) => admin.send('POST', `/api/schools/${school.id}/audits`, { doneOn: '2026-06-01', items: allPass(), ...body });
const post = (body: Record<string, unknown>) =>
  admin.send('POST', `/api/schools/${school.id}/guard-posts`, {
    gateId: school.gateId, hours: [{ label: 'arrival', from: '07:00', to: '08:00' }], days: [1, 2, 3, 4, 5], staffing: { police: 1 }, ...body,
  });

async function refused(res: Promise<Response>, param: string, reason: RegExp, path?: string) {
  const e = await errorOf(res, 400);
  expect(e.code).toBe('bad_request');
  expect(e.details[0]).toMatchObject({ param, reason: expect.stringMatching(reason), ...(path && { path }) });
}

describe('POST /api/schools/:id/audits', () => {
  it('refuses an unknown item, a result that is not pass|fail|na, and an incomplete or doubled checklist', async () => {
    const unknown = allPass();
    unknown[3] = { item: 'speed_bump', result: 'pass' };
    await refused(audit({ items: unknown }), 'items', /one of speed_limit_30/, 'items.3.item');
    const maybe = allPass();
    maybe[0].result = 'maybe';
    await refused(audit({ items: maybe }), 'items', /one of pass, fail, na/, 'items.0.result');
    await refused(audit({ items: allPass().slice(1) }), 'items', /missing speed_limit_30/);
    await refused(audit({ items: [...allPass().slice(1), allPass()[1]] }), 'items', /children_signs appears twice/, 'items.7.item');
    await refused(audit({ items: 'all good' }), 'items', /array/);
  });

  it('refuses a date that does not exist, year 0, the future, and a NUL in a note', async () => {
    await refused(audit({ doneOn: '2026-02-30' }), 'doneOn', /real calendar date/);
    await refused(audit({ doneOn: '0000-01-01' }), 'doneOn', /between 1900-01-01 and 2100-12-31/);
    await refused(audit({ doneOn: '2099-01-01' }), 'doneOn', /in the future/);
    await refused(audit({ doneOn: '1.6.2026' }), 'doneOn', /YYYY-MM-DD/);
    await refused(audit({ note: 'a\u0000b' }), 'note', /NUL/);
  });

  it('refuses an id no school can have, before anything else', async () => {
    await refused(admin.send('POST', '/api/schools/99999999999/audits', { doneOn: '2026-06-01', items: allPass() }), 'id', /between 1 and 2147483647/);
    expect((await errorOf(admin.send('POST', '/api/schools/999999/audits', { doneOn: '2026-06-01', items: allPass() }), 404)).code).toBe('not_found');
  });
});

describe('guard posts', () => {
  it('refuse reversed hours, a time that is not one, an unknown label, a doubled period', async () => {
    await refused(post({ hours: [{ label: 'arrival', from: '08:00', to: '07:00' }] }), 'hours', /after from \(the hours are reversed\)/, 'hours.0.to');
    await refused(post({ hours: [{ label: 'arrival', from: '07:00', to: '07:00' }] }), 'hours', /reversed/, 'hours.0.to');
    await refused(post({ hours: [{ label: 'arrival', from: '24:00', to: '24:30' }] }), 'hours', /HH:MM/, 'hours.0.from');
    await refused(post({ hours: [{ label: '上学', from: '07:00', to: '08:00' }] }), 'hours', /one of arrival, midday, dismissal/, 'hours.0.label');
    await refused(post({ hours: [{ label: 'arrival', from: '07:00', to: '08:00' }, { label: 'arrival', from: '09:00', to: '10:00' }] }), 'hours', /appears twice/, 'hours.1.label');
    await refused(post({ hours: [] }), 'hours', /at least one/);
  });

  it('refuse days outside 1–7, nobody on duty, a gate of another school or none that can exist', async () => {
    await refused(post({ days: [0, 1] }), 'days', /ISO weekdays/, 'days.0');
    await refused(post({ days: [8] }), 'days', /ISO weekdays/);
    await refused(post({ days: [1, 1] }), 'days', /appears twice/);
    await refused(post({ staffing: { police: 0 } }), 'staffing', /at least one person/);
    await refused(post({ staffing: { police: -1 } }), 'staffing', /at least 0/, 'staffing.police');
    await refused(post({ gateId: 99999999999 }), 'gateId', /at most 2147483647/);
    const other = (await t.pool.query(`SELECT min(id) AS id FROM school_gates WHERE school_id <> $1`, [school.id])).rows[0].id;
    await refused(post({ gateId: other }), 'gateId', /not a gate of school/);
  });

  it('refuse a change without a version or with nothing to change, and an id no post can have', async () => {
    await refused(admin.send('PATCH', '/api/schools/guard-posts/1', { days: [1] }), 'version', /version you read/);
    await refused(admin.send('PATCH', '/api/schools/guard-posts/1', { version: 1 }), 'version', /nothing to change/);
    await refused(admin.send('PATCH', '/api/schools/guard-posts/99999999999', { version: 1, days: [1] }), 'postId', /between 1 and/);
    await refused(admin.send('DELETE', '/api/schools/guard-posts/1?version=abc'), 'version', /version|number/);
  });
});

describe('POST /api/schools/audits/:auditId/hazards', () => {
  it('refuses an unknown item, none at all, and an id no audit can have', async () => {
    await refused(admin.send('POST', `/api/schools/audits/${auditId}/hazards`, { items: ['potholes'] }), 'items', /one of/, 'items.0');
    await refused(admin.send('POST', `/api/schools/audits/${auditId}/hazards`, { items: [] }), 'items', /at least one/);
    await refused(admin.send('POST', `/api/schools/audits/${auditId}/hazards`, { items: ['crossing'], risk: 'extreme' }), 'risk', /one of major, high, general/);
    await refused(admin.send('POST', '/api/schools/audits/99999999999/hazards', { items: ['crossing'] }), 'auditId', /between 1 and/);
  });
});

describe('what is saved after all that', () => {
  it('is nothing: no audit or guard post by the admin', async () => {
    const r = await t.pool.query(
      `SELECT (SELECT count(*)::int FROM school_audits a JOIN users u ON u.id = a.done_by WHERE u.username = 'admin' AND a.school_id = $1) AS audits,
              (SELECT count(*)::int FROM guard_posts p JOIN users u ON u.id = p.created_by WHERE u.username = 'admin' AND p.gate_id = $2) AS posts`,
      [school.id, school.gateId],
    );
    expect(r.rows[0]).toEqual({ audits: 0, posts: 0 });
  });
});

describe('a body that is not JSON', () => {
  it('is a 400, not a 500', async () => {
    const res = await t.app.request(`/api/schools/${school.id}/audits`, {
      method: 'POST',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
      body: '{"doneOn": "2026-06-01", items: [',
    });
    expect(res.status, await res.clone().text()).toBe(400);
    expect((await res.json()).error.details[0]).toEqual({ param: 'body', reason: 'is not valid JSON' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ITEMS } from '@shared/schools/school-terms';
import { errorOf, okJson, signIn, type Client } from '../support/session';
import { createTestApp } from '../support/test-app';

/** Audits, their failed items in the ledger, and guard posts, on a school of 高唐 (no other test writes there). */
let t: Awaited<ReturnType<typeof createTestApp>>;
let officer: Client;
let school: { id: number; gates: number[]; road: string | null; lon: number; lat: number };
let otherGate: number;

beforeAll(async () => {
  t = await createTestApp();
  officer = await signIn(t.app, 'officer.gaotang');
  const r = await t.pool.query(
    `SELECT s.id, array_agg(g.id ORDER BY g.id) AS gates,
            (SELECT rd.name FROM school_gates g1 JOIN roads rd ON rd.id = g1.road_id WHERE g1.school_id = s.id ORDER BY g1.id LIMIT 1) AS road,
            (SELECT ST_X(g1.geom) FROM school_gates g1 WHERE g1.school_id = s.id ORDER BY g1.id LIMIT 1) AS lon,
            (SELECT ST_Y(g1.geom) FROM school_gates g1 WHERE g1.school_id = s.id ORDER BY g1.id LIMIT 1) AS lat
     FROM schools s JOIN school_gates g ON g.school_id = s.id WHERE s.county_code = '371526'
     GROUP BY s.id HAVING count(*) = 2 ORDER BY s.id LIMIT 1`,
  );
  school = r.rows[0];
  otherGate = (await t.pool.query(`SELECT min(g.id) AS id FROM school_gates g JOIN schools s ON s.id = g.school_id WHERE s.county_code = '371526' AND s.id <> $1`, [school.id])).rows[0].id;
});
afterAll(() => t?.close());

const detail = () => okJson(officer.get(`/api/schools/${school.id}`));
const events = async () => (await t.pool.query(`SELECT action, data FROM school_events WHERE school_id = $1 ORDER BY id`, [school.id])).rows;
const results = (failed: string[]) => [...AUDIT_ITEMS].reverse().map((item) => ({ item, result: failed.includes(item) ? 'fail' : item === 'lighting' ? 'na' : 'pass', ...(failed.includes(item) && { note: `${item} 不合格` }) }));

describe('an audit and its failed items', () => {
  let audit: { id: number; items: { item: string; result: string }[] };

  it('is recorded with who and when, in the checklist’s order, and shows as the school’s last audit', async () => {
    const res = await okJson(officer.send('POST', `/api/schools/${school.id}/audits`, { doneOn: '2026-11-20', items: results(['crossing', 'hatched_markings', 'cameras']), note: '上学时段检查' }), 201);
    audit = res.audit;
    expect(res.audit).toMatchObject({ schoolId: school.id, doneOn: '2026-11-20', failed: 3, note: '上学时段检查', synthetic: false, hazards: [], doneBy: { username: 'officer.gaotang' } });
    expect(res.audit.items.map((i: { item: string }) => i.item)).toEqual([...AUDIT_ITEMS]);
    expect(res.audit.items[2]).toEqual({ item: 'crossing', result: 'fail', note: 'crossing 不合格' });
    const d = await detail();
    expect(d.audits[0].id).toBe(audit.id);
    const listed = (await okJson(t.app.request('/api/schools?county=371526'))).features.find((f: { id: number }) => f.id === school.id);
    expect(listed.properties.lastAudit).toEqual({ id: audit.id, doneOn: '2026-11-20', failed: 3 });
    expect((await events()).at(-1)).toEqual({ action: 'audit', data: { auditId: audit.id, doneOn: '2026-11-20', failed: ['crossing', 'hatched_markings', 'cameras'] } });
  });

  it('turns two failed items into two 校园周边 hazards at the 正门, found on the audit’s day, in the zone', async () => {
    const before = (await detail()).hazards.open;
    const res = await okJson(officer.send('POST', `/api/schools/audits/${audit.id}/hazards`, { items: ['crossing', 'cameras'], risk: 'high' }), 201);
    expect(res.auditId).toBe(audit.id);
    expect(res.hazards.map((h: { item: string }) => h.item)).toEqual(['crossing', 'cameras']);
    for (const h of res.hazards) {
      const hazard = await okJson(officer.get(`/api/hazards/${h.id}`));
      expect(hazard).toMatchObject({ number: h.number, type: 'school', risk: 'high', foundOn: '2026-11-20', status: 'registered', roadName: school.road, county: { code: '371526' } });
      expect(hazard.lon).toBeCloseTo(school.lon, 6);
      expect(hazard.lat).toBeCloseTo(school.lat, 6);
      expect(hazard.description).toContain(h.item === 'crossing' ? '人行横道' : '监控');
      expect(hazard.events[0]).toMatchObject({ action: 'register' });
    }
    const d = await detail();
    expect(d.hazards.open).toBe(before + 2);
    expect(d.audits[0].hazards.map((h: { item: string; status: string }) => [h.item, h.status])).toEqual([['cameras', 'registered'], ['crossing', 'registered']]);
    expect((await events()).at(-1)).toMatchObject({ action: 'audit_hazards', data: { auditId: audit.id } });
  });

  it('refuses an item twice (409), an item that did not fail (400 naming it), and saves none of a mixed request', async () => {
    const again = await errorOf(officer.send('POST', `/api/schools/audits/${audit.id}/hazards`, { items: ['hatched_markings', 'crossing'] }), 409);
    expect(again.details[0]).toMatchObject({ param: 'items', reason: 'already_registered' });
    expect(again.message).toMatch(/crossing as 371526-/);
    const passed = await errorOf(officer.send('POST', `/api/schools/audits/${audit.id}/hazards`, { items: ['hatched_markings', 'speed_humps'] }), 400);
    expect(passed.details[0]).toMatchObject({ param: 'items', path: 'items.1', rule: 'not_failed', reason: expect.stringMatching(/speed_humps did not fail.*pass/) });
    const na = await errorOf(officer.send('POST', `/api/schools/audits/${audit.id}/hazards`, { items: ['lighting'] }), 400);
    expect(na.details[0].reason).toMatch(/\(na\)/);
    // hatched_markings was first in both refused requests: not saved by either.
    const d = await detail();
    expect(d.audits[0].hazards.map((h: { item: string }) => h.item)).toEqual(['cameras', 'crossing']);
    expect((await errorOf(officer.send('POST', '/api/schools/audits/999999/hazards', { items: ['crossing'] }), 404)).code).toBe('not_found');
  });

  it('keeps audits and events as they were written (append-only)', async () => {
    await expect(t.pool.query(`UPDATE school_audits SET note = 'x' WHERE id = $1`, [audit.id])).rejects.toThrow(/append-only/);
    await expect(t.pool.query(`DELETE FROM school_events WHERE school_id = $1`, [school.id])).rejects.toThrow(/append-only/);
    await expect(t.pool.query(`DELETE FROM school_audit_hazards WHERE audit_id = $1`, [audit.id])).rejects.toThrow(/append-only/);
  });
});

describe('guard posts', () => {
  let post: { id: number; version: number };

  it('are created at a gate of the school, with their hours in the order of the day', async () => {
    const res = await okJson(
      officer.send('POST', `/api/schools/${school.id}/guard-posts`, {
        gateId: school.gates[1],
        hours: [{ label: 'dismissal', from: '16:30', to: '18:00' }, { label: 'arrival', from: '07:00', to: '08:00' }],
        days: [5, 1, 2, 3, 4],
        staffing: { police: 1, auxiliary: 2 },
        note: '交警中队',
      }),
      201,
    );
    post = res.guardPost;
    expect(res.guardPost).toMatchObject({
      schoolId: school.id, gateId: school.gates[1], gate: '侧门', days: [1, 2, 3, 4, 5], version: 1, synthetic: false, note: '交警中队',
      hours: [{ label: 'arrival', from: '07:00', to: '08:00' }, { label: 'dismissal', from: '16:30', to: '18:00' }],
      staffing: { police: 1, auxiliary: 2, teachers: 0, parents: 0 },
    });
    expect((await detail()).guardPosts.map((p: { id: number }) => p.id)).toContain(post.id);
    expect((await events()).at(-1)).toMatchObject({ action: 'guard_post_create', data: { guardPost: { id: post.id } } });
  });

  it('change with the version read, and refuse a stale one with the post as it is now (409)', async () => {
    const changed = await okJson(officer.send('PATCH', `/api/schools/guard-posts/${post.id}`, { version: 1, staffing: { teachers: 3 }, note: null }));
    expect(changed.guardPost).toMatchObject({ version: 2, staffing: { police: 0, auxiliary: 0, teachers: 3, parents: 0 }, note: null, days: [1, 2, 3, 4, 5] });
    const stale = await errorOf(officer.send('PATCH', `/api/schools/guard-posts/${post.id}`, { version: 1, days: [1] }), 409);
    expect(stale.details[0]).toEqual({ param: 'version', reason: 'stale' });
    expect(stale.current).toMatchObject({ id: post.id, version: 2, days: [1, 2, 3, 4, 5] });
    const moved = await errorOf(officer.send('PATCH', `/api/schools/guard-posts/${post.id}`, { version: 2, gateId: otherGate }), 400);
    expect(moved.details[0]).toMatchObject({ param: 'gateId', reason: expect.stringMatching(/not a gate of school/) });
    expect((await events()).at(-1)).toEqual({ action: 'guard_post_update', data: { guardPostId: post.id, changed: { staffing: { police: 0, auxiliary: 0, teachers: 3, parents: 0 }, note: null } } });
  });

  it('are deleted with the version read, the event keeping the post as it was', async () => {
    expect((await errorOf(officer.send('DELETE', `/api/schools/guard-posts/${post.id}?version=1`), 409)).details[0].reason).toBe('stale');
    expect(await okJson(officer.send('DELETE', `/api/schools/guard-posts/${post.id}?version=2`))).toEqual({ guardPost: null, id: post.id });
    expect((await detail()).guardPosts.map((p: { id: number }) => p.id)).not.toContain(post.id);
    expect((await events()).at(-1)).toMatchObject({ action: 'guard_post_delete', data: { guardPost: { id: post.id, version: 2, staffing: { teachers: 3 } } } });
    expect((await errorOf(officer.send('DELETE', `/api/schools/guard-posts/${post.id}?version=2`), 404)).code).toBe('not_found');
  });
});

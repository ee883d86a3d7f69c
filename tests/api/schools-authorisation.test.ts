import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ITEMS } from '@shared/schools/school-terms';
import { signInAll, type Client } from '../support/session';
import { createTestApp } from '../support/test-app';

/**
 * Who may write about schools: every role × write × own or other brigade, against a school of
 * 东阿 (as tests/api/authorisation.test.ts does for the ledger). Officers of the school's brigade
 * and admins may; leaders read; liaisons answer hazards, not schools; 临清's officer is elsewhere.
 */
let t: Awaited<ReturnType<typeof createTestApp>>;
const WHO = ['admin', 'leader', 'officer.donge', 'officer.linqing', 'liaison.jiaotong', 'anonymous'] as const;
type Who = (typeof WHO)[number];
let clients: Record<Who, Client>;
let school: { id: number; gateId: number };
let auditId: number;

beforeAll(async () => {
  t = await createTestApp();
  clients = await signInAll(t.app, WHO);
  const r = await t.pool.query(`SELECT s.id, min(g.id) AS "gateId" FROM schools s JOIN school_gates g ON g.school_id = s.id WHERE s.county_code = '371524' GROUP BY s.id ORDER BY s.id DESC LIMIT 1`);
  school = r.rows[0];
  // Every item failed, so that each permitted caller below turns a different one into a hazard.
  const res = await clients['officer.donge'].send('POST', `/api/schools/${school.id}/audits`, { doneOn: '2026-03-02', items: AUDIT_ITEMS.map((item) => ({ item, result: 'fail' })) });
  expect(res.status, await res.clone().text()).toBe(201);
  auditId = (await res.json()).audit.id;
});
afterAll(() => t?.close());

const post = { hours: [{ label: 'arrival', from: '07:00', to: '08:00' }], days: [1, 2, 3, 4, 5], staffing: { police: 1 } };
/** A guard post of the school made directly in the database, for a write to change or delete. */
const newPost = async () =>
  (await t.pool.query(`INSERT INTO guard_posts (gate_id, hours, days, teachers) VALUES ($1, '[{"label":"arrival","from":"07:00","to":"08:00"}]', '{1,2,3,4,5}', 2) RETURNING id`, [school.gateId])).rows[0].id as number;
const item: Record<Who, string> = {
  admin: 'speed_limit_30', 'officer.donge': 'children_signs', leader: 'crossing', 'officer.linqing': 'crossing', 'liaison.jiaotong': 'crossing', anonymous: 'crossing',
};

const WRITE = { admin: 201, leader: 403, 'officer.donge': 201, 'officer.linqing': 403, 'liaison.jiaotong': 403, anonymous: 401 };
const CHANGE = { ...WRITE, admin: 200, 'officer.donge': 200 };
const READ = { admin: 200, leader: 200, 'officer.donge': 200, 'officer.linqing': 200, 'liaison.jiaotong': 200, anonymous: 200 };

const MATRIX: { name: string; call: (c: Client, who: Who) => Promise<Response>; expect: Record<Who, number> }[] = [
  { name: 'GET /api/schools', call: (c) => c.get('/api/schools?county=371524'), expect: READ },
  { name: 'GET /api/schools/:id', call: (c) => c.get(`/api/schools/${school.id}`), expect: READ },
  {
    name: 'POST /api/schools/:id/audits',
    call: (c) => c.send('POST', `/api/schools/${school.id}/audits`, { doneOn: '2026-03-03', items: AUDIT_ITEMS.map((i) => ({ item: i, result: 'pass' })) }),
    expect: WRITE,
  },
  {
    name: 'POST /api/schools/audits/:auditId/hazards',
    call: (c, who) => c.send('POST', `/api/schools/audits/${auditId}/hazards`, { items: [item[who]], confirmNotDuplicate: true }),
    expect: WRITE,
  },
  { name: 'POST /api/schools/:id/guard-posts', call: (c) => c.send('POST', `/api/schools/${school.id}/guard-posts`, { ...post, gateId: school.gateId }), expect: WRITE },
  {
    name: 'PATCH /api/schools/guard-posts/:postId',
    call: async (c) => c.send('PATCH', `/api/schools/guard-posts/${await newPost()}`, { version: 1, staffing: { police: 2 } }),
    expect: CHANGE,
  },
  {
    name: 'DELETE /api/schools/guard-posts/:postId',
    call: async (c) => c.send('DELETE', `/api/schools/guard-posts/${await newPost()}?version=1`),
    expect: CHANGE,
  },
];

describe.each(MATRIX)('$name', ({ call, expect: expected }) => {
  it.each(WHO.map((who) => ({ who, status: expected[who] })))('$who → $status', async ({ who, status }) => {
    const res = await call(clients[who], who);
    expect(res.status, await res.clone().text()).toBe(status);
  });
});

describe('what a refusal leaves behind', () => {
  it('saves nothing for those refused: no audit, post or hazard of theirs, and events only of those allowed', async () => {
    const r = await t.pool.query(
      `SELECT (SELECT count(*)::int FROM school_audits WHERE school_id = $1 AND NOT synthetic) AS audits,
              (SELECT array_agg(item ORDER BY item) FROM school_audit_hazards WHERE audit_id = $2) AS items,
              (SELECT array_agg(DISTINCT u.username ORDER BY u.username) FROM school_events e JOIN users u ON u.id = e.actor_id WHERE e.school_id = $1) AS actors`,
      [school.id, auditId],
    );
    // The one in beforeAll, and the admin's and the brigade officer's in the matrix.
    expect(r.rows[0]).toEqual({ audits: 3, items: ['children_signs', 'speed_limit_30'], actors: ['admin', 'officer.donge'] });
  });
});

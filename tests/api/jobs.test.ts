import { startJob } from '@api/jobs/jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_BATCH_ROWS } from '@api/lib/row-import';
import { signIn, type Client } from '../support/session';
import { createTestApp } from '../support/test-app';

/**
 * An import sent with `Prefer: respond-async` runs as a job: 202 at once with the job, whose row
 * any process can read (GET /api/jobs/:id) with its progress and, at the end, the same report a
 * plain import answers; its rows are committed in batches, so the database is not held for the
 * whole file. A job is its user's alone, and one whose process stopped says it was interrupted.
 */
let t: Awaited<ReturnType<typeof createTestApp>>;
let officer: Client;
let other: Client;
let donge: [number, number][];

beforeAll(async () => {
  t = await createTestApp();
  [officer, other] = await Promise.all(['officer.donge', 'officer.linqing'].map((u) => signIn(t.app, u)));
  const pts = await t.pool.query(
    `SELECT ST_X(g) AS lon, ST_Y(g) AS lat FROM (SELECT (ST_Dump(ST_GeneratePoints(ST_Buffer(geom, -0.01), ${JOB_BATCH_ROWS * 2 + 50}, 77))).geom AS g FROM jurisdictions WHERE code = '371524') p`,
  );
  donge = pts.rows.map((r) => [r.lon, r.lat]);
});
afterAll(async () => {
  await t.pool.query(`DELETE FROM hazard_events WHERE hazard_id IN (SELECT id FROM hazards WHERE description LIKE 'jobs test %')`).catch(() => undefined);
  await t.pool.query(`DELETE FROM hazards WHERE description LIKE 'jobs test %'`).catch(() => undefined);
  await t.close();
});

function upload(by: Client, csv: string, headers: Record<string, string> = {}) {
  const form = new FormData();
  form.append('file', new File([new TextEncoder().encode(csv)], '台账.csv'));
  form.append('allowDuplicates', 'true');
  return t.app.request('/api/hazards/import', { method: 'POST', headers: { cookie: by.cookie, 'x-csrf-token': by.csrf, ...headers }, body: form });
}
const HEADER = '隐患类型,风险等级,隐患描述,经度,纬度';

async function follow(by: Client, id: number) {
  const seen: { state: string; done: number; total: number | null }[] = [];
  for (let i = 0; i < 1200; i++) {
    const job = await by.get(`/api/jobs/${id}`).then((r) => r.json());
    seen.push(job);
    if (job.state !== 'running') return { job, seen };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${id} still running`);
}

describe('an import as a job', () => {
  it('answers 202 at once, reports progress, and ends with the report a plain import gives, its rows saved', async () => {
    const rows = donge.map(([lon, lat], i) => (i === 7 ? `飞碟,一般,jobs test ${i},${lon},${lat}` : `照明缺失,一般,jobs test ${i},${lon},${lat}`));
    const before = (await t.pool.query(`SELECT count(*)::int AS n FROM hazards WHERE description LIKE 'jobs test %'`)).rows[0].n;
    const r = await upload(officer, [HEADER, ...rows].join('\n'), { prefer: 'respond-async' });
    expect(r.status).toBe(202);
    expect(r.headers.get('preference-applied')).toBe('respond-async');
    const started = await r.json();
    expect(r.headers.get('location')).toBe(`/api/jobs/${started.id}`);
    expect(started).toMatchObject({ kind: 'import:hazards', state: 'running' });

    const { job, seen } = await follow(officer, started.id);
    expect(job.state).toBe('done');
    expect(job).toMatchObject({ done: rows.length, total: rows.length });
    expect(job.result).toMatchObject({ saved: rows.length - 1, rejected: 1 });
    expect(job.result.rows.find((x: { row: number }) => x.row === 9)).toMatchObject({ status: 'rejected', field: 'type' });
    // Progress only goes forward, and never past the total.
    const dones = seen.map((s) => s.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(seen.every((s) => s.total === null || s.done <= s.total)).toBe(true);
    const after = (await t.pool.query(`SELECT count(*)::int AS n FROM hazards WHERE description LIKE 'jobs test %'`)).rows[0].n;
    expect(after - before).toBe(rows.length - 1);
    // Committed in batches of JOB_BATCH_ROWS: as many transactions (each its own now()) wrote them.
    const batches = await t.pool.query(`SELECT count(DISTINCT created_at)::int AS n FROM hazards WHERE description LIKE 'jobs test %' AND description <> 'jobs test alone'`);
    expect(batches.rows[0].n).toBe(Math.ceil(rows.length / JOB_BATCH_ROWS));
  });

  it('ends failed with the error a plain import answers when the file is wrong, saving nothing', async () => {
    const r = await upload(officer, '隐患类型,经度\n照明缺失,116.2', { prefer: 'respond-async' });
    expect(r.status).toBe(202);
    const { job } = await follow(officer, (await r.json()).id);
    expect(job.state).toBe('failed');
    expect(job.error).toMatchObject({ status: 400, code: 'bad_request' });
    expect(job.error.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['description', 'lat']));
    const plain = await upload(officer, '隐患类型,经度\n照明缺失,116.2');
    expect(plain.status).toBe(400);
    expect((await plain.json()).error.details).toEqual(job.error.details);
  });

  it("is its user's alone: another officer is told there is no such job, nobody signed out is answered", async () => {
    const r = await upload(officer, `${HEADER}\n照明缺失,一般,jobs test alone,${donge[0][0]},${donge[0][1]}`, { prefer: 'respond-async' });
    const { id } = await r.json();
    await follow(officer, id);
    expect((await other.get(`/api/jobs/${id}`)).status).toBe(404);
    expect((await t.app.request(`/api/jobs/${id}`)).status).toBe(401);
    expect((await officer.get('/api/jobs/99999999999')).status).toBe(400);
  });

  it('never reads a job still running in this process as interrupted, however long its heartbeat waited (one long statement on the embedded engine)', async () => {
    const user = (await t.pool.query(`SELECT id FROM users WHERE username = 'officer.donge'`)).rows[0].id;
    let finish = () => undefined as void;
    const started = await startJob(t.pool, 'import:roads', user, () => new Promise<{ ok: boolean }>((resolve) => (finish = () => resolve({ ok: true }))));
    await t.pool.query(`UPDATE jobs SET updated_at = now() - interval '10 minutes' WHERE id = $1`, [started.id]);
    expect(await officer.get(`/api/jobs/${started.id}`).then((r) => r.json())).toMatchObject({ state: 'running' });
    finish();
    await expect.poll(() => officer.get(`/api/jobs/${started.id}`).then((r) => r.json()), { timeout: 10_000 }).toMatchObject({ state: 'done', result: { ok: true } });
  });

  it('says a job whose process stopped (no longer refreshed) was interrupted', async () => {
    const user = (await t.pool.query(`SELECT id FROM users WHERE username = 'officer.donge'`)).rows[0].id;
    const { id } = (
      await t.pool.query(
        `INSERT INTO jobs (kind, user_id, state, done, total, process, updated_at) VALUES ('import:hazards', $1, 'running', 400, 1000, 'gone:1', now() - interval '10 minutes') RETURNING id`,
        [user],
      )
    ).rows[0];
    const job = await officer.get(`/api/jobs/${id}`).then((r) => r.json());
    expect(job).toMatchObject({ state: 'interrupted', done: 400, total: 1000, error: { details: [{ reason: 'interrupted' }] } });
    // It says where it stopped: the rows before are saved whole.
    expect(job.error.message).toContain('after 400 of 1000 rows');
  });
});

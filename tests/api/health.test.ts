import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '@api/app';
import { loadEnv } from '@api/env';
import { HEALTH_WAIT_MS } from '@api/health/route';
import { applyMetricSrid } from '../../api/db/metric-srid';
import { createTestApp } from '../support/test-app';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('GET /api/health', () => {
  it('reports the engine, the PostGIS version and a correct 4326 → 4498 transform', async () => {
    const res = await t.app.request('/api/health');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.ok).toBe(true);
    expect(body.engine).toBe(t.info.engine);
    expect(body.postgis).toMatch(/^3\.\d+\.\d+/);
    expect(body.checks.transform4498).toBe(true);
  });

  it('stores the metric geometry of every accident in EPSG:4498', async () => {
    const r = await t.pool.query(
      `SELECT count(*) FILTER (WHERE ST_SRID(geom_m) = 4498) AS ok, count(*) AS n FROM accidents`,
    );
    expect(r.rows[0].n).toBeGreaterThan(0);
    expect(r.rows[0].ok).toBe(r.rows[0].n);
  });

  it('answers while every connection of the pool is taken (a probe has its own), and says "busy" while the database makes it wait', async () => {
    // An app of its own with two connections, both then held as long analyses would hold them.
    const pool = new pg.Pool({ ...t.info.connection, max: 2 });
    const app = createApp({ pool, engine: t.info.engine, env: loadEnv({}), extent: [115.2, 35.8, 116.6, 37.0] });
    try {
      const first = await (await app.request('/api/health')).json();
      expect(first).toMatchObject({ ok: true, database: 'ok' });
      const held = await Promise.all([pool.connect(), pool.connect()]);
      expect(await (await app.request('/api/health')).json()).toMatchObject({ ok: true, database: 'ok' });
      // A transaction holding what the probe reads: native PostgreSQL makes the probe wait for the
      // lock, the embedded engine (one session) for the transaction's end.
      await held[0].query('BEGIN');
      await held[0].query('LOCK TABLE app_settings IN ACCESS EXCLUSIVE MODE');
      const busy = await app.request('/api/health');
      expect(busy.status).toBe(200);
      expect(await busy.json()).toMatchObject({ ok: true, database: 'busy', checks: first.checks, checkedAt: expect.any(String) });
      await held[0].query('COMMIT');
      for (const c of held) c.release();
      // The probe that waited gets its answer; a later call has it.
      await expect.poll(async () => (await (await app.request('/api/health')).json()).database, { timeout: 10_000 }).toBe('ok');
    } finally {
      await pool.end();
    }
  });

  it('waits for its first probe rather than say "busy" with nothing known (a monitor asking at start-up, a loaded machine)', async () => {
    const pool = new pg.Pool({ ...t.info.connection, max: 1 });
    const app = createApp({ pool, engine: t.info.engine, env: loadEnv({}), extent: [115.2, 35.8, 116.6, 37.0] });
    const holder = new pg.Client(t.info.connection);
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE app_settings IN ACCESS EXCLUSIVE MODE');
      const answer = app.request('/api/health');
      // Well past HEALTH_WAIT_MS: a call with a probe behind it would have said "busy" by now.
      await new Promise((r) => setTimeout(r, 4 * HEALTH_WAIT_MS));
      await holder.query('COMMIT');
      const first = await answer;
      expect(first.status).toBe(200);
      expect(await first.json()).toMatchObject({ ok: true, database: 'ok' });
    } finally {
      await holder.end();
      await pool.end();
    }
  });

  it('gives unknown API paths a JSON 404 with a request id', async () => {
    const res = await t.app.request('/api/nope');
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(body.error.code).toBe('not_found');
    expect(body.error.requestId).toBeTruthy();
  });
});

describe('METRIC_SRID', () => {
  it('refuses a coordinate system PostGIS does not know, naming it', async () => {
    await expect(applyMetricSrid(t.pool, 999_999)).rejects.toThrow(/METRIC_SRID 999999 is not a coordinate system/);
    const r = await t.pool.query('SELECT metric_srid() AS srid');
    expect(r.rows[0].srid).toBe(4498);
  });
});

import { Hono } from 'hono';
import pg from 'pg';
import type { AppDeps } from '../lib/app-deps';
import { DATABASE_RETRY_AFTER_S } from '../lib/db-errors';
import { sqlFile } from '../lib/sql-file';

const HEALTH_SQL = sqlFile(new URL('./health.sql', import.meta.url));

// EPSG:4326 (116 E, 36.4 N) in EPSG:4498, computed independently with PROJ 9: PGlite's PostGIS
// can return empty results instead of errors when PROJ data is missing, so check the numbers.
const PROBE_4498 = { x: 20_410_292.474, y: 4_030_392.339, toleranceM: 1 };

/** How long health waits for the database before it says "busy" with what it last knew. */
export const HEALTH_WAIT_MS = 300;
/** Before any probe has answered there is nothing to say "busy" with, so the first waits longer. */
export const HEALTH_FIRST_WAIT_MS = 10_000;

interface Probe {
  ok: boolean;
  postgis: string;
  checks: { transform4498: boolean; metricSrid: boolean; srid: unknown };
  at: string;
}

/**
 * GET /api/health: the engine, PostGIS and a checked 4326 → 4498 transform. It never waits behind
 * other work for more than HEALTH_WAIT_MS: when the database has not answered by then (every
 * connection held by an analysis, the embedded engine's one busy), it answers 200 with
 * `database: 'busy'` and the last probe's checks; the probe goes on, one at a time, and the next call
 * has its result. Until a first probe has answered, a call waits up to HEALTH_FIRST_WAIT_MS for it
 * (a new connection loads PostGIS, which on a loaded machine takes longer than HEALTH_WAIT_MS), and
 * says 503 "busy" only past that.
 */
export function healthRoutes(deps: AppDeps) {
  let last: Probe | null = null;
  let running: Promise<Probe> | null = null;
  // A connection of its own, so the probe never queues behind the app's pool (32 readers hold
  // it); it closes when idle, and lets the process exit.
  const own = new pg.Pool({ ...deps.pool.options, max: 1, idleTimeoutMillis: 10_000, allowExitOnIdle: true });
  own.on('error', () => undefined);
  const probe = () => {
    running ??= own
      .query(HEALTH_SQL)
      .then((r) => {
        const row = r.rows[0] ?? {};
        const transform4498 = row.x != null && Math.hypot(row.x - PROBE_4498.x, row.y - PROBE_4498.y) < PROBE_4498.toleranceM;
        const metricSrid = row.metric_ok === true;
        last = { ok: transform4498 && metricSrid, postgis: String(row.postgis ?? ''), checks: { transform4498, metricSrid, srid: row.metric_srid }, at: new Date().toISOString() };
        return last;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  return new Hono().get('/', async (c) => {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<'busy'>((resolve) => {
      timer = setTimeout(() => resolve('busy'), last ? HEALTH_WAIT_MS : HEALTH_FIRST_WAIT_MS);
    });
    const answer = await Promise.race([probe(), waited]).catch((e: Error) => e);
    clearTimeout(timer);
    if (answer instanceof Error) {
      c.header('Retry-After', String(DATABASE_RETRY_AFTER_S));
      return c.json({ ok: false, engine: deps.engine, database: 'down', reason: answer.message }, 503);
    }
    if (answer === 'busy') {
      const known = last as Probe | null;
      return c.json({ ok: known?.ok ?? false, engine: deps.engine, database: 'busy', postgis: known?.postgis ?? '', checks: known?.checks ?? null, checkedAt: known?.at ?? null }, known?.ok ? 200 : 503);
    }
    return c.json({ ok: answer.ok, engine: deps.engine, database: 'ok', postgis: answer.postgis, checks: answer.checks }, answer.ok ? 200 : 503);
  });
}

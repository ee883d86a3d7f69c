import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createApp } from '../../api/app';
import { ResultCache } from '../../api/lib/result-cache';
import { NATIVE_SESSION_OPTIONS } from '../../api/db/engine';
import { loadEnv } from '../../api/env';
import { readExtent } from '../../api/start';

/** An app on the run's shared test database, called in-process through `app.request`. */
export async function createTestApp(opts: { signInNamespace?: string } = {}) {
  const info = inject('db');
  // The app's own settings of each connection (its read time limit among them) on native PostgreSQL.
  const pool = new pg.Pool({ ...info.connection, max: 4, ...(info.engine === 'postgres' ? { options: NATIVE_SESSION_OPTIONS } : {}) });
  const db = { pool, engine: info.engine, close: () => pool.end() };
  const env = loadEnv({});
  // Failed sign-ins are counted in the shared database: each test app counts its own.
  const cache = new ResultCache();
  const app = createApp({ pool, engine: info.engine, env, extent: await readExtent(db), cache, signInNamespace: opts.signInNamespace ?? `test-${randomUUID()}:` });
  return { app, pool, info, cache, close: () => pool.end() };
}

import pg from 'pg';
import { inject } from 'vitest';
import { createApp } from '../../api/app';
import { loadEnv } from '../../api/env';
import { readExtent } from '../../api/start';

/** An app on the run's shared test database, called in-process through `app.request`. */
export async function createTestApp() {
  const info = inject('db');
  const pool = new pg.Pool({ ...info.connection, max: 4 });
  const db = { pool, engine: info.engine, close: () => pool.end() };
  const env = loadEnv({});
  const app = createApp({ pool, engine: info.engine, env, extent: await readExtent(db) });
  return { app, pool, info, close: () => pool.end() };
}

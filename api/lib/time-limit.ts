import type pg from 'pg';
import { ApiError } from './api-error';

/** Longest the analysis may run; on native PostgreSQL it is cancelled after that (PGlite cannot cancel). */
export const ANALYSIS_TIME_LIMIT_MS = 30_000;

/**
 * Runs `fn` in a transaction whose statements are cancelled after ANALYSIS_TIME_LIMIT_MS (a 503
 * saying so, naming the `task` and what to `hint`); on a client already in a transaction (tests), inside a savepoint.
 */
export async function withTimeLimit<T>(db: pg.Pool | pg.ClientBase, fn: (client: pg.ClientBase) => Promise<T>, task: string, hint: string): Promise<T> {
  const pooled = 'totalCount' in db;
  const client = pooled ? await (db as pg.Pool).connect() : (db as pg.ClientBase);
  const [begin, commit, rollback] = pooled
    ? ['BEGIN', 'COMMIT', 'ROLLBACK']
    : ['SAVEPOINT time_limit', 'RELEASE SAVEPOINT time_limit', 'ROLLBACK TO SAVEPOINT time_limit'];
  try {
    await client.query(begin);
    await client.query(`SET LOCAL statement_timeout = ${ANALYSIS_TIME_LIMIT_MS}`);
    const result = await fn(client);
    await client.query(commit);
    return result;
  } catch (err) {
    await client.query(rollback).catch(() => undefined);
    if ((err as { code?: string }).code === '57014') {
      throw new ApiError('unavailable', `The ${task} took longer than ${ANALYSIS_TIME_LIMIT_MS / 1000} s; ${hint}`);
    }
    throw err;
  } finally {
    if (pooled) (client as pg.PoolClient).release();
  }
}

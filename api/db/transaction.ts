import type pg from 'pg';
import { WRITE_TIME_LIMIT_MS } from '../lib/time-limit';

export interface TransactionOptions {
  /**
   * Longest any one statement may run, in ms (0: no limit; seeding and migrations). Native
   * PostgreSQL cancels it past that (57014); PGlite has no timer and lets it finish.
   */
  statementTimeoutMs?: number;
  /** Roll back at the end instead of committing (an import's preview): `fn`'s result is returned all the same. */
  rollback?: boolean;
}

/** Runs `fn` in one transaction on one pooled client: commit on success, roll back on any error. */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
  const client = await pool.connect();
  try {
    return await inTransaction(client, fn, opts);
  } finally {
    client.release();
  }
}

/** Runs `fn` in one transaction on a client the caller holds (whose session tables `fn` reads). */
export async function inTransaction<C extends pg.ClientBase, T>(client: C, fn: (client: C) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
  try {
    await begin(client, opts);
    const result = await fn(client);
    await client.query(opts.rollback ? 'ROLLBACK' : 'COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** For seeding and start-up work: statements as long as they need. */
export const UNLIMITED: TransactionOptions = { statementTimeoutMs: 0 };

async function begin(client: pg.ClientBase, opts: TransactionOptions) {
  await client.query('BEGIN');
  await client.query(`SET LOCAL statement_timeout = ${Math.max(0, Math.trunc(opts.statementTimeoutMs ?? WRITE_TIME_LIMIT_MS))}`);
}

/**
 * Commits what a withTransaction `fn` has written so far and goes on in a new transaction with the
 * same kind of limit (an import run as a job commits its rows in batches).
 */
export async function commitSoFar(client: pg.ClientBase, opts: TransactionOptions = {}) {
  await client.query('COMMIT');
  await begin(client, opts);
}

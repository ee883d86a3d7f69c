import pg from 'pg';
import { ApiError } from './api-error';
import { ClientGoneError, requestSignal } from './request-context';
import { WorkQueue } from './work-queue';

/*
 * How long one statement may run, by the kind of request (native PostgreSQL cancels it past that
 * with 57014; PGlite has no timer and lets it finish, so the embedded engine leans on the size
 * limits of each route and on the analyses' queue instead).
 */
/** Reads: the default of every connection of the app's pool on native PostgreSQL (engine.ts). */
export const READ_TIME_LIMIT_MS = 15_000;
/** Writes and imports: each statement of withTransaction. */
export const WRITE_TIME_LIMIT_MS = 15_000;
/** Analyses (withTimeLimit). */
export const ANALYSIS_TIME_LIMIT_MS = 30_000;
/** Whole-city rebuilds an administrator starts (the sight-line analysis). */
export const REBUILD_TIME_LIMIT_MS = 120_000;

/** Analyses running at once in this process (the machine has two cores) and waiting at most. */
export const ANALYSIS_CONCURRENCY = 2;
export const ANALYSIS_MAX_WAITING = 32;

/** The analyses of this process: at most ANALYSIS_CONCURRENCY hold a database connection. */
export const analysisQueue = new WorkQueue(ANALYSIS_CONCURRENCY, ANALYSIS_MAX_WAITING);

/** Pools on native PostgreSQL, where a query whose client went away can be cancelled (createApp marks them). */
const cancellable = new WeakSet<pg.Pool>();
export function markCancellable(pool: pg.Pool) {
  cancellable.add(pool);
}

/**
 * Runs `fn` through the analyses' queue, in a transaction whose statements are cancelled after
 * ANALYSIS_TIME_LIMIT_MS (a 503 saying so, naming the `task` and what to `hint`), and, on native
 * PostgreSQL, cancelled as soon as the request's client goes away. On a client already in a
 * transaction (tests), inside a savepoint.
 */
export async function withTimeLimit<T>(db: pg.Pool | pg.ClientBase, fn: (client: pg.ClientBase) => Promise<T>, task: string, hint: string): Promise<T> {
  const signal = requestSignal();
  return analysisQueue.run(async () => {
    const pooled = 'totalCount' in db;
    const client = pooled ? await (db as pg.Pool).connect() : (db as pg.ClientBase);
    const [begin, commit, rollback] = pooled
      ? ['BEGIN', 'COMMIT', 'ROLLBACK']
      : ['SAVEPOINT time_limit', 'RELEASE SAVEPOINT time_limit', 'ROLLBACK TO SAVEPOINT time_limit'];
    // The connection goes back to the pool only after a cancel sent for it has been delivered,
    // so the cancel cannot hit the next request's query.
    let cancelling: Promise<void> | null = null;
    const onAbort = () => {
      cancelling = cancelQuery(client).catch((err: Error) => console.error('[db] could not cancel a query:', err.message));
    };
    if (pooled && cancellable.has(db as pg.Pool)) signal.addEventListener('abort', onAbort, { once: true });
    try {
      if (signal.aborted) throw new ClientGoneError();
      await client.query(begin);
      await client.query(`SET LOCAL statement_timeout = ${ANALYSIS_TIME_LIMIT_MS}`);
      const result = await fn(client);
      await client.query(commit);
      return result;
    } catch (err) {
      await client.query(rollback).catch(() => undefined);
      if (signal.aborted) throw new ClientGoneError();
      if ((err as { code?: string }).code === '57014') {
        throw new ApiError('unavailable', `The ${task} took longer than ${ANALYSIS_TIME_LIMIT_MS / 1000} s; ${hint}`, [{ reason: 'time_limit', rule: 'time_limit' }]);
      }
      throw err;
    } finally {
      signal.removeEventListener('abort', onAbort);
      if (cancelling) await cancelling;
      if (pooled) (client as pg.PoolClient).release();
    }
  }, signal);
}

/** Asks the server, over a connection of its own, to cancel what `client` is running now. */
async function cancelQuery(client: pg.ClientBase) {
  const { processID, connectionParameters: p } = client as unknown as { processID: number; connectionParameters: pg.ClientConfig };
  const admin = new pg.Client({ host: p.host, port: p.port, user: p.user, password: p.password, database: p.database, ssl: p.ssl });
  await admin.connect();
  try {
    await admin.query('SELECT pg_cancel_backend($1)', [processID]);
  } finally {
    await admin.end();
  }
}

/** Seconds a client is asked to wait when the database is away (restarting, unreachable). */
export const DATABASE_RETRY_AFTER_S = 5;

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);

/**
 * Whether an error means the database could not be reached or went away mid-query (its process
 * killed or restarting, the server shut down), not that the query was wrong: the request may be
 * tried again shortly, so it is a 503, not a 500.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: string }).code;
  if (code && CONNECTION_CODES.has(code)) return true;
  return /Connection terminated|not queryable|connection error|Client was closed|timeout exceeded when trying to connect/i.test(err.message);
}

/** A statement native PostgreSQL cancelled: past its time limit (statement_timeout), or asked to. */
export function isStatementCancelled(err: unknown): boolean {
  return err instanceof Error && (err as { code?: string }).code === '57014';
}

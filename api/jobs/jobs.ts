import type { Context } from 'hono';
import os from 'node:os';
import type pg from 'pg';
import { ApiError } from '../lib/api-error';
import { runWithJob } from '../lib/request-context';

/** A running job refreshes its row at least this often; one not refreshed for JOB_STALE_MS is reported interrupted. */
export const JOB_HEARTBEAT_MS = 10_000;
export const JOB_STALE_MS = 60_000;
/** Progress is written at most this often. */
const PROGRESS_EVERY_MS = 500;

export type JobState = 'running' | 'done' | 'failed' | 'interrupted';

export interface JobJson {
  id: number;
  kind: string;
  state: JobState;
  done: number;
  total: number | null;
  result?: unknown;
  error?: unknown;
  createdAt: string;
  updatedAt: string;
}

export interface JobOptions {
  /** Whether the work may commit as it goes (an import's batches); not a preview, rolled back whole. Default true. */
  commits?: boolean;
}

const PROCESS = `${os.hostname()}:${process.pid}`;
/**
 * The jobs running in this process. On the embedded engine (one session) a statement of over a
 * minute holds the heartbeat back, so a job of this process is never read as interrupted while
 * it still runs here; only one whose process is gone is.
 */
const RUNNING_HERE = new Set<number>();

/**
 * Starts `work` as a job of `userId` and returns its row at once; the work runs on in this process.
 * It reports progress with `jobProgress(done, total)` (api/lib/request-context.ts; saveRows does), written to the row at most
 * every PROGRESS_EVERY_MS and refreshed every JOB_HEARTBEAT_MS; its result, or its error as the
 * API would have answered it (an ApiError's code, message and details), is kept in the row.
 */
export async function startJob(pool: pg.Pool, kind: string, userId: number, work: () => Promise<unknown>, opts: JobOptions = {}): Promise<JobJson> {
  const row = (await pool.query<JobRow>(`INSERT INTO jobs (kind, user_id, process) VALUES ($1, $2, $3) RETURNING ${JOB_COLUMNS}`, [kind, userId, PROCESS])).rows[0];
  const id = row.id;
  let progress = { done: 0, total: null as number | null };
  let written = 0;
  let writing: Promise<unknown> = Promise.resolve();
  const write = () => {
    written = Date.now();
    const { done, total } = progress;
    writing = writing.then(() => pool.query(`UPDATE jobs SET done = $2, total = $3, updated_at = now() WHERE id = $1 AND state = 'running'`, [id, done, total]).catch(() => undefined));
  };
  const heartbeat = setInterval(write, JOB_HEARTBEAT_MS);
  heartbeat.unref();
  const onProgress = (done: number, total: number) => {
    progress = { done, total };
    if (Date.now() - written >= PROGRESS_EVERY_MS || done === total) write();
  };
  RUNNING_HERE.add(id);
  void runWithJob(id, onProgress, work, opts.commits ?? true)
    .then(
      (result) => ({ state: 'done', result, error: null }),
      (err: unknown) => ({ state: 'failed', result: null, error: jobError(err) }),
    )
    .then(async (end) => {
      clearInterval(heartbeat);
      RUNNING_HERE.delete(id);
      await writing;
      await pool
        .query(`UPDATE jobs SET state = $2, result = $3, error = $4, done = coalesce($5, done), total = coalesce($6, total), updated_at = now() WHERE id = $1`, [
          id, end.state, end.result === null ? null : JSON.stringify(end.result), end.error === null ? null : JSON.stringify(end.error),
          end.state === 'done' ? progress.total ?? progress.done : null, progress.total,
        ])
        .catch((e: Error) => console.error(`[jobs] could not record the end of job ${id}: ${e.message}`));
    });
  return toJson(row);
}

/** The error a job ended with, as the API would have answered it. */
function jobError(err: unknown) {
  if (err instanceof ApiError) return { ...err.extra, status: err.status, code: err.code, message: err.message, details: err.details };
  console.error('[jobs] a job failed:', err);
  return { status: 500, code: 'internal', message: 'The job failed; the server log has the details.', details: [] };
}

interface JobRow {
  id: number;
  kind: string;
  user_id: number;
  state: 'running' | 'done' | 'failed';
  done: number;
  total: number | null;
  result: unknown;
  error: unknown;
  created_at: string;
  updated_at: string;
  stale: boolean;
}

const JOB_COLUMNS = `id, kind, user_id, state, done, total, result, error, created_at::text, updated_at::text,
  (state = 'running' AND updated_at < now() - make_interval(secs => ${JOB_STALE_MS / 1000})) AS stale`;

function toJson(given: JobRow): JobJson {
  const r = { ...given, stale: given.stale && !RUNNING_HERE.has(given.id) };
  return {
    id: r.id,
    kind: r.kind,
    state: r.stale ? 'interrupted' : r.state,
    done: r.done,
    total: r.total,
    ...(r.result !== null && { result: r.result }),
    ...(r.error !== null && { error: r.error }),
    ...(r.stale && { error: { status: 503, code: 'unavailable', message: `The server running this job stopped before it ended, after ${r.done}${r.total === null ? '' : ` of ${r.total}`} rows: those are saved whole; import the rows after them again.`, details: [{ reason: 'interrupted' }] } }),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** A job of `userId` (another's is not found: its existence is not theirs to know). */
export async function readJob(pool: pg.Pool, id: number, userId: number): Promise<JobJson> {
  const r = await pool.query<JobRow>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id = $1 AND user_id = $2`, [id, userId]);
  if (!r.rowCount) throw new ApiError('not_found', `No job ${id} of yours`);
  return toJson(r.rows[0]);
}



/**
 * The answer of long work: with `Prefer: respond-async` (RFC 7240) a 202 with the job at once
 * (GET /api/jobs/:id follows it), else `work`'s result when it is done.
 */
export async function answerOrJob(c: Context, pool: pg.Pool, kind: string, userId: number, work: () => Promise<unknown>, opts: JobOptions = {}): Promise<Response> {
  if (!/\brespond-async\b/i.test(c.req.header('prefer') ?? '')) return c.json(await work());
  const job = await startJob(pool, kind, userId, work, opts);
  c.header('Location', `/api/jobs/${job.id}`);
  c.header('Preference-Applied', 'respond-async');
  return c.json(job, 202);
}

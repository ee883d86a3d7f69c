import { ApiRequestError, apiFetch, apiUrl, getJson, toError, type ApiErrorDetail } from './http';

/** A job of the API (GET /api/jobs/:id, docs/API.md): long work such as an import, with its progress. */
export interface Job<R = unknown> {
  id: number;
  kind: string;
  state: 'running' | 'done' | 'failed' | 'interrupted';
  done: number;
  total: number | null;
  result?: R;
  /** What the request would have answered instead: its HTTP status and the API's error. */
  error?: { status: number; code: string; message: string; details?: ApiErrorDetail[]; [more: string]: unknown };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Follows `job` until it ends: its progress to `onProgress`, its result returned, its error
 * thrown as the request would have thrown it. A phone losing the network for a moment does not
 * lose the job: up to `tries` failed looks in a row are tried again.
 */
export async function followJob<R>(job: Job<R>, onProgress?: (done: number, total: number) => void, every = 600, tries = 8): Promise<R> {
  let failures = 0;
  for (;;) {
    if (job.total !== null) onProgress?.(job.done, job.total);
    if (job.state === 'done') return job.result as R;
    if (job.state !== 'running') {
      const { status, code, message, details, ...extra } = job.error ?? { status: 500, code: 'internal', message: 'The job failed.' };
      throw new ApiRequestError(status, code, message, null, details ?? [], extra);
    }
    await sleep(every * Math.min(2 ** failures, 8));
    try {
      job = await getJson<Job<R>>(apiUrl(`/jobs/${job.id}`));
      failures = 0;
    } catch (err) {
      if (++failures >= tries || (err instanceof ApiRequestError && err.status < 500 && err.status !== 0)) throw err;
    }
  }
}

/**
 * A write that may be long (an import, a whole-city analysis), asked for as a job
 * (`Prefer: respond-async`) and followed to its end; a server that answers at once is taken as is.
 */
export async function sendAsJob<R>(url: string, init: RequestInit, onProgress?: (done: number, total: number) => void, keepAs?: string): Promise<R> {
  const headers = new Headers(init.headers);
  headers.set('accept', 'application/json');
  headers.set('prefer', 'respond-async');
  const response = await apiFetch(url, { ...init, headers });
  if (!response.ok) throw await toError(response);
  if (response.status !== 202) return (await response.json()) as R;
  const job = (await response.json()) as Job<R>;
  if (keepAs) keepJob(keepAs, job.id);
  try {
    return await followJob<R>(job, onProgress);
  } finally {
    if (keepAs) forgetJob(keepAs);
  }
}

/*
 * A job being followed is noted in the browser under a name (an import dialog's), so that a page
 * reloaded (or a phone that dropped it) finds it again when that dialog opens.
 */
const JOB_STORE = 'changan.job.';
function keepJob(name: string, id: number) {
  try {
    localStorage.setItem(JOB_STORE + name, String(id));
  } catch {
    // Private mode or full storage: the job just is not found again after a reload.
  }
}
function forgetJob(name: string) {
  try {
    localStorage.removeItem(JOB_STORE + name);
  } catch {
    // As above.
  }
}

/** The job last started under `name` and not yet seen to its end, or null. */
export function pendingJob(name: string): number | null {
  try {
    const id = Number(localStorage.getItem(JOB_STORE + name));
    return Number.isInteger(id) && id > 0 ? id : null;
  } catch {
    return null;
  }
}

/** Follows the job kept under `name` (pendingJob) to its end, as sendAsJob would have. */
export async function resumeJob<R>(name: string, onProgress?: (done: number, total: number) => void): Promise<R> {
  const id = pendingJob(name);
  if (id === null) throw new Error(`no job kept as ${name}`);
  try {
    return await followJob<R>(await getJson<Job<R>>(apiUrl(`/jobs/${id}`)), onProgress);
  } finally {
    forgetJob(name);
  }
}

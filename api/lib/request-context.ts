import { AsyncLocalStorage } from 'node:async_hooks';

/** What the work a request starts knows of the request: whether its client is still there. */
export interface RequestContext {
  /** Aborted when the client goes away before its answer is sent. */
  signal: AbortSignal;
  /**
   * What a read request looked up once and may use again (e.g. the data versions), by name;
   * absent for writes, which must see what they changed.
   */
  memo?: Map<string, Promise<unknown>>;
  /** Set while the work runs as a background job (api/jobs/): where its progress goes. */
  job?: { id: number; progress(done: number, total: number): void; commits: boolean };
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` with `context` visible to everything it calls (the app's middleware sets each request's). */
export function runWithRequest<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The signal of the request being served, or (outside a request: scripts, seeding) a new one that never aborts. */
export function requestSignal(): AbortSignal {
  return storage.getStore()?.signal ?? new AbortController().signal;
}

/** Work dropped because the client that asked for it went away; nobody is left to answer. */
export class ClientGoneError extends Error {
  constructor() {
    super('The client went away before its answer was ready');
    this.name = 'ClientGoneError';
  }
}

export function throwIfGone(signal: AbortSignal) {
  if (signal.aborted) throw new ClientGoneError();
}

/** `load()` once per read request under `name` (each call outside one, or in a write, loads afresh). */
export function oncePerRequest<T>(name: string, load: () => Promise<T>): Promise<T> {
  const memo = storage.getStore()?.memo;
  if (!memo) return load();
  let kept = memo.get(name) as Promise<T> | undefined;
  if (!kept) {
    kept = load();
    memo.set(name, kept);
  }
  return kept;
}

/**
 * Runs `fn` as a job: apart from the request that started it (whose client may leave once it has
 * the job's id), reporting its progress to `progress`.
 */
export function runWithJob<T>(id: number, progress: (done: number, total: number) => void, fn: () => Promise<T>, commits = true): Promise<T> {
  return storage.run({ signal: new AbortController().signal, job: { id, progress, commits } }, fn);
}

/** The id of the job the work runs in, or null outside one. */
export function currentJobId(): number | null {
  return storage.getStore()?.job?.id ?? null;
}

/** Whether the work now runs as a job that may commit as it goes (see saveRows): not a preview, which is rolled back whole. */
export function jobMayCommit(): boolean {
  return storage.getStore()?.job?.commits === true;
}

/** Reports the progress of the job the work runs in; nothing outside a job. */
export function jobProgress(done: number, total: number): void {
  storage.getStore()?.job?.progress(done, total);
}

import { describe, expect, it } from 'vitest';
import { ApiError } from '@api/lib/api-error';
import { ClientGoneError } from '@api/lib/request-context';
import { WorkQueue } from '@api/lib/work-queue';

/** A job that runs until `finish` is called, and says when it started. */
function held() {
  let finish!: () => void;
  let started = false;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { fn: () => ((started = true), done), finish: () => finish(), started: () => started };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('the analyses queue', () => {
  it('runs at most `concurrency` jobs, starts the waiting ones in order as others end', async () => {
    const q = new WorkQueue(2, 10);
    const jobs = [held(), held(), held(), held()];
    const runs = jobs.map((j) => q.run(j.fn));
    await tick();
    expect(jobs.map((j) => j.started())).toEqual([true, true, false, false]);
    expect(q.state).toEqual({ running: 2, waiting: 2 });
    jobs[1].finish();
    await tick();
    expect(jobs.map((j) => j.started())).toEqual([true, true, true, false]);
    jobs[0].finish();
    jobs[2].finish();
    await tick();
    expect(jobs[3].started()).toBe(true);
    jobs[3].finish();
    await Promise.all(runs);
    expect(q.state).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses a job past `maxWaiting` with a 503 that says so and when to come back', async () => {
    const q = new WorkQueue(1, 2);
    const jobs = [held(), held(), held()];
    const runs = jobs.map((j) => q.run(j.fn));
    const refused = await q.run(async () => 'ran').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    const err = refused as ApiError;
    expect(err.status).toBe(503);
    expect(err.details[0].rule).toBe('queue_full');
    expect(err.extra.retryAfter).toBeGreaterThan(0);
    expect(err.message).toMatch(/1 analysis jobs and 2 waiting/);
    for (const j of jobs) j.finish();
    await Promise.all(runs);
    // Room again.
    expect(await q.run(async () => 'ran')).toBe('ran');
  });

  it('drops a waiting job whose client went away without running it, and one gone before it came', async () => {
    const q = new WorkQueue(1, 5);
    const first = held();
    const running = q.run(first.fn);
    const leaving = new AbortController();
    let ran = false;
    const dropped = q.run(async () => void (ran = true), leaving.signal).catch((e: unknown) => e);
    await tick();
    expect(q.state.waiting).toBe(1);
    leaving.abort();
    expect(await dropped).toBeInstanceOf(ClientGoneError);
    expect(q.state).toEqual({ running: 1, waiting: 0 });
    expect(await q.run(async () => 'ran', leaving.signal).catch((e: unknown) => e)).toBeInstanceOf(ClientGoneError);
    first.finish();
    await running;
    expect(ran).toBe(false);
    expect(q.state).toEqual({ running: 0, waiting: 0 });
  });

  it('frees the slot of a job that fails', async () => {
    const q = new WorkQueue(1, 1);
    await expect(q.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(q.state).toEqual({ running: 0, waiting: 0 });
  });
});

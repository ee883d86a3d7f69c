import { ApiError } from './api-error';
import { ClientGoneError, requestSignal } from './request-context';

/** Seconds a client is asked to wait when the analyses' queue is full. */
export const QUEUE_RETRY_AFTER_S = 10;

interface Waiter {
  start: () => void;
}

/**
 * At most `concurrency` jobs at once and at most `maxWaiting` waiting: heavy work (the analyses)
 * takes at most that many database connections, so reads, writes and /api/health keep the rest,
 * and a crowd of analyses is refused early with a 503 and Retry-After instead of piling up. A
 * waiting job whose client has gone is dropped without running.
 */
export class WorkQueue {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    readonly concurrency: number,
    readonly maxWaiting: number,
    private readonly what = 'analysis',
  ) {}

  get state() {
    return { running: this.running, waiting: this.waiting.length };
  }

  async run<T>(fn: () => Promise<T>, signal: AbortSignal = requestSignal()): Promise<T> {
    if (signal.aborted) throw new ClientGoneError();
    if (this.running >= this.concurrency) await this.wait(signal);
    else this.running++;
    try {
      return await fn();
    } finally {
      this.next();
    }
  }

  private wait(signal: AbortSignal): Promise<void> {
    if (this.waiting.length >= this.maxWaiting) {
      throw new ApiError(
        'unavailable',
        `The server is busy with ${this.running} ${this.what} jobs and ${this.waiting.length} waiting; try again in ${QUEUE_RETRY_AFTER_S} s.`,
        [{ reason: 'queue_full', rule: 'queue_full' }],
        { retryAfter: QUEUE_RETRY_AFTER_S },
      );
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const i = this.waiting.indexOf(waiter);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(new ClientGoneError());
      };
      const waiter: Waiter = {
        // The slot is handed over: `running` stays as it is.
        start: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  private next() {
    const waiter = this.waiting.shift();
    if (waiter) waiter.start();
    else this.running--;
  }
}

/**
 * Failed sign-ins counted per key (a username, a client address) in a sliding window, in memory:
 * after `max` failures within `windowMs` the key is refused until the oldest failure ages out.
 * A success clears the username's count. One process serves the app, so memory is enough; a
 * restart forgets (and an attacker gains one window per restart, which the argon2 cost bounds).
 */
const SWEEP_ABOVE = 10_000;

export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    readonly max: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((t) => t > cutoff);
    if (kept.length) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }

  /** Milliseconds until `key` may try again, or 0 if it may now. */
  retryAfterMs(key: string): number {
    const times = this.recent(key);
    if (times.length < this.max) return 0;
    return times[times.length - this.max] + this.windowMs - this.now();
  }

  fail(key: string): void {
    this.failures.set(key, [...this.recent(key), this.now()]);
    // Keys are cleared when touched again; a flood of one-off usernames is swept here.
    if (this.failures.size > SWEEP_ABOVE) for (const k of [...this.failures.keys()]) this.recent(k);
  }

  clear(key: string): void {
    this.failures.delete(key);
  }
}

import type pg from 'pg';

/** Old failures are swept from the table once per this many failures recorded by a process. */
const SWEEP_EVERY = 100;

/**
 * Failed sign-ins counted per key (a username, a client address) in a sliding window: after `max`
 * failures within `windowMs` the key is refused until the oldest of them ages out. A success
 * clears the username's count. The failures are rows of `sign_in_failures` (migration 0024), so
 * two or more API processes on one database count them together and a restart forgets nothing.
 * `namespace` keeps apartments apart (each test app has its own; the app's is empty).
 */
export class FailureLimiter {
  private recorded = 0;

  constructor(
    private readonly pool: pg.Pool,
    readonly max: number,
    readonly windowMs: number,
    private readonly namespace = '',
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until `key` may try again, or 0 if it may now. */
  async retryAfterMs(key: string): Promise<number> {
    const now = this.now();
    const r = await this.pool.query<{ t: number }>(
      `SELECT (extract(epoch FROM at) * 1000)::float8 AS t FROM sign_in_failures
        WHERE key = $1 AND at > to_timestamp($2::float8 / 1000) ORDER BY at DESC LIMIT $3`,
      [this.namespace + key, now - this.windowMs, this.max],
    );
    if (r.rows.length < this.max) return 0;
    return Math.max(0, Math.ceil(r.rows[this.max - 1].t + this.windowMs - now));
  }

  async fail(key: string): Promise<void> {
    const now = this.now();
    await this.pool.query(`INSERT INTO sign_in_failures (key, at) VALUES ($1, to_timestamp($2::float8 / 1000))`, [this.namespace + key, now]);
    // A flood of one-off usernames is swept here, by whichever process records the hundredth.
    if (++this.recorded % SWEEP_EVERY === 0) {
      await this.pool.query(`DELETE FROM sign_in_failures WHERE at <= to_timestamp($1::float8 / 1000)`, [now - this.windowMs]);
    }
  }

  async clear(key: string): Promise<void> {
    await this.pool.query(`DELETE FROM sign_in_failures WHERE key = $1`, [this.namespace + key]);
  }
}

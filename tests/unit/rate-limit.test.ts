import { describe, expect, it } from 'vitest';
import { FailureLimiter } from '../../api/auth/rate-limit';

describe('FailureLimiter', () => {
  it('refuses after max failures in the window, until the oldest ages out; a clear forgives', () => {
    let now = 0;
    const l = new FailureLimiter(3, 1000, () => now);
    for (const t of [0, 100, 200]) {
      now = t;
      expect(l.retryAfterMs('a')).toBe(0);
      l.fail('a');
    }
    now = 300;
    expect(l.retryAfterMs('a')).toBe(700); // the failure at 0 ages out at 1000
    now = 1000;
    expect(l.retryAfterMs('a')).toBe(0);
    l.fail('a');
    l.clear('a');
    expect(l.retryAfterMs('a')).toBe(0);
    expect(l.retryAfterMs('b')).toBe(0);
  });

  it('forgets keys whose failures aged out, even if they never come back', () => {
    let now = 0;
    const l = new FailureLimiter(5, 1000, () => now);
    for (let i = 0; i <= 10_000; i++) l.fail(`user${i}`);
    now = 5000;
    l.fail('late');
    expect((l as unknown as { failures: Map<string, number[]> }).failures.size).toBe(1);
  });
});

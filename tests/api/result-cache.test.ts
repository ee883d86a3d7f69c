import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResultCache } from '@api/lib/result-cache';
import { ANALYSIS_CONCURRENCY, analysisQueue } from '@api/lib/time-limit';
import { createTestApp } from '../support/test-app';

/**
 * Hotspot results are computed once per parameters and data: the same request again is served
 * from the cache, the same request at the same time waits for the one computation, and a write
 * to the accidents (by anyone, committed) makes the next request compute afresh.
 */
let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const get = async (path: string) => {
  const r = await t.app.request(path);
  expect(r.status, path).toBe(200);
  return { state: r.headers.get('x-cache'), text: await r.text() };
};

describe('the analyses cache', () => {
  it('serves the same clusters, segments and grid again from the cache, byte for byte', async () => {
    for (const path of ['/api/hotspots/clusters?eps=150&minPoints=4', '/api/hotspots/segments?limit=20', '/api/hotspots/grid?cell=2000']) {
      const first = await get(path);
      expect(first.state, path).toBe('miss');
      const again = await get(path);
      expect(again, path).toEqual({ state: 'hit', text: first.text });
      // Other parameters are another result.
      expect((await get(`${path}&severity=fatal`)).state, path).toBe('miss');
    }
  });

  it('sends a kept result gzipped once compressed, the same text', async () => {
    const path = '/api/hotspots/grid?cell=3000';
    const plain = await get(path);
    for (let i = 0; i < 2; i++) {
      const r = await t.app.request(path, { headers: { 'accept-encoding': 'gzip, deflate' } });
      expect(r.headers.get('content-encoding')).toBe('gzip');
      expect(r.headers.get('content-type')).toMatch(/geo\+json/);
      expect(gunzipSync(Buffer.from(await r.arrayBuffer())).toString('utf8')).toBe(plain.text);
    }
  });

  it('computes a result asked for by many at once one time', async () => {
    const path = '/api/hotspots/clusters?eps=175&minPoints=3';
    // The analyses' queue is held full until all six wait, so none can come after the result is kept.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const busy = Array.from({ length: ANALYSIS_CONCURRENCY }, () => analysisQueue.run(() => gate));
    const shared0 = t.cache.counts.shared;
    const answers = Promise.all(Array.from({ length: 6 }, () => get(path)));
    for (let i = 0; i < 500 && t.cache.counts.shared - shared0 < 5; i++) await new Promise((r) => setTimeout(r, 10));
    release();
    await Promise.all(busy);
    const states = (await answers).map((a) => a.state).sort();
    expect(states).toEqual(['miss', 'shared', 'shared', 'shared', 'shared', 'shared']);
    expect(new Set((await answers).map((a) => a.text)).size).toBe(1);
  });

  it('computes afresh after a write to the accidents, and the result shows it', async () => {
    const path = '/api/hotspots/clusters?eps=120&minPoints=3&limit=10000';
    const before = await get(path);
    expect((await get(path)).state).toBe('hit');
    // Three crashes 20 m apart where there were none within the window's last day: a new cluster.
    const made = await t.pool.query<{ id: number }>(
      `WITH last AS (SELECT max(occurred_at) AS at FROM accidents),
            spot AS (SELECT ST_LineInterpolatePoint(geom, 0.5) AS p FROM roads WHERE class = 'county' ORDER BY id DESC LIMIT 1)
       INSERT INTO accidents (external_id, occurred_at, severity, deaths, injuries, light, road_id, geom)
       SELECT 'TEST-CACHE-' || k, (SELECT at FROM last) - k * interval '1 hour', 'injury', 0, 1, 'day', NULL,
              ST_Translate(spot.p, k * 0.0002, 0)
       FROM spot, generate_series(1, 3) k RETURNING id`,
    );
    try {
      const after = await get(path);
      expect(after.state).toBe('miss');
      expect(after.text).not.toBe(before.text);
      expect(made.rowCount).toBe(3);
      // Every cluster is listed (limit 10 000): their crashes are three more.
      const crashes = (text: string) => (JSON.parse(text).features as { properties: { count: number } }[]).reduce((n, f) => n + f.properties.count, 0);
      expect(crashes(after.text)).toBe(crashes(before.text) + 3);
    } finally {
      await t.pool.query(`DELETE FROM accidents WHERE external_id LIKE 'TEST-CACHE-%'`);
    }
    // Deleted again: computed afresh, the same as before the write.
    const restored = await get(path);
    expect(restored).toEqual({ state: 'miss', text: before.text });
  });

  it('keeps results within its size, the least recently used going first', async () => {
    const cache = new ResultCache(100, 60);
    const text = (n: number) => 'x'.repeat(n);
    await cache.get('a', async () => text(20)); // 40 bytes
    await cache.get('b', async () => text(20)); // 80
    expect((await cache.get('a', async () => 'other')).state).toBe('hit'); // a used last
    await cache.get('c', async () => text(20)); // 120 > 100: b goes
    expect(cache.size).toEqual({ entries: 2, bytes: 80 });
    expect((await cache.get('b', async () => text(20))).state).toBe('miss');
    // Larger than an entry may be: served, not kept.
    expect(await cache.get('big', async () => text(40))).toEqual({ text: text(40), state: 'miss' });
    expect((await cache.get('big', async () => text(40))).state).toBe('miss');
    // A failed computation is not kept, and its waiters hear of the failure.
    await expect(cache.get('bad', async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect((await cache.get('bad', async () => 'fine')).state).toBe('miss');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/test-app';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** What a phone reads on every start, as the client asks for it. */
const FIRST_SCREEN = [
  '/api/config',
  '/api/roads?class=county,urban_arterial,provincial,national,expressway',
  '/api/jurisdictions?level=county',
  '/api/jurisdictions?level=township',
  '/api/places?kind=county_seat,township',
  '/api/accidents?format=binary',
];

describe('reads a phone makes on every start answer 304 when nothing changed', () => {
  it.each(FIRST_SCREEN)('%s: a weak ETag, kept but asked again; the same ETag back is a 304 with no body, in either encoding', async (path) => {
    const first = await t.app.request(path, { headers: { 'accept-encoding': 'gzip' } });
    expect(first.status).toBe(200);
    const tag = first.headers.get('etag');
    expect(tag).toMatch(/^W\/"[0-9a-f]{40}"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    expect((await first.arrayBuffer()).byteLength).toBeGreaterThan(0);

    for (const encoding of ['gzip', 'identity']) {
      const again = await t.app.request(path, { headers: { 'accept-encoding': encoding, 'if-none-match': tag! } });
      expect([again.status, again.headers.get('etag'), again.headers.get('cache-control')]).toEqual([304, tag, 'private, no-cache']);
      expect(await again.text()).toBe('');
    }
  });

  it('answers in full when the browser holds another answer: each query has its own tag', async () => {
    const county = (await t.app.request('/api/jurisdictions?level=county')).headers.get('etag')!;
    const township = await t.app.request('/api/jurisdictions?level=township', { headers: { 'if-none-match': county } });
    expect(township.status).toBe(200);
    expect(township.headers.get('etag')).not.toBe(county);
    expect((await township.json()).features.length).toBeGreaterThan(100);
  });

  it('leaves the accidents as GeoJSON alone: an export of tens of megabytes is not hashed', async () => {
    const res = await t.app.request('/api/accidents?from=2026-10-01&to=2026-10-31');
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBeNull();
    expect((await res.json()).features.length).toBeGreaterThan(0);
  });

  it('leaves refusals alone: a bad parameter is still a 400 that names it, with no tag', async () => {
    const res = await t.app.request('/api/jurisdictions?level=province', { headers: { 'if-none-match': '*' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('etag')).toBeNull();
    expect((await res.json()).error.details[0]).toMatchObject({ param: 'level' });
  });
});

import { describe, expect, it } from 'vitest';
import { ApiRequestError } from '@client/api/http';
import { fromOutboxPhotos, newRef, notReached, toOutboxPhotos } from '@client/layers/hazards/outbox-store';

describe('the outbox (待发送)', () => {
  it('gives each registration a v4 UUID without crypto.randomUUID (which plain http on the LAN lacks)', () => {
    const refs = Array.from({ length: 200 }, newRef);
    for (const r of refs) expect(r).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(refs).size).toBe(refs.length);
  });

  it('keeps what did not reach the server, and lets the API’s refusals stop it', () => {
    expect(notReached(new TypeError('Failed to fetch'))).toBe(true);
    for (const status of [502, 503, 504]) expect(notReached(new ApiRequestError(status, 'x', 'busy'))).toBe(true);
    for (const status of [400, 403, 409, 413, 500]) expect(notReached(new ApiRequestError(status, 'x', 'no'))).toBe(false);
  });

  it('keeps photos as their bytes, name and type, and gives them back as files', async () => {
    const file = new File([new Uint8Array([1, 2, 3])], '标志.jpg', { type: 'image/jpeg' });
    const [back] = fromOutboxPhotos(toOutboxPhotos([file]));
    expect([back.name, back.type, [...new Uint8Array(await back.arrayBuffer())]]).toEqual(['标志.jpg', 'image/jpeg', [1, 2, 3]]);
  });
});

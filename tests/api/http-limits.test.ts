import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_BYTES } from '@api/lib/validate';
import { MAX_OBSTACLE_VERTICES } from '@api/obstacles/obstacle-store';
import { errorOf, signIn, type Client } from '../support/session';
import { createTestApp } from '../support/test-app';

/**
 * What a client sends that is too big or of the wrong kind, over a real socket where it matters:
 * refused with a 4xx naming the limit, before the body is read, and the connection left usable.
 */
let t: Awaited<ReturnType<typeof createTestApp>>;
let server: ServerType;
let port: number;
let officer: Client;

beforeAll(async () => {
  t = await createTestApp();
  officer = await signIn(t.app, 'officer.donge');
  server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await t?.close();
});

/** Writes `requests` on one connection and reads until the server closes it or `ms` pass. */
function exchange(requests: string | Buffer, ms = 5000): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closed: false });
    }, ms);
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: true });
    });
    socket.write(requests);
  });
}

describe('bodies too big or of the wrong kind', () => {
  it('refuses a JSON body past the limit before reading it (413 naming body), and closes that connection rather than read the rest as the next request', async () => {
    const big = Buffer.from(JSON.stringify({ username: 'x'.repeat(MAX_JSON_BYTES), password: 'y' }));
    const head = `POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${big.length}\r\n\r\n`;
    const next = 'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
    const { text, closed } = await exchange(Buffer.concat([Buffer.from(head), big, Buffer.from(next)]));
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(text).toMatch(/\r\nconnection: close\r\n/i);
    expect(text).toContain('"param":"body"');
    expect(closed).toBe(true);
    // Nothing of the body was taken for a request: no 400 from the parser after the 413.
    expect(text.match(/HTTP\/1\.1 \d{3}/g)).toEqual(['HTTP/1.1 413']);
    // A new connection is served as usual.
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
  });

  it('keeps the connection for a request that was answered in full', async () => {
    const req = 'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
    const { text } = await exchange(req + req, 1500);
    expect(text.match(/HTTP\/1\.1 200/g)).toHaveLength(2);
  });

  it('refuses a body that is not JSON where JSON is read (415 naming body), not as an empty object', async () => {
    const r = await t.app.request('/api/hazards', { method: 'POST', headers: { cookie: officer.cookie, 'x-csrf-token': officer.csrf, 'content-type': 'text/plain' }, body: '{"type":"vegetation"}' });
    expect(r.status).toBe(415);
    expect((await r.json()).error.details[0]).toMatchObject({ param: 'body', rule: 'json_only' });
    const none = await t.app.request('/api/auth/login', { method: 'POST', body: 'username=admin&password=x' });
    expect(none.status).toBe(415);
  });

  it('refuses an obstacle of more vertices than an obstacle has, or a ring that does not close, naming geometry', async () => {
    const ring = (n: number) => {
      const pts = Array.from({ length: n }, (_, i) => [116.25 + 0.0005 * Math.cos((2 * Math.PI * i) / n), 36.33 + 0.0005 * Math.sin((2 * Math.PI * i) / n)]);
      return [...pts, pts[0]];
    };
    const post = (coordinates: number[][][]) => officer.send('POST', '/api/obstacles', { type: 'building', height: 6, geometry: { type: 'Polygon', coordinates } });
    const many = await errorOf(post([ring(MAX_OBSTACLE_VERTICES + 10)]), 400);
    expect(many.details[0]).toMatchObject({ param: 'geometry', rule: 'too_many_vertices' });
    const open = ring(8).slice(0, -1);
    const unclosed = await errorOf(post([open]), 400);
    expect(unclosed.details[0]).toMatchObject({ param: 'geometry', rule: 'ring_not_closed' });
  });
});

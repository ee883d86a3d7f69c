import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '@api/app';
import { loadEnv } from '@api/env';
import { contentSecurityPolicy, cspSource } from '@api/lib/security-headers';
import { createTestApp } from '../support/test-app';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const directives = (csp: string) => new Map(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

describe('security headers', () => {
  it('come with every answer: an API read, a refusal, a route that does not exist', async () => {
    for (const [path, status] of [['/api/health', 200], ['/api/accidents?from=0000-01-01', 400], ['/api/nothing-here', 404]] as const) {
      const r = await t.app.request(path);
      expect(r.status, path).toBe(status);
      const csp = directives(r.headers.get('content-security-policy') ?? '');
      expect(csp.get('default-src'), path).toEqual(["'self'"]);
      expect(csp.get('script-src'), path).toEqual(["'self'"]);
      expect(csp.get('frame-ancestors'), path).toEqual(["'none'"]);
      expect(csp.get('object-src'), path).toEqual(["'none'"]);
      expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(r.headers.get('x-frame-options'), path).toBe('DENY');
      expect(r.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
      // Plain HTTP on loopback: no HSTS (it would pin a name to HTTPS that may not have it).
      expect(r.headers.get('strict-transport-security'), path).toBeNull();
    }
  });

  it('say HSTS when the request came over HTTPS, directly or through a proxy that says so', async () => {
    expect((await t.app.request('https://changan.example/api/health')).headers.get('strict-transport-security')).toMatch(/^max-age=31536000/);
    const proxied = await t.app.request('/api/health', { headers: { 'x-forwarded-proto': 'https' } });
    expect(proxied.headers.get('strict-transport-security')).toMatch(/^max-age=31536000/);
  });

  it('allow the configured base maps and no other host', async () => {
    const env = loadEnv({ TIANDITU_KEY: 'k', BASEMAP_XYZ_URL: 'https://{s}.tiles.example.cn/{z}/{x}/{y}.png', BASEMAP_STYLE_URL: 'https://maps.example.org/style.json' });
    const app = createApp({ pool: t.pool, engine: t.info.engine, env, extent: [115.2, 35.8, 116.6, 37.0] });
    const csp = directives((await app.request('/api/health')).headers.get('content-security-policy')!);
    for (const d of ['img-src', 'connect-src']) {
      expect(csp.get(d)).toEqual(expect.arrayContaining(["'self'", 'https://*.tianditu.gov.cn', 'https://*.tiles.example.cn', 'https://maps.example.org']));
    }
    expect(csp.get('script-src')).toEqual(["'self'"]);
    // Without them, only the app's own origin (and data/blob images, blob workers).
    const own = directives(contentSecurityPolicy({}));
    expect(own.get('connect-src')).toEqual(["'self'"]);
    expect(own.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
  });

  it('reads a base-map URL template as a CSP source', () => {
    expect(cspSource('https://{s}.tile.example.com/{z}/{x}/{y}.png')).toBe('https://*.tile.example.com');
    expect(cspSource('https://t{0-7}.example.com/{z}/{x}/{y}.png')).toBe('https://*.example.com');
    expect(cspSource('HTTP://tiles.example.com:8080/{z}/{x}/{y}.png')).toBe('http://tiles.example.com:8080');
    expect(cspSource('/local/tiles/{z}/{x}/{y}.png')).toBeNull();
    expect(cspSource('https://tiles.{s}.example.com/{z}.png')).toBeNull();
    expect(cspSource(undefined)).toBeNull();
  });
});

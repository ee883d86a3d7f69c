import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '@api/app';
import { loadEnv } from '@api/env';
import { precompressDir } from '@scripts/precompress';
import { createTestApp } from '../support/test-app';

/** A built client in small: the shell, one hashed script (big enough to be compressed), one tiny one. */
const SCRIPT = `export const words = ${JSON.stringify('畅安 '.repeat(2000))};\n`;
let dir: string;
let t: Awaited<ReturnType<typeof createTestApp>>;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'changan-client-files-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/assets/index-a1b2c3.js"></script>');
  fs.writeFileSync(path.join(dir, 'assets', 'index-a1b2c3.js'), SCRIPT);
  fs.writeFileSync(path.join(dir, 'assets', 'tiny-d4e5f6.js'), 'export {};\n');
  await precompressDir(dir);
  t = await createTestApp();
  app = createApp({ pool: t.pool, engine: t.info.engine, env: loadEnv({}), extent: [115.2, 35.8, 116.6, 37.0] }, { staticDir: dir });
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the built client', () => {
  it('is precompressed at build time: a Brotli and a gzip copy beside each file worth it, none beside a tiny one', () => {
    expect(brotliDecompressSync(fs.readFileSync(path.join(dir, 'assets', 'index-a1b2c3.js.br'))).toString()).toBe(SCRIPT);
    expect(gunzipSync(fs.readFileSync(path.join(dir, 'assets', 'index-a1b2c3.js.gz'))).toString()).toBe(SCRIPT);
    expect(fs.existsSync(path.join(dir, 'assets', 'tiny-d4e5f6.js.br'))).toBe(false);
  });

  it('sends a script as Brotli to a browser that takes it, gzip to one that takes only gzip, plain to one that takes neither', async () => {
    const br = await app.request('/assets/index-a1b2c3.js', { headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
    expect(br.status).toBe(200);
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(br.headers.get('vary')).toMatch(/accept-encoding/i);
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(brBytes.length).toBeLessThan(SCRIPT.length / 10);
    expect(brotliDecompressSync(brBytes).toString()).toBe(SCRIPT);

    const gz = await app.request('/assets/index-a1b2c3.js', { headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(SCRIPT);

    const plain = await app.request('/assets/index-a1b2c3.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(SCRIPT);
  });

  it('lets the browser keep a hashed asset for a year, and asks it to check the page on every load', async () => {
    for (const file of ['/assets/index-a1b2c3.js', '/assets/tiny-d4e5f6.js']) {
      expect((await app.request(file, { headers: { 'accept-encoding': 'br' } })).headers.get('cache-control'), file).toBe('public, max-age=31536000, immutable');
    }
    for (const page of ['/', '/index.html', '/map', '/dashboard']) {
      const r = await app.request(page);
      expect(r.status, page).toBe(200);
      expect(await r.text(), page).toContain('<div id="root">');
      expect(r.headers.get('cache-control'), page).toBe('no-cache');
    }
  });

  it('keeps a missing asset and the API out of the long cache', async () => {
    // An asset of another build: a 404 (not the shell served as JavaScript), kept nowhere.
    const gone = await app.request('/assets/gone-000000.js');
    expect(gone.status).toBe(404);
    expect(gone.headers.get('cache-control')).toBeNull();
    const api = await app.request('/api/health');
    expect(api.status).toBe(200);
    expect(api.headers.get('cache-control')).toBeNull();
  });
});

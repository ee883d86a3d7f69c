import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keptOffline, keptRead } from '@client/sw/cache-names';
import { precacheEntries } from '@scripts/service-worker-build';

describe('the shell the service worker keeps', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'changan-sw-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };

  it('lists every built file once: hashed assets by name, the rest by a hash of their bytes', () => {
    write('index.html', '<!doctype html>');
    write('index.html.br', 'x');
    write('assets/index-ChumO8_g.js', 'code');
    write('assets/index-ChumO8_g.js.gz', 'x');
    write('assets/maplibre-gl-worker-CZtFQQIV.mjs', 'worker');
    write('icons/icon-192.png', 'png');
    write('manifest.webmanifest', '{}');
    write('sw.js', 'the worker itself');
    write('.source-hash', 'stamp');
    const entries = precacheEntries(dir);
    expect(entries.map((e) => e.url)).toEqual(['/assets/index-ChumO8_g.js', '/assets/maplibre-gl-worker-CZtFQQIV.mjs', '/icons/icon-192.png', '/index.html', '/manifest.webmanifest']);
    expect(entries.filter((e) => e.url.startsWith('/assets/')).every((e) => e.revision === null)).toBe(true);
    const page = entries.find((e) => e.url === '/index.html')!.revision;
    expect(page).toMatch(/^[0-9a-f]{32}$/);
    // A new page (a new build names new assets) gets a new revision, so the worker fetches it again.
    write('index.html', '<!doctype html><script src="/assets/index-new.js">');
    expect(precacheEntries(dir).find((e) => e.url === '/index.html')!.revision).not.toBe(page);
  });
});

describe('the API answers kept for offline use', () => {
  it.each([
    ['/api/config', true],
    ['/api/auth/me', true],
    ['/api/accidents', true],
    ['/api/roads', true],
    ['/api/hazards', true],
    ['/api/hazards/summary', true],
    ['/api/attachments/12/thumb', true],
    ['/api/auth/sign-in', false],
    ['/api/auth/logout', false],
    ['/api/health', false],
    ['/api/jobs/5', false],
    ['/api/briefing', false],
    ['/api/hazards/export.xlsx', false],
    ['/api/attachments/12', false],
    ['/map', false],
    ['/assets/index-ChumO8_g.js', false],
  ])('%s: %s', (pathname, kept) => {
    expect(keptOffline(pathname)).toBe(kept);
  });
});

describe('how a kept read is answered on a weak signal', () => {
  it.each([
    // The base map: at once from what was kept (an import gives it new URLs).
    ['/api/roads', 'base-map'],
    ['/api/jurisdictions', 'base-map'],
    ['/api/places', 'base-map'],
    // What every start waits for: the network, then what was kept after a few seconds.
    ['/api/config', 'every-start'],
    ['/api/auth/me', 'every-start'],
    ['/api/accidents', 'every-start'],
    // What changes under the user's own hands: the network, what was kept only without one.
    ['/api/roads/network', 'network'],
    ['/api/accidents/12', 'network'],
    ['/api/hazards', 'network'],
    ['/api/hazards/due', 'network'],
    ['/api/places/nearby', 'network'],
    ['/api/auth/sign-in', null],
    ['/api/health', null],
  ])('%s: %s', (pathname, kind) => {
    expect(keptRead(pathname)).toBe(kind);
  });
});

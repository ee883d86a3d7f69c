/**
 * `npm run bench:first-load [-- --runs 5 --path / --dpr 2 --network slow4g|fast4g --cpu 4 --installed --floor --data-dir DIR --verbose]`
 *
 * First load on a phone (the issue "first load on a phone"): the app as `npm start` serves it (the
 * client built if stale, the embedded engine seeded with the demo world in a temp DATA_DIR, or an
 * already seeded `--data-dir`), opened in Debian's Chromium as a 390×844 phone on Lighthouse's
 * mobile "slow 4G" (150 ms RTT, 1.6384 Mbit/s down, 0.675 Mbit/s up, through CDP
 * `Network.emulateNetworkConditions`) with the CPU 4× slower (`Emulation.setCPUThrottlingRate`).
 * Each run is a new browser context (a cold cache), anonymous, on `path`. `--network fast4g` takes
 * DevTools' own "Fast 4G" instead (9 Mbit/s × 0.9 down, 1.5 × 0.9 up, 60 ms × 2.75 latency, as
 * Chromium's DevTools and Puppeteer's PredefinedNetworkConditions define it): what a phone on an
 * ordinary 4G cell sees, beside the pessimistic slow 4G.
 *
 * It times, from navigation start, the moment the map is usable with the accidents: the map element
 * says `data-state="ready"`, the map has its style, sources and tiles, the accident count is shown
 * and deck.gl would hit an accident (the browser tests' waitForMap and waitForAccidents, checked in
 * the page every 100 ms, so a time is late by at most one check). Beside it: first contentful
 * paint, the map ready, and what crossed the network until the map was usable (bytes as sent,
 * compressed, per kind, and the request count). Reports the median and the max of `runs`.
 *
 * `--floor` times, beside the app and the same way, a page that does the least that can meet the
 * same checks on this machine (scripts/bench/floor/: bare MapLibre with the first screen's base
 * data, the accidents drawn by the app's DotLayer, no React and no UI), so that a run says how much
 * of the time is the app's and how much this machine's (its speed varies from day to day, and with
 * no GPU every WebGL frame is drawn by SwiftShader on the CPU).
 *
 * Lighthouse's own "devtools" throttling multiplies the RTT by 3.75 per request (562.5 ms), since
 * it cannot throttle below the request; these are the simulated values as the issue states them.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Browser, Page, Request } from 'playwright-core';
import { arg, loadavg, median } from './bench-kit';
import { linkProxy } from '../link-proxy';
import { withServedApp } from './served-app';
import { build } from 'vite';

const runs = Number(arg('runs', '5'));
const pagePath = arg('path', '/');
const dpr = Number(arg('dpr', '2'));
const dataDir = arg('data-dir', '');
const verbose = process.argv.includes('--verbose');
const installed = process.argv.includes('--installed');
const withFloor = process.argv.includes('--floor');
const TARGET_MS = 4000;
const assetsDir = path.resolve(import.meta.dirname, '../../dist/client/assets');

/** Lighthouse's mobile "slow 4G" (its `throttling.mobileSlow4G`), in CDP's units: bytes per second. */
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: (1638.4 * 1024) / 8, uploadThroughput: (675 * 1024) / 8 };
/** DevTools' "Fast 4G". */
const FAST_4G = { offline: false, latency: 60 * 2.75, downloadThroughput: ((9e6 / 8) * 0.9), uploadThroughput: ((1.5e6 / 8) * 0.9) };
const NETWORKS = {
  slow4g: { conditions: SLOW_4G, name: 'slow 4G (150 ms, 1.6384 / 0.675 Mbit/s)' },
  fast4g: { conditions: FAST_4G, name: 'DevTools fast 4G (165 ms, 8.1 / 1.35 Mbit/s)' },
};
const networkArg = arg('network', 'slow4g');
if (!(networkArg in NETWORKS)) throw new Error(`--network: ${networkArg} is not one of ${Object.keys(NETWORKS).join(', ')}`);
const network = NETWORKS[networkArg as keyof typeof NETWORKS];
/** `--cpu 1` leaves the CPU as it is: what the network and the request chain cost alone on this machine. */
const CPU_SLOWDOWN = Number(arg('cpu', '4'));
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: dpr, isMobile: true, hasTouch: true };

/** What the page records about itself (performance.now(), so milliseconds since navigation start). */
interface PageMarks {
  mapReady?: number;
  usable?: number;
}

/**
 * Installed before the app's own scripts: checks every 100 ms what the browser tests wait for, and
 * keeps when each first held. The pick is the costly part, so it runs only once the rest holds.
 */
function watchFirstLoad() {
  const marks: PageMarks = {};
  (window as unknown as { __firstLoad: PageMarks }).__firstLoad = marks;
  const check = () => {
    const at = performance.now();
    const ready = document.querySelector('[data-testid="map"][data-state="ready"]');
    const w = window as unknown as { __changan?: { map: any; overlay: any } };
    const map = w.__changan?.map;
    if (ready && map && map.isStyleLoaded() && map.loaded() && map.areTilesLoaded()) {
      marks.mapReady ??= at;
      if (document.querySelector('[data-testid="accident-count"]')) {
        const canvas = map.getCanvas();
        const picked = w.__changan!.overlay.pickObjects({ x: 0, y: 0, width: canvas.clientWidth, height: canvas.clientHeight, layerIds: ['accidents'], maxObjects: 1 });
        if (picked.length > 0) {
          marks.usable = at;
          return;
        }
      }
    }
    setTimeout(check, 100);
  };
  setTimeout(check, 100);
}

/** Waits for the page's "usable" mark; if it does not come, says what was missing and keeps a picture of it. */
async function untilUsable(page: Page) {
  // Polled rarely: each poll is work on the throttled page.
  await page.waitForFunction(() => (window as unknown as { __firstLoad?: PageMarks }).__firstLoad?.usable !== undefined, undefined, { timeout: 120_000, polling: 1000 }).catch(async (err) => {
    // Say what was missing, and keep a picture of it.
    const shot = path.join(os.tmpdir(), 'first-load-timeout.png');
    await page.screenshot({ path: shot });
    const state = await page.evaluate(() => {
      const map = (window as unknown as { __changan?: { map: any } }).__changan?.map;
      return {
        marks: (window as unknown as { __firstLoad?: PageMarks }).__firstLoad,
        mapState: document.querySelector('[data-testid="map"]')?.getAttribute('data-state'),
        map: map && { style: map.isStyleLoaded(), loaded: map.loaded(), tiles: map.areTilesLoaded() },
        count: !!document.querySelector('[data-testid="accident-count"]'),
        page: document.documentElement.outerHTML.slice(0, 400),
      };
    });
    throw new Error(`the map was not usable within 120 s: ${JSON.stringify(state)} (screenshot ${shot})`, { cause: err });
  });
}

interface Transfer {
  url: string;
  type: string;
  /** Body bytes as sent (compressed when it was) plus the response headers. */
  bytes: number;
  encoding: string;
  startMs: number;
  endMs: number;
}

interface RunResult {
  usableMs: number;
  mapReadyMs: number;
  fcpMs: number;
  transfers: Transfer[];
}

/** script / stylesheet / data (fetch, xhr) / document / other, for the byte table. */
const kindOf = (t: Transfer) => (t.type === 'script' || /\.m?js(\?|$)/.test(t.url) ? 'js' : t.type === 'stylesheet' ? 'css' : t.type === 'fetch' || t.type === 'xhr' ? 'data' : t.type);

async function oneRun(browser: Browser, url: string): Promise<RunResult> {
  const context = await browser.newContext({ ...PHONE, locale: 'zh-CN', reducedMotion: 'reduce' });
  try {
    const page = await context.newPage();
    // tsx (esbuild) names inner functions with a `__name` helper the page does not have.
    await page.addInitScript({ content: `globalThis.__name ??= (f) => f; (${watchFirstLoad})();` });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', network.conditions);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    const pending: Promise<Transfer | null>[] = [];
    const t0 = Date.now();
    page.on('requestfinished', (r: Request) => pending.push(transferOf(r, t0)));
    await page.goto(url, { waitUntil: 'commit' });
    await untilUsable(page);
    const marks = await page.evaluate(() => ({
      ...(window as unknown as { __firstLoad: PageMarks }).__firstLoad,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
      // Navigation start in the page, as milliseconds since the epoch (to place the transfers).
      origin: performance.timeOrigin,
    }));
    const transfers = (await Promise.all(pending)).filter((t): t is Transfer => !!t).map((t) => ({ ...t, startMs: t.startMs - (marks.origin - t0), endMs: t.endMs - (marks.origin - t0) }));
    // The first screen: what was asked for before the map was usable.
    return { usableMs: marks.usable!, mapReadyMs: marks.mapReady!, fcpMs: marks.fcp, transfers: transfers.filter((t) => t.startMs <= marks.usable!) };
  } finally {
    await context.close();
  }
}

/**
 * `--installed`: the app opened again from the phone's home screen. A first visit at full speed
 * draws the map, lets the service worker install and keep the page's reads; the worker is
 * stopped (as when the app is closed), and a new page in the same browser (its caches kept) is
 * timed. The link is the proxy's (scripts/link-proxy.ts), since CDP's throttling does not reach
 * the worker's own fetches; the bytes are those that crossed it (bodies as sent).
 */
async function installedRun(browser: Browser, proxy: Awaited<ReturnType<typeof linkProxy>>, url: string, { serviceWorker = true } = {}): Promise<RunResult> {
  const context = await browser.newContext({ ...PHONE, locale: 'zh-CN', reducedMotion: 'reduce', serviceWorkers: 'allow' });
  try {
    proxy.throttle(null);
    await context.addInitScript({ content: `globalThis.__name ??= (f) => f; (${watchFirstLoad})();` });
    const first = await context.newPage();
    await first.goto(url, { waitUntil: 'commit' });
    await first.waitForFunction(() => (window as unknown as { __firstLoad?: PageMarks }).__firstLoad?.usable !== undefined, undefined, { timeout: 120_000, polling: 500 });
    // The worker registers a few seconds after the map has drawn, then keeps what the page read.
    // (The floor has none: it reopens from the browser's HTTP cache.)
    if (serviceWorker) await first.waitForFunction(
      async () => {
        if (!navigator.serviceWorker.controller) return false;
        const kept = (await (await caches.open('changan-api-v1')).keys()).map((r) => new URL(r.url).pathname);
        return ['/api/config', '/api/accidents', '/api/roads', '/api/jurisdictions', '/api/places'].every((p) => kept.includes(p));
      },
      undefined,
      { timeout: 60_000, polling: 500 },
    );
    // The floor has no worker to wait for: its first visit is left a moment after it is usable
    // (as long as the app's waits for its worker to keep what it read). Closed at once, while its
    // map was still busy, it left the reopened page of the same site hung now and then.
    if (!serviceWorker) await first.waitForTimeout(3000);
    // The next page opens before the first closes, in the same renderer as the app's does.
    const page = await context.newPage();
    await first.close();
    const cdp = await context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    proxy.throttle(network.conditions);
    if (verbose) {
      page.on('requestfailed', (r) => console.error(`    failed: ${r.url()} ${r.failure()?.errorText}`));
      page.on('response', (r) => console.error(`    ${r.status()} ${r.url()}${r.fromServiceWorker() ? ' (worker)' : ''}`));
    }
    const before = proxy.sent().length;
    await page.goto(url, { waitUntil: 'commit' });
    await untilUsable(page);
    const marks = await page.evaluate(() => ({ ...(window as unknown as { __firstLoad: PageMarks }).__firstLoad, fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN }));
    const transfers = proxy
      .sent()
      .slice(before)
      .map((t) => ({ url: new URL(t.path, url).href, type: /\.m?js(\?|$)/.test(t.path) ? 'script' : t.path.startsWith('/api/') ? 'fetch' : 'other', bytes: t.bytes, encoding: '', startMs: NaN, endMs: NaN }));
    return { usableMs: marks.usable!, mapReadyMs: marks.mapReady!, fcpMs: marks.fcp, transfers };
  } finally {
    proxy.throttle(null);
    await context.close();
  }
}

async function transferOf(r: Request, t0: number): Promise<Transfer | null> {
  const response = await r.response();
  if (!response) return null;
  const sizes = await r.sizes();
  const timing = r.timing();
  // A worker's script reports no body size; its Content-Length (of the encoded body) says it.
  const body = Math.max(sizes.responseBodySize, Number((await response.headerValue('content-length')) ?? 0));
  return {
    url: r.url(),
    type: r.resourceType(),
    bytes: body + sizes.responseHeadersSize,
    encoding: (await response.headerValue('content-encoding')) ?? '',
    // timing is relative to its own startTime (epoch ms).
    startMs: timing.startTime - t0,
    endMs: timing.startTime + timing.responseEnd - t0,
  };
}

const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const floorDir = path.resolve(import.meta.dirname, 'floor');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css' };

/**
 * Builds the floor page (scripts/bench/floor/) and serves it with /api/ passed on to the app, so
 * that it reads the app's own data from its own origin, as the app does. Its hashed files are
 * kept by the browser like the app's; the page itself is asked again (no-cache).
 */
async function serveFloor(appUrl: string) {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'changan-floor-'));
  await build({ root: floorDir, configFile: false, logLevel: 'warn', base: '/', build: { outDir, emptyOutDir: true } });
  const app = new URL(appUrl);
  const server = http.createServer((req, res) => {
    const target = req.url ?? '/';
    if (target.startsWith('/api/')) {
      const upstream = http.request({ host: app.hostname, port: app.port, path: target, method: req.method, headers: { ...req.headers, host: app.host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
      return;
    }
    const pathname = new URL(target, 'http://floor').pathname;
    const file = path.join(outDir, path.normalize(pathname === '/' ? '/index.html' : pathname));
    if (!file.startsWith(outDir + path.sep) || !fs.existsSync(file)) return void res.writeHead(404).end();
    const hashed = file.startsWith(path.join(outDir, 'assets') + path.sep);
    // Gzipped as the app's files are sent (it sends them precompressed), or the link would carry
    // twice the bytes; whole, with their length, as the app's are (a streamed answer without one
    // left Chromium's cache entry for a reopened page waiting now and then).
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? zlib.gzipSync(fs.readFileSync(file)) : fs.readFileSync(file);
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-length': body.length,
      'cache-control': hashed ? 'max-age=31536000, immutable' : 'no-cache',
      vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await closed;
      fs.rmSync(outDir, { recursive: true, force: true });
    },
  };
}

async function main() {
  await withServedApp('first-load', dataDir, async ({ url: served, browser, built }) => {
    const proxy = installed ? await linkProxy(served) : null;
    const url = proxy?.url ?? served;
    const floor = withFloor ? await serveFloor(served) : null;
    const floorProxy = floor && installed ? await linkProxy(floor.url) : null;
    const floorUrl = floorProxy?.url ?? floor?.url;
    const load0 = loadavg();
    const results: RunResult[] = [];
    const floorResults: RunResult[] = [];
    // With the floor, its runs alternate with the app's: both see the machine as it is that minute.
    for (let i = 0; i < runs; i++) {
      const r = proxy ? await installedRun(browser, proxy, url + pagePath) : await oneRun(browser, url + pagePath);
      results.push(r);
      console.error(`[bench:first-load] run ${i + 1}/${runs}: usable ${sec(r.usableMs)} (map ready ${sec(r.mapReadyMs)}, FCP ${sec(r.fcpMs)}), ${r.transfers.length} requests, ${kb(r.transfers.reduce((a, t) => a + t.bytes, 0))}`);
      if (verbose) {
        for (const t of [...r.transfers].sort((a, b) => a.startMs - b.startMs)) {
          console.error(`    ${Number.isNaN(t.startMs) ? '' : `${sec(t.startMs)} → ${sec(t.endMs)}  `}${kb(t.bytes).padStart(7)} ${t.encoding.padEnd(4)} ${kindOf(t).padEnd(5)} ${t.url.replace(url, '')}`);
        }
      }
      if (floorUrl) {
        const f = floorProxy ? await installedRun(browser, floorProxy, floorUrl + '/', { serviceWorker: false }) : await oneRun(browser, floorUrl + '/');
        floorResults.push(f);
        console.error(`[bench:first-load] floor ${i + 1}/${runs}: usable ${sec(f.usableMs)}, ${f.transfers.length} requests, ${kb(f.transfers.reduce((a, t) => a + t.bytes, 0))}`);
      }
    }
    const load1 = loadavg();
    const usable = results.map((r) => r.usableMs);
    // Bytes and requests of the median run (they hardly differ between runs).
    const mid = [...results].sort((a, b) => a.usableMs - b.usableMs)[Math.floor(results.length / 2)];
    const byKind = new Map<string, { n: number; bytes: number }>();
    for (const t of mid.transfers) {
      const k = byKind.get(kindOf(t)) ?? { n: 0, bytes: 0 };
      byKind.set(kindOf(t), { n: k.n + 1, bytes: k.bytes + t.bytes });
    }
    const js = byKind.get('js') ?? { n: 0, bytes: 0 };
    const css = byKind.get('css') ?? { n: 0, bytes: 0 };
    const assets = fs.readdirSync(assetsDir).filter((f) => /\.(m?js|css)$/.test(f));
    console.log(
      `\nFirst load on a phone: ${url}${pagePath}, 390×844 @${dpr}x, ${network.name}, CPU ×${CPU_SLOWDOWN}, ${installed ? 'the installed app reopened (its worker stopped, its caches kept; the link a proxy)' : 'cold cache'}; ` +
        `${runs} runs (${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${new Date().toISOString()}, load ${load0} → ${load1}${built ? ', client built now' : ''})\n`,
    );
    console.log('| map usable with accidents: median / max | map ready (median) | FCP (median) | JS sent (files) | CSS sent (files) | everything sent (requests) | built JS + CSS files |');
    console.log('|--:|--:|--:|--:|--:|--:|--:|');
    console.log(
      `| ${sec(median(usable))} / ${sec(Math.max(...usable))} ${Math.max(...usable) <= TARGET_MS ? '✓' : median(usable) <= TARGET_MS ? '(median ✓)' : '✗'} | ${sec(median(results.map((r) => r.mapReadyMs)))} | ${sec(median(results.map((r) => r.fcpMs)))} ` +
        `| ${kb(js.bytes)} (${js.n}) | ${kb(css.bytes)} (${css.n}) | ${kb(mid.transfers.reduce((a, t) => a + t.bytes, 0))} (${mid.transfers.length}) | ${assets.length} |`,
    );
    console.log(`  by kind (median run): ${[...byKind].map(([k, v]) => `${k} ${kb(v.bytes)} (${v.n})`).join(', ')}`);
    console.log(`  each run: ${results.map((r) => sec(r.usableMs)).join(', ')}`);
    if (floorResults.length) {
      const f = floorResults.map((r) => r.usableMs);
      console.log(
        `  floor (scripts/bench/floor: bare MapLibre, the same base data and accidents, no app), the same checks, runs alternating with the app's: ` +
          `${sec(median(f))} / ${sec(Math.max(...f))}; the app's median is ${(median(usable) / median(f)).toFixed(2)} × the floor's, ${sec(median(usable) - median(f))} more`,
      );
      console.log(`  floor each run: ${f.map(sec).join(', ')}`);
    }
    await proxy?.close();
    await floorProxy?.close();
    await floor?.close();
  });
}

await main();

/**
 * `npm run bench:idle [-- --seconds 10 --data-dir DIR]`
 *
 * What an open map costs while nobody touches it: a phone on the dashboard of a patrol car, a
 * planner's second screen. The app as `npm start` serves it (the embedded engine, the demo world in
 * a temp DATA_DIR unless `--data-dir`), opened in Debian's Chromium (software WebGL, as the browser
 * tests run it). For each screen: the map drawn with its accidents, then 5 s to settle, then
 * `seconds` of nothing, over which it counts the CPU time of Chromium's processes (from /proc, so
 * Linux only; one page open at a time), the animation frames the page asked for and the frames
 * MapLibre drew. Target: an idle map asks for no frames and keeps under 1 % of a core.
 */
import fs from 'node:fs';
import os from 'node:os';
import type { Browser, BrowserContextOptions } from 'playwright-core';
import { arg, loadavg } from './bench-kit';
import { withServedApp } from './served-app';

const seconds = Number(arg('seconds', '10'));
const dataDir = arg('data-dir', '');
const DEMO_PASSWORD = 'changan-demo';
const TARGET_CORE_SHARE = 0.01;

/** CPU seconds of Chromium's processes, by kind (renderer, gpu-process, browser …). */
function chromiumCpu(): Record<string, number> {
  const out: Record<string, number> = {};
  const tick = 100; // USER_HZ on Linux
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('chromium')) continue;
      const kind = /--type=([a-z-]+)/.exec(cmd)?.[1] ?? 'browser';
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      out[kind] = (out[kind] ?? 0) + (Number(fields[11]) + Number(fields[12])) / tick;
    } catch {
      // A process that ended between the listing and the read.
    }
  }
  return out;
}

interface Screen {
  name: string;
  context: BrowserContextOptions;
  user?: string;
}

const SCREENS: Screen[] = [
  { name: 'desk, anonymous', context: { viewport: { width: 1366, height: 820 } } },
  { name: 'phone, officer.donge signed in', context: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }, user: 'officer.donge' },
];

async function measure(browser: Browser, url: string, screen: Screen) {
  const context = await browser.newContext({ locale: 'zh-CN', serviceWorkers: 'block', ...screen.context });
  // Counts the frames the page asks for, whoever asks (the app, MapLibre, deck.gl).
  await context.addInitScript(() => {
    const w = window as unknown as { __frames: number; requestAnimationFrame: typeof requestAnimationFrame };
    const ask = w.requestAnimationFrame.bind(window);
    w.__frames = 0;
    w.requestAnimationFrame = (callback) => {
      w.__frames++;
      return ask(callback);
    };
  });
  const page = await context.newPage();
  try {
    await page.goto(`${url}/map`);
    await page.waitForSelector('[data-testid="map"][data-state="ready"]', { timeout: 120_000 });
    await page.waitForSelector('[data-testid="accident-count"]', { timeout: 120_000 });
    if (screen.user) {
      await page.click('[data-testid="sign-in"]');
      await page.fill('input[name="username"]', screen.user);
      await page.fill('input[name="password"]', DEMO_PASSWORD);
      await page.click('[data-testid="sign-in-submit"]');
      await page.waitForSelector(`[data-testid="user-menu"][data-username="${screen.user}"]`, { timeout: 30_000 });
      if (await page.locator('[data-testid="due-close"]').count()) await page.click('[data-testid="due-close"]');
    }
    // A function, not a string: a string predicate is evaluated in the page with eval, which the
    // app's CSP refuses whenever the first check does not already hold (it failed so under load).
    await page.waitForFunction(
      () => {
        const m = (window as unknown as { __changan?: { map: { loaded(): boolean; isMoving(): boolean } } }).__changan?.map;
        return !!m && m.loaded() && !m.isMoving();
      },
      undefined,
      { timeout: 60_000 },
    );
    await page.waitForTimeout(5000);
    await page.evaluate('(() => { window.__drawn = 0; window.__changan.map.on("render", () => { window.__drawn++; }); window.__asked = window.__frames; })()');
    const before = chromiumCpu();
    await page.waitForTimeout(seconds * 1000);
    const after = chromiumCpu();
    const { asked, drawn } = (await page.evaluate('({ asked: window.__frames - window.__asked, drawn: window.__drawn })')) as { asked: number; drawn: number };
    const byKind = Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - (before[k] ?? 0)]));
    const total = Object.values(byKind).reduce((a, b) => a + b, 0);
    return { asked, drawn, byKind, total };
  } finally {
    await context.close();
  }
}

async function main() {
  await withServedApp('idle', dataDir, async ({ url, browser }) => {
    const load0 = loadavg();
    const rows = [];
    for (const screen of SCREENS) rows.push({ screen, ...(await measure(browser, url, screen)) });
    console.log(`\nAn idle map, ${seconds} s untouched after 5 s to settle (${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${new Date().toISOString()}, load ${load0} → ${loadavg()})\n`);
    console.log('| screen | frames asked | frames drawn | Chromium CPU | share of a core | by process |');
    console.log('|---|--:|--:|--:|--:|---|');
    for (const r of rows) {
      const share = r.total / seconds;
      const parts = Object.entries(r.byKind).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${v.toFixed(2)} s`).join(', ');
      console.log(`| ${r.screen.name} | ${r.asked} | ${r.drawn} | ${r.total.toFixed(2)} s | ${(share * 100).toFixed(1)} % ${share <= TARGET_CORE_SHARE ? '✓' : '✗'} | ${parts || '—'} |`);
    }
  });
}

await main();

/**
 * A small driver for the Chang'an client in real Chromium (Debian's /usr/bin/chromium, WebGL
 * through SwiftShader). Tests say what a user does; this module knows the selectors and the
 * waiting. It never downloads a browser.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

/** A file for an `<input type=file>`, as Playwright takes it. */
export interface FilePayload {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, 'screenshots');

/** The server as a phone on the LAN reaches it (resolved to 127.0.0.1 by the browser): `http://${LAN_NAME}:port` is not a secure origin. */
export const LAN_NAME = 'changan.test';

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `No Chromium at ${executablePath}: install Debian's (apt-get install chromium fonts-noto-cjk) or set CHROMIUM_PATH. ` +
        'The browser tests never download one.',
    );
  }
  return chromium.launch({
    executablePath,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--ignore-gpu-blocklist',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      // The page is put together on the CPU; WebGL alone goes through SwiftShader. Compositing in
      // emulated GL cost about a third of the browser's CPU: app.e2e's tests took 39 s on native
      // with this against 52–57 s without. One thing differs: Chromium's CPU compositor leaves the
      // map grey above a phone's scrollable sheet (hotspot details) in screenshots; with GPU
      // compositing, as on a phone, the map is drawn there (checked by hand, 2026-12-05).
      '--disable-gpu-compositing',
      // The browser's own locale formats <input type="date">; the app's language is its own switch.
      '--lang=zh-CN',
      // A name for this machine as a phone on the LAN sees it: not localhost, so http there is not a secure origin.
      `--host-resolver-rules=MAP ${LAN_NAME} 127.0.0.1`,
    ],
  });
}

export interface ScreenPoint {
  x: number;
  y: number;
  /** Row of the accidents layer (its draw order), not the accident id. */
  row: number;
}

export class AppDriver {
  /** Every URL the page asked for, to prove nothing left the app's own origin. */
  readonly requests: string[] = [];
  readonly consoleErrors: string[] = [];

  private constructor(
    readonly page: Page,
    private readonly context: BrowserContext,
  ) {
    page.on('request', (r) => this.requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      const url = m.location().url;
      // Signed out, GET /api/auth/me answers 401: that is how the app learns it, not an error.
      if (/status of 401/.test(m.text()) && url.endsWith('/api/auth/me')) return;
      this.consoleErrors.push(url ? `${m.text()} (${url})` : m.text());
    });
    page.on('pageerror', (e) => this.consoleErrors.push(String(e)));
  }

  /** A new page (its own context) on the app; `device` adds context options such as a geolocation. */
  static async open(browser: Browser, url: string, viewport = { width: 1366, height: 820 }, device: BrowserContextOptions = {}): Promise<AppDriver> {
    // Reduced motion: the app jumps where it would fly (900 ms of frames each time in software WebGL).
    // No service worker unless a test asks for one: the others see every request the page makes.
    const context = await browser.newContext({ viewport, locale: 'zh-CN', deviceScaleFactor: 1, reducedMotion: 'reduce', serviceWorkers: 'block', ...device });
    const driver = new AppDriver(await context.newPage(), context);
    await driver.page.goto(url);
    return driver;
  }

  async close() {
    await this.context.close();
  }

  /** Cuts the page off the network (a phone without signal), or brings it back. */
  async setOffline(offline: boolean) {
    await this.context.setOffline(offline);
  }

  /** The map has its style, every GeoJSON source is loaded and nothing is left to draw. */
  async waitForMap(timeout = 60_000) {
    await this.page.waitForSelector('[data-testid="map"][data-state="ready"]', { timeout });
    await this.page.waitForFunction(
      () => {
        const map = window.__changan?.map;
        return !!map && map.isStyleLoaded() && map.loaded() && map.areTilesLoaded();
      },
      undefined,
      { timeout, polling: 200 },
    );
  }

  /** The accidents have been decoded and the deck.gl layer can be picked. */
  async waitForAccidents(timeout = 60_000) {
    await this.page.waitForSelector('[data-testid="accident-count"]', { timeout });
    await this.page.waitForFunction(
      () => {
        const overlay = window.__changan?.overlay;
        const canvas = window.__changan?.map.getCanvas();
        if (!overlay || !canvas) return false;
        const picked = overlay.pickObjects({ x: 0, y: 0, width: canvas.clientWidth, height: canvas.clientHeight, layerIds: ['accidents'], maxObjects: 1 });
        return picked.length > 0;
      },
      undefined,
      { timeout, polling: 500 },
    );
  }

  async shownCount(): Promise<number> {
    return Number(await this.page.getAttribute('[data-testid="accident-count"]', 'data-count'));
  }

  async setLayerVisible(id: string, visible: boolean) {
    await this.page.setChecked(`[data-testid="layer-toggle-${id}"]`, visible);
  }

  async choosePreset(preset: 'last12m' | 'last3y' | 'all') {
    await this.page.click(`[data-testid="time-preset-${preset}"]`);
  }

  async setSeverity(severity: 'fatal' | 'injury' | 'pdo', on: boolean) {
    await this.page.setChecked(`[data-testid="severity-${severity}"]`, on);
  }

  /**
   * Screen points of accidents the accidents layer would hit, most severe drawn last. Found by
   * asking deck.gl what it draws (pickObjects) and projecting those rows' positions.
   */
  async visibleAccidentPoints(max = 20): Promise<ScreenPoint[]> {
    return this.page.evaluate((maxObjects) => {
      const { map, overlay } = window.__changan!;
      const canvas = map.getCanvas();
      const desk = canvas.clientWidth > 720;
      // Keep clear of what floats over the map: on a desk the panel (left) and the details card
      // (right); on a phone the drawer button and the notice (top).
      const region = desk
        ? { x: 340, y: 40, width: canvas.clientWidth - 340 - 380, height: canvas.clientHeight - 120 }
        : { x: 20, y: 130, width: canvas.clientWidth - 70, height: canvas.clientHeight - 200 };
      const picked = overlay.pickObjects({ ...region, layerIds: ['accidents'], maxObjects });
      return picked.map((info) => {
        const data = info.layer!.props.data as unknown as { attributes: { getPosition: { value: Float64Array } } };
        const lngLat = data.attributes.getPosition.value;
        const p = map.project([lngLat[2 * info.index], lngLat[2 * info.index + 1]]);
        return { x: p.x, y: p.y, row: info.index };
      });
    }, max);
  }

  /** Whether deck.gl would hit an accident at a screen point (hidden layers are not hit). */
  async accidentAt(point: { x: number; y: number }): Promise<boolean> {
    return this.page.evaluate(({ x, y }) => {
      const info = window.__changan!.overlay.pickObject({ x, y, radius: 2, layerIds: ['accidents'] });
      return !!info && info.index >= 0;
    }, point);
  }

  /** Clicks accidents until one opens its details; returns the details panel's text. */
  async openAnyAccident(): Promise<string> {
    const points = await this.visibleAccidentPoints(30);
    if (points.length === 0) throw new Error('no accident is visible to click');
    const box = (await this.page.locator('[data-testid="map"]').boundingBox())!;
    for (const p of points) {
      if (!(await this.accidentAt(p))) continue;
      await this.page.mouse.click(box.x + p.x, box.y + p.y);
      try {
        await this.page.waitForSelector('[data-testid="accident-details"] dl', { timeout: 5_000 });
        return await this.page.locator('[data-testid="accident-details"]').innerText();
      } catch {
        // Something above the point (a label, a control) took the click: try the next one.
      }
    }
    throw new Error(`none of ${points.length} accident points opened details`);
  }

  async switchLanguage() {
    await this.page.click('[data-testid="language-switch"]');
  }

  /** Opens the 事故多发点段 section of the panel (which starts the analysis). */
  async openHotspots() {
    const toggle = this.page.locator('[data-testid="hotspot-toggle"]');
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  }

  /** Waits until no analysis is pending or computing. */
  async waitForHotspotsIdle(timeout = 60_000) {
    await this.page.waitForSelector('[data-testid="hotspot-status"][data-busy="false"]', { timeout });
  }

  async hotspotRanks(): Promise<number[]> {
    return this.page.$$eval('[data-testid="hotspot-row"]', (rows) => rows.map((r) => Number(r.getAttribute('data-rank'))));
  }

  async setHotspotParam(name: string, value: string) {
    await this.page.fill(`[data-testid="param-${name}-input"]`, value);
  }

  async mapView(): Promise<{ center: [number, number]; zoom: number }> {
    return this.page.evaluate(() => {
      const map = window.__changan!.map;
      return { center: map.getCenter().toArray() as [number, number], zoom: map.getZoom() };
    });
  }

  /**
   * Moves the map at once (no animation) and waits until it is drawn. MapLibre's camera methods
   * return the map itself: a page.evaluate that returned it had Playwright serialise the whole map,
   * every buffer as base64, about 10 s per call. The page function here returns nothing.
   */
  async jumpTo(camera: { center?: [number, number]; zoom?: number } | { bounds: [number, number, number, number]; padding?: number }) {
    await this.page.evaluate((c) => {
      const map = window.__changan!.map;
      if ('bounds' in c) map.fitBounds(c.bounds, { animate: false, padding: c.padding ?? 0 });
      else map.jumpTo(c);
    }, camera);
    await this.waitForMapStill();
  }

  /** Waits for the map to stop moving (a fly-to), then lets deck.gl draw. */
  async waitForMapStill(timeout = 15_000) {
    await this.page.waitForFunction(() => !window.__changan!.map.isMoving(), undefined, { timeout, polling: 100 });
    await this.settle();
  }

  /** How many objects of a deck.gl layer (and its sublayers) the visible map would hit. */
  async pickableCount(layerId: string, maxObjects = 200): Promise<number> {
    return this.page.evaluate(
      ({ id, max }) => {
        const { map, overlay } = window.__changan!;
        const canvas = map.getCanvas();
        return overlay.pickObjects({ x: 0, y: 0, width: canvas.clientWidth, height: canvas.clientHeight, layerIds: [id], maxObjects: max }).length;
      },
      { id: layerId, max: maxObjects },
    );
  }

  /** The map region as screenshot pixels, RGBA, decoded in Node (sharp), with the image's width and its pixels per CSS pixel. */
  private async mapRgba(): Promise<{ data: Buffer; width: number; scale: number }> {
    const box = (await this.page.locator('[data-testid="map"]').boundingBox())!;
    const { data, info } = await sharp(await this.page.screenshot({ clip: box })).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    return { data, width: info.width, scale: info.width / box.width };
  }

  /**
   * Pixels of the map whose colour is within `tolerance` (per channel) of one of `colours`; with
   * `around`, only those within `radius` CSS pixels of where that lon/lat is drawn.
   */
  async mapPixelsNear(
    colours: readonly (readonly [number, number, number])[],
    tolerance = 12,
    around?: { lonLat: [number, number]; radius: number },
  ): Promise<number> {
    const { data, width, scale } = await this.mapRgba();
    const centre = around && (await this.page.evaluate((p) => window.__changan!.map.project(p), around.lonLat));
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (centre) {
        const x = ((i / 4) % width) / scale - centre.x;
        const y = Math.floor(i / 4 / width) / scale - centre.y;
        if (x * x + y * y > around.radius ** 2) continue;
      }
      if (colours.some(([r, g, b]) => Math.abs(data[i] - r) <= tolerance && Math.abs(data[i + 1] - g) <= tolerance && Math.abs(data[i + 2] - b) <= tolerance)) n++;
    }
    return n;
  }

  /** Signs in through the header's dialog and waits for the header to name the user. */
  /**
   * Signs in through the header's dialog. On the map the user is taken to their area, and their
   * deadlines (到期提醒) come up once a session: closed here unless `keepDueReminder`, for the
   * tests that are not about it.
   */
  async signIn(username: string, password: string, opts: { keepDueReminder?: boolean } = {}) {
    await this.page.click('[data-testid="sign-in"]');
    const dialog = this.page.locator('[data-testid="sign-in-dialog"]');
    await dialog.locator('input[name="username"]').fill(username);
    await dialog.locator('input[name="password"]').fill(password);
    await dialog.locator('[data-testid="sign-in-submit"]').click();
    await this.page.waitForSelector(`[data-testid="user-menu"][data-username="${username}"]`, { timeout: 20_000 });
    // On the map, a county's or township's user is taken to it: wait until the map is there and still.
    if (await this.page.locator('[data-testid="user-scope"]').count()) {
      await this.page.waitForSelector('[data-testid="user-scope"]:not([data-state="loading"])', { state: 'attached', timeout: 20_000 });
      // The deadlines read (or the map left for the dashboard, a leader's home).
      await this.page.waitForFunction(() => !document.querySelector('[data-testid="user-scope"]') || !!document.querySelector('[data-testid="due-state"][data-state="loaded"]'), undefined, { timeout: 20_000 });
      if (!opts.keepDueReminder && (await this.page.locator('[data-testid="due-reminder"]').count())) await this.page.click('[data-testid="due-close"]');
      await this.waitForMapStill();
    }
  }

  async signOut() {
    await this.page.click('[data-testid="sign-out"]');
    await this.page.waitForSelector('[data-testid="sign-in"]', { timeout: 20_000 });
  }

  /** Opens the 隐患台账 panel and waits for its counts. */
  async openLedger() {
    if (await this.page.locator('[data-testid="ledger-toggle"]').count()) await this.page.click('[data-testid="ledger-toggle"]');
    await this.page.waitForSelector('[data-testid="ledger-counts"]', { timeout: 30_000 });
  }

  /** Centres the map on a point, then registers a hazard there by clicking it: 登记隐患 → map → form. */
  async registerHazardAt(lonLat: [number, number], form: { type: string; description: string; risk: string; roadName: string }) {
    await this.page.click('[data-testid="ledger-register"]');
    await this.page.waitForSelector('[data-testid="pick-banner"]');
    await this.jumpTo({ center: lonLat, zoom: 13 });
    const point = await this.page.evaluate((p) => window.__changan!.map.project(p), lonLat);
    const box = (await this.page.locator('[data-testid="map"]').boundingBox())!;
    await this.page.mouse.click(box.x + point.x, box.y + point.y);
    const dialog = this.page.locator('[data-testid="register-form"]');
    await dialog.waitFor();
    await dialog.locator('[data-testid="register-type"]').selectOption(form.type);
    await dialog.locator('[data-testid="register-description"]').fill(form.description);
    await dialog.locator('[data-testid="register-risk"]').selectOption(form.risk);
    await dialog.locator('[data-testid="register-road"]').fill(form.roadName);
    await dialog.locator('[data-testid="register-submit"]').click();
    // An open hazard of the same type nearby (another run's) is offered first: this one is new.
    const saved = this.page.waitForSelector('[data-testid="hazard-details"][data-status="registered"]', { timeout: 20_000 });
    const warned = this.page.waitForSelector('[data-testid="duplicate-warning"]', { timeout: 20_000 }).then(() => 'warned' as const);
    if ((await Promise.race([saved.then(() => 'saved' as const), warned])) === 'warned') {
      await this.page.click('[data-testid="register-save-anyway"]');
    }
    await saved;
  }

  /** Opens a hazard from the ledger list by its number. */
  async openLedgerRow(number: string) {
    await this.openLedger();
    await this.page.fill('[data-testid="ledger-search"]', number);
    const row = this.page.locator(`[data-testid="ledger-row"][data-number="${number}"]`);
    await row.waitFor({ timeout: 20_000 });
    await row.click();
    await this.page.waitForSelector(`[data-testid="hazard-details"] h2:text-is("${number}")`, { timeout: 20_000 });
  }

  /** Takes an action in the open drawer, filling its form (inputs and selects by field name), and waits for the new status. */
  /** Takes an action from the open drawer, filling its fields (and attaching `photos`), and waits for the new state. */
  async takeHazardAction(action: string, fields: Record<string, string>, expectStatus: string, photos: FilePayload[] = []) {
    const details = this.page.locator('[data-testid="hazard-details"]');
    await details.locator(`[data-testid="hazard-action-${action}"]`).click();
    const form = details.locator(`[data-testid="action-form"][data-action="${action}"]`);
    for (const [field, value] of Object.entries(fields)) {
      const input = form.locator(`[data-testid="action-${field}"]`);
      if ((await input.evaluate((el) => el.tagName)) === 'SELECT') {
        await form.locator(`[data-testid="action-${field}"] option[value="${value}"]`).waitFor({ state: 'attached', timeout: 20_000 });
        await input.selectOption(value);
      } else await input.fill(value);
    }
    if (photos.length) await form.locator('[data-testid="action-photos"]').setInputFiles(photos);
    await form.locator('[data-testid="action-submit"]').click();
    await this.page.waitForSelector(`[data-testid="hazard-details"][data-status="${expectStatus}"]`, { timeout: 20_000 });
    await form.waitFor({ state: 'detached', timeout: 20_000 });
  }

  async hazardActions(): Promise<string[]> {
    return this.page.$$eval('[data-testid="hazard-details"] [data-testid^="hazard-action-"]', (buttons) =>
      buttons.map((b) => b.getAttribute('data-testid')!.replace('hazard-action-', '')),
    );
  }

  async timeline(): Promise<{ action: string; actor: string }[]> {
    return this.page.$$eval('[data-testid="timeline-event"]', (items) =>
      items.map((li) => ({ action: li.getAttribute('data-action')!, actor: li.getAttribute('data-actor')! })),
    );
  }

  /** Clicks what starts a download and returns the file the browser saved. */
  async download(selector: string): Promise<{ name: string; bytes: Buffer }> {
    const [download] = await Promise.all([this.page.waitForEvent('download', { timeout: 15_000 }), this.page.click(selector)]);
    const file = await download.path();
    return { name: download.suggestedFilename(), bytes: fs.readFileSync(file) };
  }

  /** Lets the map settle after a change: MapLibre idle, then two more frames for deck.gl. */
  async settle() {
    // No named functions inside evaluate: tsx/esbuild would wrap them in a `__name` helper the page lacks.
    await this.page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const map = window.__changan!.map;
          if (map.loaded() && !map.isMoving()) requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
          else map.once('idle', () => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
        }),
    );
  }

  /**
   * A screenshot to look at, in tests/e2e/screenshots. Taken on the embedded run only: the native
   * run shows the same pages, and its copies would only overwrite them (~0.3 s each in CI).
   */
  async screenshot(name: string): Promise<void> {
    if (process.env.TEST_DATABASE_URL) return;
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await this.page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
  }

  /**
   * Distinct colours (quantised to 5 bits a channel) in a screenshot of the map region: a blank
   * or failed WebGL canvas gives one or two, a drawn map hundreds.
   */
  async mapColourCount(): Promise<number> {
    const { data } = await this.mapRgba();
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4) colours.add(((data[i] >> 3) << 10) | ((data[i + 1] >> 3) << 5) | (data[i + 2] >> 3));
    return colours.size;
  }


  /** Requests that left the app's origin (data: and blob: URLs stay in the page). */
  remoteRequests(appUrl: string): string[] {
    const origin = new URL(appUrl).origin;
    return this.requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin);
  }
}

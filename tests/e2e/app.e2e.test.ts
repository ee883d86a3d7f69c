import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '@api/start';
import { AppDriver } from './driver';
import { openE2e, type E2e } from './session';

/** Software WebGL keeps the page's main thread busy: give UI changes time to land. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });

let app: RunningApp;
let browser: Browser;
let desk: AppDriver;

let e2e: E2e;

beforeAll(async () => {
  e2e = await openE2e();
  ({ app, browser, desk } = e2e);
}, 240_000);

afterAll(() => e2e?.close());

// One page walked through in order, as a user would: each test starts where the last one ended.
describe.sequential('the map in a desk-sized browser', () => {
  it('opens on Liaocheng in Chinese with our own base map and the accidents drawn', async () => {
    const { page } = desk;
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await poll(() => page.locator('[data-testid="demo-notice"]').innerText()).toContain('合成');
    // The demo world: the header says so too.
    expect(await page.locator('[data-testid="demo-badge"]').count()).toBe(1);
    const center = await page.evaluate(() => window.__changan!.map.getCenter().toArray());
    expect(center[0]).toBeGreaterThan(115.3);
    expect(center[0]).toBeLessThan(116.7);
    expect(center[1]).toBeGreaterThan(35.8);
    expect(center[1]).toBeLessThan(37.1);
    expect(await desk.shownCount()).toBeGreaterThan(0);
    // MapLibre's own controls speak Chinese too.
    expect(await page.getAttribute('.maplibregl-ctrl-zoom-in', 'title')).toBe('放大');
    await poll(() => page.locator('.maplibregl-ctrl-scale').innerText()).toMatch(/^\d+\s(米|千米)$/);

    await desk.screenshot('01-map-zh');
    expect(await desk.mapColourCount()).toBeGreaterThan(60);
  });

  it('requests nothing outside the app: no tiles, glyphs, fonts or sprites', () => {
    expect(desk.remoteRequests(app.url)).toEqual([]);
    expect(desk.requests.some((u) => u.includes('/api/accidents?format=binary'))).toBe(true);
  });

  it('asks for its config and who is signed in once, beside its scripts: the preloads in the page are the copies the app reads', async () => {
    const asked = (pathname: string) =>
      desk.page.evaluate(
        (p) => performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname === p).map((e) => (e as PerformanceResourceTiming).initiatorType),
        pathname,
      );
    // 'link' alone: preloaded (scripts/preload-hints.ts) and not fetched again by the app; the
    // anonymous desk's 401 from /api/auth/me too.
    expect(await asked('/api/config')).toEqual(['link']);
    expect(await asked('/api/auth/me')).toEqual(['link']);
  });

  it('fetches the base map once: the minor roads and the villages only when zoomed in, nothing again on a layer switch', async () => {
    // Each base-data request as its path and its sorted road classes. Each carries the config's
    // version of the base data (\`v\`), so a phone's kept copy is used until an import changes it.
    const version = await desk.page.evaluate(() => fetch('/api/config').then((r) => r.json()).then((c) => c.baseDataVersion as string));
    expect(version).toMatch(/^jurisdictions:\d+,roads:\d+$/);
    const fetched = () =>
      desk.requests
        .filter((u) => /\/api\/(roads|jurisdictions|places)\b/.test(u))
        .map((u) => {
          const url = new URL(u);
          expect(url.searchParams.get('v'), u).toBe(version);
          url.searchParams.delete('v');
          const classes = url.searchParams.get('class');
          return classes ? `${url.pathname} ${classes.split(',').sort().join(',')}` : url.pathname + decodeURIComponent(url.search);
        });
    const trunk = '/api/roads county,expressway,national,provincial,urban_arterial';
    const minor = '/api/roads township,urban_street,village';
    const cityView = await desk.mapView();
    expect(cityView.zoom).toBeLessThan(8.5);
    expect(fetched().filter((u) => u.startsWith('/api/roads'))).toEqual([trunk]);
    expect(fetched().filter((u) => u.startsWith('/api/places'))).toEqual(['/api/places?kind=county_seat,township']);
    const before = fetched().length;

    // Switching a layer off and on again diffs the style: no source is fetched again.
    await desk.setLayerVisible('townships', false);
    await desk.settle();
    await desk.setLayerVisible('townships', true);
    await desk.settle();
    expect(fetched().slice(before)).toEqual([]);

    // Nearer, the township and village roads and the villages' names come, once, and are drawn.
    const villages = '/api/places?kind=village';
    await desk.jumpTo({ zoom: 10.5 });
    await poll(() => fetched().slice(before).sort()).toEqual([villages, minor].sort());
    await poll(() => desk.page.evaluate(() => window.__changan!.map.querySourceFeatures('roads-minor').length)).toBeGreaterThan(0);
    await desk.jumpTo({ zoom: 12 });
    await poll(() => desk.page.evaluate(() => window.__changan!.map.queryRenderedFeatures({ layers: ['labels-village'] }).length)).toBeGreaterThan(0);
    await desk.jumpTo(cityView);
    expect(fetched().slice(before).sort()).toEqual([villages, minor].sort());
  });

  it('hides and shows the accidents layer', async () => {
    const [point] = await desk.visibleAccidentPoints(1);
    expect(point).toBeDefined();
    expect(await desk.accidentAt(point)).toBe(true);

    await desk.setLayerVisible('accidents', false);
    await desk.settle();
    expect(await desk.accidentAt(point)).toBe(false);
    // A hidden layer is not clickable: a click where the crash was opens no card.
    const box = (await desk.page.locator('[data-testid="map"]').boundingBox())!;
    await desk.page.mouse.click(box.x + point.x, box.y + point.y);
    await desk.settle();
    expect(await desk.page.locator('[data-testid="accident-details"]').count()).toBe(0);
    await desk.screenshot('02-accidents-hidden');

    await desk.setLayerVisible('accidents', true);
    await desk.settle();
    expect(await desk.accidentAt(point)).toBe(true);
  });

  it('filters by time and severity on the GPU, without fetching accidents again', async () => {
    const fetches = () => desk.requests.filter((u) => u.includes('/api/accidents?')).length;
    const before = fetches();
    const lastYear = await desk.shownCount();

    await desk.choosePreset('all');
    await poll(() => desk.shownCount()).toBeGreaterThan(lastYear);
    const all = await desk.shownCount();

    await desk.setSeverity('pdo', false);
    await poll(() => desk.shownCount()).toBeLessThan(all);
    await desk.setSeverity('pdo', true);
    await poll(() => desk.shownCount()).toBe(all);

    await desk.choosePreset('last3y');
    await desk.settle();
    await desk.screenshot('03-last-3-years');
    expect(fetches()).toBe(before);
  });

  it('shows the details of a clicked accident, after the map has moved', async () => {
    // deck.gl picks on its own copy of the view: it must have followed the move (it once stayed
    // where the map opened, and a click after any move picked on that first view).
    const view = await desk.mapView();
    await desk.jumpTo({ center: [view.center[0] + 0.05, view.center[1]], zoom: view.zoom + 1 });
    const text = await desk.openAnyAccident();
    expect(text).toContain('事故编号');
    expect(text).toMatch(/死亡 \d+ 人，受伤 \d+ 人/);
    expect(text).toContain('县（市、区）');
    await desk.settle();
    await desk.screenshot('04-accident-details');
  });

  it('finds a township, a road, a crossing and a coordinate from the search box, and flies to each', async () => {
    const { page } = desk;
    const pool = app.db.pool;
    const input = page.locator('[data-testid="search-input"]');
    const results = page.locator('[data-testid="search-result"]');
    const status = page.locator('[data-testid="search-status"]');
    const typeAndWait = async (text: string) => {
      await input.fill(text);
      await poll(() => page.locator('[data-testid="search-results"]').getAttribute('data-q')).toBe(text.trim().replace(/\s+/g, ' '));
    };
    const centreIn = async ([w, s, e, n]: number[]) => {
      await desk.waitForMapStill();
      const { center } = await desk.mapView();
      expect(center[0]).toBeGreaterThanOrEqual(w);
      expect(center[0]).toBeLessThanOrEqual(e);
      expect(center[1]).toBeGreaterThanOrEqual(s);
      expect(center[1]).toBeLessThanOrEqual(n);
    };
    const box = async (sql: string, params: unknown[]) =>
      Object.values((await pool.query(`SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(geom) AS e FROM (${sql}) g) x`, params)).rows[0]).map(Number);

    // A township by the first part of its name: first in the list; Enter takes it.
    const tw = (await pool.query(`SELECT code, name FROM jurisdictions WHERE level = 'township' AND parent_code = '371524' AND name LIKE '%镇' ORDER BY code LIMIT 1`)).rows[0];
    await typeAndWait(tw.name.slice(0, -1));
    expect(await results.first().getAttribute('data-key')).toBe(tw.code);
    expect(await results.first().innerText()).toContain('东阿县');
    await input.press('Enter');
    await centreIn(await box(`SELECT geom FROM jurisdictions WHERE code = $1`, [tw.code]));
    expect(await input.inputValue()).toBe(tw.name);
    await desk.screenshot('search-01-township');

    // A road by its name, as one road: clicked, the map fits all of it.
    const road = (await pool.query(`SELECT name, coalesce(ref, '') AS ref FROM roads WHERE name IS NOT NULL GROUP BY name, ref ORDER BY sum(ST_Length(geom_m)) DESC LIMIT 1`)).rows[0];
    await typeAndWait(road.name);
    const roadHit = page.locator(`[data-testid="search-result"][data-kind="road"][data-key="${road.ref}|${road.name}"]`);
    expect(await roadHit.innerText()).toMatch(/公里/);
    await roadHit.click();
    await centreIn(await box(`SELECT geom FROM roads WHERE name = $1 AND coalesce(ref, '') = $2`, [road.name, road.ref]));
    await desk.screenshot('search-02-road');

    // A crossing, written as people write it: the map comes down to the corner.
    const x = (
      await pool.query(
        `SELECT a.intersection_id AS id, a.road_name AS a, b.road_name AS b, ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat
         FROM approaches a JOIN approaches b ON b.intersection_id = a.intersection_id AND b.road_name > a.road_name
         JOIN intersections i ON i.id = a.intersection_id ORDER BY i.deficient DESC NULLS LAST, a.intersection_id LIMIT 1`,
      )
    ).rows[0];
    await typeAndWait(`${x.a}与${x.b}路口`);
    await page.locator(`[data-testid="search-result"][data-kind="intersection"][data-key="${x.id}"]`).click();
    await centreIn([x.lon - 0.001, x.lat - 0.001, x.lon + 0.001, x.lat + 0.001]);
    expect((await desk.mapView()).zoom).toBeGreaterThan(15);
    await desk.screenshot('search-03-crossing');

    // A coordinate in the order a phone's map copies it (lat, lon): read as WGS-84 first.
    await typeAndWait('36.2801, 116.2105');
    expect(await results.evaluateAll((els) => els.map((el) => el.getAttribute('data-key')))).toEqual(['wgs84', 'gcj02', 'bd09']);
    expect(await results.nth(1).innerText()).toContain('高德');
    await input.press('ArrowDown');
    await input.press('Enter');
    await centreIn([116.2095, 36.2791, 116.2115, 36.2811]);

    // Outside Liaocheng, or nothing at all: said, and the map stays.
    await typeAndWait('31.23, 121.47');
    expect(await status.innerText()).toContain('不在聊城市范围内');
    await typeAndWait('没有这个地方');
    expect(await status.innerText()).toContain('没有找到');
    // Escape closes the list, then empties the box.
    await input.press('Escape');
    await poll(() => page.locator('[data-testid="search-results"]').count()).toBe(0);
    await input.press('Escape');
    expect(await input.inputValue()).toBe('');
  });

  it('switches to English, and keeps English after a reload', async () => {
    const { page } = desk;
    await desk.switchLanguage();
    await poll(() => page.locator('[data-testid="panel"] h2').innerText()).toBe('Layers and filters');
    await poll(() => page.locator('[data-testid="accident-details"]').innerText()).toContain('Record no.');
    expect(await page.getAttribute('.maplibregl-ctrl-zoom-in', 'title')).toBe('Zoom in');
    expect(await page.locator('.maplibregl-ctrl-scale').innerText()).toMatch(/^\d+\s(m|km)$/);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await desk.settle();
    await desk.screenshot('05-english');

    await page.reload();
    await desk.waitForMap();
    await poll(() => page.locator('[data-testid="panel"] h2').innerText()).toBe('Layers and filters');
  });

  it('logged no errors in the page, under a Content-Security-Policy of its own origin (a refused load would be one)', async () => {
    const shell = await desk.page.request.get(app.url);
    expect(shell.headers()['content-security-policy']).toMatch(/default-src 'self'.*script-src 'self';/);
    expect(shell.headers()['x-content-type-options']).toBe('nosniff');
    expect(desk.consoleErrors).toEqual([]);
  });
});

describe('the map on a phone', () => {
  it('keeps the panel in a drawer that opens and closes', async () => {
    const phone = await AppDriver.open(browser, app.url, { width: 390, height: 844 });
    try {
      await phone.waitForMap();
      await phone.waitForAccidents();
      const panel = phone.page.locator('[data-testid="panel"]');
      await poll(() => panel.evaluate((el) => el.getBoundingClientRect().top >= window.innerHeight)).toBe(true);
      await phone.settle();
      await phone.screenshot('06-phone-map');

      await phone.page.click('.panel-toggle');
      await poll(() => panel.evaluate((el) => el.getBoundingClientRect().bottom <= window.innerHeight + 1)).toBe(true);
      await phone.page.waitForTimeout(300);
      await phone.screenshot('07-phone-drawer');
      await phone.page.click('.panel-close');
      await poll(() => panel.evaluate((el) => el.getBoundingClientRect().top >= window.innerHeight)).toBe(true);

      // The demo note folds away for good (this browser), the header's badge stays and brings it back.
      const notice = phone.page.locator('[data-testid="demo-notice"]');
      await notice.waitFor();
      await phone.page.click('[data-testid="demo-fold"]');
      await poll(() => notice.count()).toBe(0);
      await phone.page.reload();
      await phone.waitForMap();
      expect(await phone.page.locator('[data-testid="demo-badge"]').count()).toBe(1);
      expect(await notice.count()).toBe(0);
      await phone.page.click('[data-testid="demo-badge"]');
      await notice.waitFor();
    } finally {
      await phone.close();
    }
  });
});

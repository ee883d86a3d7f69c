import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '@api/start';
import { DEMO_PASSWORD } from '@api/seed/accounts';
import { buildClientIfStale } from '@scripts/start';
import { writeOsmPbf, type PbfNode, type PbfWay } from '@scripts/fixtures/osm-pbf-writer';
import { privateWorld } from '../support/private-world';
import { AppDriver, launchBrowser } from './driver';

/**
 * A planner (signed in as admin) starts from an empty city (DEMO_DATA=0: only the built-in trunk
 * roads) and imports a small OpenStreetMap extract through 路网 → 导入路网: the preview lists each
 * highway value's class (a footway left out, a service road mapped by hand), the import replaces
 * the network, and the grid's crossings come back as analysed intersections on the map. On a
 * database of its own: the shared one's network must not change under the other tests.
 */
const root = path.resolve(import.meta.dirname, '../..');
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000 });
/** A 5 × 5 grid of streets south-east of 东阿's seat, and a lane of each kind the import leaves out or is told to take. */
const ORIGIN = [116.2482, 36.3309];

function extract() {
  const nodes: PbfNode[] = [];
  const ways: PbfWay[] = [];
  let id = 0;
  const node = (lon: number, lat: number) => (nodes.push({ id: ++id, lon, lat }), id);
  const n = 5;
  const at = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => node(ORIGIN[0] + 0.002 * i, ORIGIN[1] + 0.002 * j)));
  for (let i = 0; i < n; i++) {
    const ns = [node(ORIGIN[0] + 0.002 * i, ORIGIN[1] - 0.001), ...at[i], node(ORIGIN[0] + 0.002 * i, ORIGIN[1] + 0.002 * (n - 1) + 0.001)];
    const ew = [node(ORIGIN[0] - 0.001, ORIGIN[1] + 0.002 * i), ...at.map((c) => c[i]), node(ORIGIN[0] + 0.002 * (n - 1) + 0.001, ORIGIN[1] + 0.002 * i)];
    for (let k = 0; k + 1 < ns.length; k++) ways.push({ id: 1000 + ways.length, refs: [ns[k], ns[k + 1]], tags: { highway: 'tertiary', name: `测试${i}路`, maxspeed: '40' } });
    for (let k = 0; k + 1 < ew.length; k++) ways.push({ id: 1000 + ways.length, refs: [ew[k], ew[k + 1]], tags: { highway: 'residential', name: `测试${i}街` } });
  }
  // Off the grid's west side: a footway (left out) and a service road (mapped to a village road in the form).
  ways.push({ id: 5000, refs: [node(ORIGIN[0] - 0.01, ORIGIN[1]), node(ORIGIN[0] - 0.009, ORIGIN[1])], tags: { highway: 'footway' } });
  ways.push({ id: 5001, refs: [node(ORIGIN[0] - 0.01, ORIGIN[1] + 0.004), node(ORIGIN[0] - 0.009, ORIGIN[1] + 0.004)], tags: { highway: 'service', name: '厂区路' } });
  return { bytes: writeOsmPbf(nodes, ways), crossings: n * n, ways: ways.length };
}

let world: Awaited<ReturnType<typeof privateWorld>>;
let app: RunningApp;
let browser: Browser;
let desk: AppDriver;

beforeAll(async () => {
  await buildClientIfStale(() => undefined);
  world = await privateWorld({ demo: false });
  app = await startApp({ port: 0, databaseUrl: world.url, staticDir: path.join(root, 'dist', 'client') });
  browser = await launchBrowser();
  desk = await AppDriver.open(browser, app.url);
  await desk.waitForMap();
}, 240_000);

afterAll(async () => {
  await desk?.close();
  await browser?.close();
  await app?.close();
  await world?.close();
});

describe('a road network into an empty city', () => {
  it('starts empty: no generated roads and no synthetic records, only the built-in trunk roads', async () => {
    const counts = (await world.pool.query(
      `SELECT (SELECT count(*) FROM roads WHERE synthetic)::int AS generated, (SELECT count(*) FROM roads)::int AS roads,
              (SELECT count(*) FROM accidents)::int AS accidents, (SELECT count(*) FROM hazards)::int AS hazards,
              (SELECT count(*) FROM markets)::int AS markets, (SELECT count(*) FROM schools)::int AS schools,
              (SELECT count(*) FROM lights)::int AS lights, (SELECT count(*) FROM obstacles)::int AS obstacles,
              (SELECT value FROM app_settings WHERE key = 'demo_data') AS demo`,
    )).rows[0];
    expect(counts).toMatchObject({ generated: 0, accidents: 0, hazards: 0, markets: 0, schools: 0, lights: 0, obstacles: 0, demo: '0' });
    expect(counts.roads).toBeGreaterThan(0);
  });

  it('a planner imports an OSM extract: previews the classes, maps one by hand, replaces the network, and sees the crossings analysed', async () => {
    const page = desk.page;
    const osm = extract();
    // Nothing demo on screen: no badge; the notice says only that township areas are approximate.
    await poll(() => page.locator('[data-testid="demo-notice"]').textContent()).toContain('镇街范围为近似划分');
    expect(await page.locator('[data-testid="demo-notice"]').textContent()).not.toContain('合成');
    expect(await page.locator('[data-testid="demo-badge"]').count()).toBe(0);
    await desk.signIn('admin', DEMO_PASSWORD);
    await page.click('[data-testid="network-toggle"]');
    await poll(() => page.locator('[data-testid="network-summary"]').textContent()).toContain('只有内置干线');
    await page.click('[data-testid="road-import-open"]');
    const dialog = page.locator('[data-testid="road-import-dialog"]');
    await dialog.locator('[data-testid="road-import-file"]').setInputFiles({ name: '东阿测试.osm.pbf', mimeType: 'application/octet-stream', buffer: osm.bytes });
    await dialog.locator('[data-testid="road-import-mode-replace"]').check();
    await dialog.locator('[data-testid="road-import-submit"]').click();
    const preview = dialog.locator('[data-testid="road-import-preview"]');
    await preview.waitFor({ timeout: 60_000 });
    // 5 streets each way, 6 ways a street; the footway and the service road are not imported as they stand.
    await poll(() => preview.getAttribute('data-added')).toBe(String(60));
    expect(await dialog.locator('[data-testid="road-import-value-footway"]').inputValue()).toBe('');
    expect(await dialog.locator('[data-testid="road-import-value-tertiary"]').inputValue()).toBe('township');
    await poll(() => dialog.locator('[data-testid="road-import-read"]').textContent()).toContain(`读取道路 ${osm.ways} 条`);
    await desk.screenshot('network-01-preview');

    // The service road is a village road here: mapped in the form, previewed again, then imported.
    await dialog.locator('[data-testid="road-import-value-service"]').selectOption('village');
    await poll(() => dialog.locator('[data-testid="road-import-confirm"]').count()).toBe(0);
    await dialog.locator('[data-testid="road-import-submit"]').click();
    await poll(() => preview.getAttribute('data-added')).toBe('61');
    await dialog.locator('[data-testid="road-import-confirm"]').click();
    const report = dialog.locator('[data-testid="road-import-report"]');
    await report.waitFor({ timeout: 120_000 });
    await poll(() => report.getAttribute('data-intersections')).toBe(String(osm.crossings));
    await desk.screenshot('network-02-report');

    // In the database: only the file's roads, the service road a village road, every crossing analysed.
    const db = (await world.pool.query(
      `SELECT (SELECT count(*) FROM roads)::int AS roads, (SELECT count(*) FROM roads WHERE source_key = 'way/5001' AND class = 'village')::int AS service,
              (SELECT count(*) FROM roads WHERE design_speed = 40)::int AS speed40,
              (SELECT count(*) FROM intersections)::int AS intersections, (SELECT count(DISTINCT intersection_id) FROM sight_triangles)::int AS analysed`,
    )).rows[0];
    expect(db).toEqual({ roads: 61, service: 1, speed40: 30, intersections: osm.crossings, analysed: osm.crossings });

    // On the map: the new streets in the roads source (fetched again), the crossings in the sight-line list.
    await page.keyboard.press('Escape');
    await poll(() => dialog.count()).toBe(0);
    await page.evaluate(([lon, lat]) => window.__changan!.map.jumpTo({ center: [lon, lat], zoom: 15 }), [ORIGIN[0] + 0.004, ORIGIN[1] + 0.004]);
    await poll(() => page.evaluate(() => window.__changan!.map.querySourceFeatures('roads').filter((f) => String(f.properties?.name ?? '').startsWith('测试')).length)).toBeGreaterThan(0);
    await page.click('[data-testid="network-toggle"]');
    await page.click('[data-testid="sight-toggle"]');
    await poll(() => page.locator('[data-testid="sight-status"]').getAttribute('data-busy')).toBe('false');
    await desk.settle();
    await desk.screenshot('network-03-map');
  }, 240_000);
});

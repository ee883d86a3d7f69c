import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wgs84ToGcj02 } from '@api/lib/china-crs';
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
  desk = await AppDriver.open(browser, `${app.url}/map`);
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
    await desk.jumpTo({ center: [ORIGIN[0] + 0.004, ORIGIN[1] + 0.004], zoom: 15 });
    await poll(() => page.evaluate(() => ['roads', 'roads-minor'].flatMap((id) => window.__changan!.map.querySourceFeatures(id)).filter((f) => String(f.properties?.name ?? '').startsWith('测试')).length)).toBeGreaterThan(0);
    await page.click('[data-testid="network-toggle"]');
    await page.click('[data-testid="sight-toggle"]');
    await poll(() => page.locator('[data-testid="sight-status"]').getAttribute('data-busy')).toBe('false');
    await desk.settle();
    await desk.screenshot('network-03-map');

    // The road agency's kilometre posts of 测试2路 (by its name), and one of a road the network has not:
    // previewed, imported, and counted in the section.
    const x = ORIGIN[0] + 0.004 + 0.00005;
    const posts = ['道路名称,桩号,经度,纬度', `测试2路,K0,${x},${ORIGIN[1] - 0.001}`, `测试2路,K0+888,${x},${ORIGIN[1] + 0.007}`, `测试9路,K1,${x},${ORIGIN[1]}`].join('\n');
    await page.click('[data-testid="network-toggle"]');
    await page.click('[data-testid="post-import-open"]');
    const postDialog = page.locator('[data-testid="post-import-dialog"]');
    await postDialog.locator('[data-testid="post-import-file"]').setInputFiles({ name: '公里桩.csv', mimeType: 'text/csv', buffer: Buffer.from(posts) });
    await postDialog.locator('[data-testid="post-import-submit"]').click();
    const postPreview = postDialog.locator('[data-testid="post-import-preview"]');
    await postPreview.waitFor({ timeout: 30_000 });
    expect([await postPreview.getAttribute('data-saved'), await postPreview.getAttribute('data-rejected')]).toEqual(['2', '1']);
    await poll(() => postDialog.locator('[data-testid="post-import-rejected"]').textContent()).toContain('路网中没有这个编号或名称的道路');
    await postDialog.locator('[data-testid="post-import-confirm"]').click();
    await postDialog.locator('[data-testid="post-import-report"]').waitFor({ timeout: 30_000 });
    await desk.screenshot('network-03b-posts');
    await page.keyboard.press('Escape');
    await poll(() => page.locator('[data-testid="network-posts"]').getAttribute('data-imported')).toBe('2');
    expect(await page.locator('[data-testid="network-posts"]').textContent()).toContain('真实 2 个（1 条道路）');
    await page.click('[data-testid="network-toggle"]');
  }, 240_000);

  it("a clerk imports a brigade's accident export onto the new streets: preview, report, and a hotspot at the corner it names", async () => {
    const page = desk.page;
    await desk.openHotspots();
    await desk.waitForHotspotsIdle();
    expect(await desk.hotspotRanks()).toEqual([]);

    // Ten crashes within ~10 m of the grid's middle crossing this year, written in GCJ-02 as the
    // note says; a day that does not exist, a point in Beijing and a row of sums come back.
    const corner = [ORIGIN[0] + 0.004, ORIGIN[1] + 0.004];
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('事故');
    ws.addRow(['东阿县道路交通事故信息导出']);
    ws.mergeCells('A1:H1');
    ws.addRow(['坐标系：GCJ-02（火星坐标）']);
    ws.addRow(['事故编号', '发生时间', '地点', '经度', '纬度', '死亡人数', '受伤人数', '天气']);
    for (let i = 0; i < 10; i++) {
      const [lon, lat] = wgs84ToGcj02(corner[0] + 0.00008 * ((i % 3) - 1), corner[1] + 0.00006 * ((i % 4) - 1.5));
      ws.addRow([`DE2026-${String(i + 1).padStart(3, '0')}`, `2026-${String(1 + i).padStart(2, '0')}-15 ${8 + i}:20`, '测试2路与测试2街路口', lon, lat, i === 0 ? 1 : 0, i % 2, '晴']);
    }
    ws.addRow(['DE2026-011', '2026-02-30 09:00', '测试2路', corner[0], corner[1], 0, 0, '晴']);
    ws.addRow(['DE2026-012', '2026-03-01 09:00', '北京', 116.4, 39.9, 0, 0, '晴']);
    ws.addRow(['合计', '', '', '', '', 1, 5]);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());

    await page.click('[data-testid="accident-import-open"]');
    const dialog = page.locator('[data-testid="accident-import-dialog"]');
    await dialog.locator('[data-testid="accident-import-file"]').setInputFiles({ name: '东阿事故2026.xlsx', mimeType: 'application/octet-stream', buffer: bytes });
    await dialog.locator('[data-testid="accident-import-submit"]').click();
    const preview = dialog.locator('[data-testid="accident-import-preview"]');
    await preview.waitFor({ timeout: 30_000 });
    expect([await preview.getAttribute('data-saved'), await preview.getAttribute('data-rejected'), await preview.getAttribute('data-skipped')]).toEqual(['10', '2', '1']);
    expect((await world.pool.query(`SELECT count(*)::int AS n FROM accidents`)).rows[0].n).toBe(0);
    await dialog.locator('[data-testid="accident-import-confirm"]').click();
    const report = dialog.locator('[data-testid="accident-import-report"]');
    await report.waitFor({ timeout: 60_000 });
    expect([await report.getAttribute('data-saved'), await report.getAttribute('data-rejected')]).toEqual(['10', '2']);
    const reportFile = await desk.download('[data-testid="accident-import-report-xlsx"]');
    expect(reportFile.name).toBe('东阿事故2026-导入报告.xlsx');
    await desk.screenshot('network-04-accident-report');
    await page.keyboard.press('Escape');
    await poll(() => dialog.count()).toBe(0);

    // Every one on the grid's streets, back in WGS84; the hotspot list (asked again after the
    // import) now holds one cluster: these ten, at the corner.
    const stored = (await world.pool.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE snap_road_id IS NOT NULL)::int AS snapped,
              max(ST_Distance(geom_m, ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), 4498)))::float8 AS farthest
       FROM accidents`,
      corner,
    )).rows[0];
    expect(stored.n).toBe(10);
    expect(stored.snapped).toBe(10);
    expect(stored.farthest).toBeLessThan(20);
    await desk.waitForHotspotsIdle();
    await poll(() => desk.hotspotRanks()).toEqual([1]);
    const cluster = await page.evaluate(async () => (await (await fetch('/api/hotspots/clusters')).json()).features[0].properties);
    expect(cluster.count).toBe(10);
    expect(Math.hypot((cluster.centroid[0] - corner[0]) * 89_000, (cluster.centroid[1] - corner[1]) * 111_000)).toBeLessThan(15);
    await page.locator('[data-testid="hotspot-row"]').first().click();
    await page.waitForSelector('[data-testid="hotspot-details"]');
    await desk.waitForMapStill();
    await desk.screenshot('network-05-hotspot');
  }, 240_000);
});

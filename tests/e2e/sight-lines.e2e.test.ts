import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { analyseSight, buildNetwork } from '@api/intersections/analysis';
import { DEMO_PASSWORD } from '@api/seed/accounts';
import { zh } from '@client/i18n/zh';
import { CLEAR_LINE, CUT_LINE } from '@client/layers/sight-lines/sight-colors';
import type { IntersectionDetail } from '@client/layers/sight-lines/sight-types';
import { okJson, signIn, type Client } from '../support/session';
import { AppDriver } from './driver';
import { openE2e, type E2e } from './session';

/** Software WebGL keeps the page's main thread busy: give UI changes time to land. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });

/** A four-way crossing outside 东阿 (tests/api/intersections.test.ts works there) and a square in one of its corners. */
interface Crossing {
  id: number;
  county: string;
  township: string;
  officer: string;
  square: GeoJSON.Polygon;
}

let e2e: E2e;
let desk: AppDriver;
let pool: pg.Pool;
let officer: Client;
let crossing: Crossing;
let wallId: number | null = null;

/**
 * The test database is analysed at setup as a first start is (ensureSightLines in
 * tests/support/global-db.ts). This file counts neither on that nor on the synthetic obstacles:
 * it builds the network if it is missing and draws its own wall.
 */
async function ensureNetwork() {
  if ((await pool.query('SELECT 1 FROM intersections LIMIT 1')).rowCount) return;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await buildNetwork(client);
    await analyseSight(client);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  } finally {
    client.release();
  }
}

async function findCrossing(): Promise<Crossing> {
  const r = await pool.query<Crossing>(
    `SELECT i.id, i.county_code AS county, i.township_code AS township,
            'officer.' || regexp_replace(lower(j.name_en), '[^a-z]', '', 'g') AS officer,
            ST_AsGeoJSON(ST_Transform(ST_Expand(ST_Centroid(ST_Transform(s.geom, metric_srid())), 8), 4326))::json AS square
     FROM intersections i
     JOIN jurisdictions j ON j.code = i.county_code
     JOIN sight_triangles s ON s.intersection_id = i.id
     WHERE i.county_code <> '371524' AND i.township_code IS NOT NULL AND i.kind = 'four'
       AND s.required_a >= 40 AND s.required_b >= 40
       AND (SELECT count(*) FROM sight_triangles x WHERE x.intersection_id = i.id) = 4
       AND NOT EXISTS (SELECT 1 FROM roads r WHERE ST_DWithin(r.geom_m, ST_Centroid(ST_Transform(s.geom, metric_srid())), 14))
     ORDER BY i.id LIMIT 1`,
  );
  expect(r.rows[0], 'a four-way crossing with a free corner outside 东阿').toBeTruthy();
  return r.rows[0];
}

/**
 * Our wall in the crossing's corner, drawn by the brigade's officer through the API (which
 * re-analyses the crossing). Test files share the database and run in parallel: if another one
 * cleared the obstacles, it is drawn again.
 */
async function ensureWall() {
  if (wallId !== null && (await pool.query('SELECT 1 FROM obstacles WHERE id = $1', [wallId])).rowCount) return;
  const res = await okJson(officer.send('POST', '/api/obstacles', { type: 'wall', height: 2.5, geometry: crossing.square, note: '浏览器测试院墙' }), 201);
  wallId = res.obstacle.id;
}

beforeAll(async () => {
  e2e = await openE2e({ accidents: false });
  desk = e2e.desk;
  pool = new pg.Pool({ ...inject('db').connection, max: 2 });
  await ensureNetwork();
  crossing = await findCrossing();
  const http = { request: (path: string, init?: RequestInit) => fetch(new URL(path, e2e.app.url), init) };
  officer = await signIn(http, crossing.officer);
  await ensureWall();
}, 300_000);

afterAll(async () => {
  await pool?.end();
  await e2e?.close();
});

describe.sequential('sight lines on a desk', () => {
  let detail: IntersectionDetail;

  it('lists the brigade’s worst intersections and opens one: each approach’s distances, shortfalls in red, the obstacles', async () => {
    const page = desk.page;
    await ensureWall();
    await page.click('[data-testid="sight-toggle"]');
    // Opening the list turns the layer on.
    await poll(() => page.isChecked('[data-testid="layer-toggle-sight-lines"]')).toBe(true);
    await page.waitForSelector('[data-testid="sight-status"][data-busy="false"]', { timeout: 30_000 });
    // At city zoom only the severe corners are drawn: they must not bury the crashes.
    const list = await okJson(fetch(new URL('/api/intersections?deficient=true', e2e.app.url)));
    const severe = list.features.filter((f: { properties: { severity: string } }) => f.properties.severity === 'severe').length;
    expect(severe).toBeLessThanOrEqual(list.features.length * 0.2);
    await desk.jumpTo({ center: [115.98, 36.45], zoom: 9 });
    const drawn = await desk.pickableCount('sight-lines', 5000);
    expect(drawn).toBeGreaterThan(0);
    expect(drawn).toBeLessThanOrEqual(severe);
    await desk.screenshot('sight-00-city');
    await page.selectOption('[data-testid="sight-county"]', crossing.county);
    await page.selectOption('[data-testid="sight-township"]', crossing.township);
    const first = page.locator('[data-testid="sight-row"]').first();
    await first.waitFor({ timeout: 20_000 });
    const counts = await page.$$eval('[data-testid^="sight-severity-"]', (chips) => chips.map((c) => Number(c.getAttribute('data-count'))));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(await page.locator('[data-testid="sight-row"]').count());
    const id = Number(await first.getAttribute('data-id'));

    await first.click();
    const card = page.locator(`[data-testid="sight-details"][data-id="${id}"]`);
    await card.locator('[data-testid="sight-approach"]').first().waitFor({ timeout: 20_000 });
    detail = await okJson(fetch(new URL(`/api/intersections/${id}`, e2e.app.url)));
    expect(detail.deficient, 'the worst of the township is deficient').toBe(true);
    expect(await card.getAttribute('data-severity')).toBe(detail.severity ?? 'minor');

    const lines = await card.locator('[data-testid="sight-approach"]').allInnerTexts();
    expect(lines).toHaveLength(detail.approaches.length);
    for (const line of lines) expect(line).toMatch(/^(北|东北|东|东南|南|西南|西|西北)进口（.*\d+\skm\/h）需 \d+\sm，实有 \d+\sm$/);
    const short = card.locator('[data-testid="sight-approach"][data-short="true"]');
    expect(await short.count()).toBeGreaterThan(0);
    expect(await short.first().evaluate((li) => getComputedStyle(li).color)).toBe('rgb(185, 28, 28)');
    const [, required, available] = (await short.first().innerText()).match(/需 (\d+)\sm，实有 (\d+)\sm/)!.map(Number);
    expect(available).toBeLessThan(required);

    const obstacles = await card.locator('[data-testid="sight-obstacle"]').allInnerTexts();
    expect(obstacles.length).toBe(detail.obstacles.length);
    expect(obstacles.length).toBeGreaterThan(0);
    expect(obstacles.join('\n')).toMatch(/高 [\d.]+ m/);
    expect(await card.innerText()).toContain('停车视距');

    // Why it is graded so: the score against the thresholds, then the three factors' points.
    const grade = card.locator('[data-testid="sight-grade"]');
    expect(await grade.getAttribute('data-score')).toBe(String(detail.grade!.score));
    expect(await grade.locator('[data-testid="sight-grade-score"]').innerText()).toMatch(new RegExp(`^(严重|较重|轻微)：${detail.grade!.score} 分（≥ \\d+ 分为严重，≥ \\d+ 分为较重）$`));
    const factors = await grade.locator('[data-testid="sight-grade-factors"] li').allInnerTexts();
    expect(factors).toHaveLength(3);
    expect(factors[0]).toMatch(/^缺口占所需视距 \d+%：\d 分$/);
    expect(factors[2]).toMatch(/^50\sm 内近 3 年事故 \d+ 起/);
    // The crashes within 50 m in the last 3 years, as the API lists them.
    const crashes = card.locator('[data-testid="sight-accident"]');
    expect(await crashes.count()).toBe(detail.accidents.length);
    if (detail.accidents.length) expect(await crashes.first().innerText()).toMatch(/^\d{4}-\d{2}-\d{2} · (死亡|受伤|财产损失)事故 · .+ · 距路口 \d+\sm$/);
    else expect(await card.locator('[data-testid="sight-accidents"]').innerText()).toContain('没有事故。');
  }, 120_000);

  it('draws its sight triangles, green where clear and red where cut, zoomed to it', async () => {
    await desk.waitForMapStill();
    const around = { lonLat: [detail.lon, detail.lat] as [number, number], radius: 260 };
    await poll(() => desk.mapPixelsNear([CLEAR_LINE.slice(0, 3) as [number, number, number]], 12, around)).toBeGreaterThan(40);
    expect(await desk.mapPixelsNear([CUT_LINE.slice(0, 3) as [number, number, number]], 12, around)).toBeGreaterThan(10);
    expect((await desk.mapView()).zoom).toBeGreaterThan(16);
    await desk.screenshot('sight-01-details');
  }, 60_000);

  it('lets the brigade’s officer register it as a hazard, the form filled in from the analysis', async () => {
    const page = desk.page;
    const card = page.locator('[data-testid="sight-details"]');
    // Anyone may read the analysis; registering needs a signed-in officer of the brigade.
    expect(await card.locator('[data-testid="sight-register"]').count()).toBe(0);
    expect(detail.county?.code).toBe(crossing.county);
    await desk.signIn(crossing.officer, DEMO_PASSWORD);
    await card.locator('[data-testid="sight-register"]').click();

    const form = page.locator('[data-testid="register-form"]');
    await form.waitFor();
    expect(await card.count()).toBe(0);
    expect(await form.locator('[data-testid="register-type"]').inputValue()).toBe('sight_line');
    // A 严重 corner starts at 重大; the others at the form's own default.
    expect(await form.locator('[data-testid="register-risk"]').inputValue()).toBe(detail.severity === 'severe' ? 'major' : 'general');
    const description = await form.locator('[data-testid="register-description"]').inputValue();
    expect(description).toMatch(/^视距不足：(北|东北|东|东南|南|西南|西|西北)进口需 \d+ m，实有 \d+ m/);
    expect(description).toMatch(/（.+遮挡）$/);
    expect(await form.locator('[data-testid="register-point"]').innerText()).toBe(`位置：${detail.lon.toFixed(5)}, ${detail.lat.toFixed(5)}`);
    // Still the officer's to edit before saving.
    await form.locator('[data-testid="register-description"]').fill(`${description}，路口东北角`);
    expect(await form.locator('[data-testid="register-description"]').inputValue()).toContain('路口东北角');
    await desk.screenshot('sight-02-register');

    // Cancelling comes back to the intersection.
    await form.locator('button', { hasText: '取消' }).click();
    await card.waitFor();
    expect(desk.consoleErrors).toEqual([]);
  }, 60_000);

  it('lets the officer trim an obstacle below the eye, draw a new one and import more, the card re-analysed each time', async () => {
    const page = desk.page;
    const card = page.locator(`[data-testid="sight-details"][data-id="${detail.id}"]`);
    const cutter = card.locator('[data-testid="sight-obstacle"]').first();
    const cutterId = Number(await cutter.getAttribute('data-id'));
    const before = detail.obstacles.find((o) => o.id === cutterId)!.properties;
    try {
      // 修剪/降低 to 0.8 m: under the driver's eye, so it no longer cuts this intersection.
      await cutter.locator('[data-testid="obstacle-trim"]').click();
      expect(await cutter.locator('[data-testid="obstacle-height"]').inputValue()).toBe(String(before.height));
      expect(await cutter.innerText()).toContain('低于 1.2 m 即不再遮挡视线');
      await cutter.locator('[data-testid="obstacle-height"]').fill('0.8');
      await cutter.locator('[data-testid="obstacle-height-save"]').click();
      await poll(() => card.locator(`[data-testid="sight-obstacle"][data-id="${cutterId}"]`).count()).toBe(0);
      const after: IntersectionDetail = await okJson(fetch(new URL(`/api/intersections/${detail.id}`, e2e.app.url)));
      expect(after.obstacles.map((o) => o.id)).not.toContain(cutterId);
      expect(await card.getAttribute('data-severity')).toBe(after.deficient ? (after.severity ?? 'minor') : 'none');
      if (!after.deficient) expect(await card.innerText()).toContain('视距满足');

      // 添加遮挡物: five clicks, 撤销 the last, 完成 with a 4-vertex square 15–25 m north-east of the centre.
      await card.locator('[data-testid="sight-add-obstacle"]').click();
      const banner = page.locator('[data-testid="draw-banner"]');
      await banner.waitFor();
      const m = 1 / 111_320;
      const at = (east: number, north: number): [number, number] => [detail.lon + (east * m) / Math.cos((detail.lat * Math.PI) / 180), detail.lat + north * m];
      const corners = [at(15, 15), at(25, 15), at(25, 25), at(15, 25), at(40, 40)];
      const box = (await page.locator('[data-testid="map"]').boundingBox())!;
      for (const [i, lonLat] of corners.entries()) {
        const p = await page.evaluate((ll) => window.__changan!.map.project(ll), lonLat);
        await page.mouse.click(box.x + p.x, box.y + p.y);
        await poll(() => banner.getAttribute('data-count')).toBe(String(i + 1));
      }
      await banner.locator('[data-testid="draw-undo"]').click();
      await poll(() => banner.getAttribute('data-count')).toBe('4');
      await banner.locator('[data-testid="draw-finish"]').click();
      const form = card.locator('[data-testid="obstacle-form"]');
      await form.locator('[data-testid="obstacle-type"]').selectOption('stall');
      await form.locator('[data-testid="obstacle-new-height"]').fill('2.2');
      await form.locator('[data-testid="obstacle-note"]').fill('浏览器测试摊位');
      await desk.screenshot('sight-03-edit');
      await form.locator('[data-testid="obstacle-save"]').click();
      await form.waitFor({ state: 'detached', timeout: 20_000 });

      const [w, s] = at(10, 10);
      const [e, n] = at(30, 30);
      const saved = await okJson(fetch(new URL(`/api/obstacles?bbox=${w},${s},${e},${n}`, e2e.app.url)));
      const stall = saved.features.find((f: { properties: { note: string | null } }) => f.properties.note === '浏览器测试摊位');
      expect(stall?.properties).toMatchObject({ type: 'stall', height: 2.2 });
      expect(stall.geometry.coordinates[0]).toHaveLength(5);
      await okJson(officer.send('DELETE', `/api/obstacles/${stall.id}?version=${stall.properties.version}`));

      // 导入遮挡物: a hedge saved, a bow-tie outline sent back with the reason in Chinese.
      const ring = (points: [number, number][]) => ({ type: 'Polygon', coordinates: [[...points, points[0]]] });
      const file = {
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { type: 'vegetation', height: 1.5, note: '浏览器测试绿篱' }, geometry: ring([at(15, -15), at(25, -15), at(25, -25), at(15, -25)]) },
          { type: 'Feature', properties: { type: 'wall', height: 2 }, geometry: ring([at(-15, -15), at(-25, -25), at(-25, -15), at(-15, -25)]) },
        ],
      };
      // The card is closed first: the report's link must bring it back.
      await card.getByRole('button', { name: '关闭', exact: true }).click();
      await card.waitFor({ state: 'detached' });
      await page.click('[data-testid="sight-import-obstacles"]');
      const dialog = page.locator('[data-testid="obstacle-import-dialog"]');
      await dialog.locator('[data-testid="obstacle-import-file"]').setInputFiles({ name: 'obstacles.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(file)) });
      await dialog.locator('[data-testid="obstacle-import-submit"]').click();
      // The preview: the hedge would be saved and would cut a crossing, the bow-tie comes back; nothing saved yet.
      const preview = dialog.locator('[data-testid="obstacle-import-preview"]');
      await preview.waitFor({ timeout: 20_000 });
      expect([await preview.getAttribute('data-saved'), await preview.getAttribute('data-rejected')]).toEqual(['1', '1']);
      expect(Number(await preview.locator('[data-testid="obstacle-import-would-cut"]').getAttribute('data-count'))).toBeGreaterThanOrEqual(1);
      expect(await preview.locator('[data-testid="obstacle-import-rejected"]').getAttribute('data-feature')).toBe('2');
      expect((await pool.query(`SELECT count(*)::int AS n FROM obstacles WHERE note = '浏览器测试绿篱'`)).rows[0].n).toBe(0);
      await desk.screenshot('sight-03-import-preview');
      await dialog.locator('[data-testid="obstacle-import-confirm"]').click();
      const report = dialog.locator('[data-testid="obstacle-import-report"]');
      await report.waitFor({ timeout: 20_000 });
      expect([await report.getAttribute('data-saved'), await report.getAttribute('data-rejected')]).toEqual(['1', '1']);
      const bowTie = report.locator('[data-testid="obstacle-import-rejected"]');
      expect(await bowTie.getAttribute('data-feature')).toBe('2');
      expect(await bowTie.innerText()).toContain('轮廓无效');
      // The hedge (1.5 m, in the south-east triangle) cuts this crossing: its link opens the card, hedge listed.
      const cut = report.locator(`[data-testid="obstacle-import-cut"][data-id="${detail.id}"]`);
      expect(await cut.innerText()).toBe(`路口 ${detail.id}`);
      await cut.click();
      await dialog.waitFor({ state: 'detached' });
      await poll(() => card.locator('[data-testid="sight-obstacle"]', { hasText: '浏览器测试绿篱' }).count()).toBe(1);
      const [hw, hs] = at(10, -30);
      const [he, hn] = at(30, -10);
      const hedges = await okJson(fetch(new URL(`/api/obstacles?bbox=${hw},${hs},${he},${hn}`, e2e.app.url)));
      const hedge = hedges.features.find((f: { properties: { note: string | null } }) => f.properties.note === '浏览器测试绿篱');
      expect(hedge?.properties).toMatchObject({ type: 'vegetation', height: 1.5 });
      await okJson(officer.send('DELETE', `/api/obstacles/${hedge.id}?version=${hedge.properties.version}`));
      expect(desk.consoleErrors).toEqual([]);
    } finally {
      // Other files share the database: the trimmed obstacle gets its height back.
      const now = await pool.query<{ version: number }>('SELECT version FROM obstacles WHERE id = $1', [cutterId]);
      if (now.rows[0]) await officer.send('PATCH', `/api/obstacles/${cutterId}`, { version: now.rows[0].version, height: before.height });
    }
  }, 90_000);

  it('shows how the analysis measured; an admin re-runs it and the runs stand side by side', async () => {
    const page = desk.page;
    // Anyone reads the method and the runs; an officer cannot change them.
    const line = page.locator('[data-testid="sight-method-line"]');
    await poll(() => line.innerText()).toMatch(/^停车视距 · \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    await line.locator('[data-testid="sight-settings-open"]').click();
    const dialog = page.locator('[data-testid="sight-settings-dialog"]');
    await dialog.locator('[data-testid="sight-runs"]').waitFor();
    expect(await dialog.locator('[data-testid="sight-method-ssd"]').isDisabled()).toBe(true);
    expect(await dialog.innerText()).toContain('仅系统管理员可更改方法并重新分析。');
    expect(await dialog.locator('[data-testid="sight-analyse"]').count()).toBe(0);
    // Escape closes the dialog on top, not the intersection's card behind it.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.locator('[data-testid="sight-details"]').count()).toBe(1);

    await desk.signOut();
    await desk.signIn('admin', DEMO_PASSWORD);
    await line.locator('[data-testid="sight-settings-open"]').click();
    await dialog.locator('[data-testid="sight-runs"]').waitFor();
    const runsBefore = await dialog.locator('[data-testid="sight-run"]').count();
    // The generated village roads have no speed of their own: the default is theirs to set.
    const villageUse = await dialog.locator('.sight-speed', { has: page.locator('[data-testid="sight-speed-village"]') }).locator('small').innerText();
    expect(Number(villageUse.match(/^([\d,]+) 条道路采用$/)![1].replace(/,/g, ''))).toBeGreaterThan(100);
    // Out of range: said at the field, nothing sent.
    await dialog.locator('[data-testid="sight-method-isd"]').check();
    await dialog.locator('[data-testid="sight-gap"]').fill('30');
    await dialog.locator('[data-testid="sight-speed-village"]').fill('200');
    await dialog.locator('[data-testid="sight-analyse"]').click();
    expect(await dialog.locator('.param-error').innerText()).toBe('可接受间隙须在 1 到 20 秒之间。');
    expect(await dialog.locator('[data-testid="sight-settings-invalid"]').innerText()).toBe('村道：设计速度须为 5 到 140 之间的整数（km/h）。');
    expect(await dialog.locator('[data-testid="sight-run"]').count()).toBe(runsBefore);
    // Back to stopping sight distance as it was (other test files share the database), run again.
    await dialog.locator('[data-testid="sight-speed-village"]').fill('30');
    await dialog.locator('[data-testid="sight-method-ssd"]').check();
    await dialog.locator('[data-testid="sight-analyse"]').click();
    const done = dialog.locator('[data-testid="sight-settings-done"]');
    await done.waitFor({ timeout: 60_000 });
    expect(await done.innerText()).toMatch(/^全市 [\d,]+ 个路口，视距不足 [\d,]+ 个，用时 [\d.]+ 秒。$/);
    await poll(() => dialog.locator('[data-testid="sight-run"]').count()).toBe(Math.min(runsBefore + 1, 12));
    const newest = dialog.locator('[data-testid="sight-run"]').first();
    expect(await newest.getAttribute('data-method')).toBe('ssd');
    expect(await newest.innerText()).toContain('系统管理员');
    const settings = await okJson(fetch(new URL('/api/intersections/settings', e2e.app.url)));
    expect(Number(await newest.getAttribute('data-deficient'))).toBe(settings.runs[0].deficient);
    // Its counts grouped as numbers are in Chinese, with the change from the run before.
    const [run, before] = settings.runs;
    const zh = (v: number) => new Intl.NumberFormat('zh-CN').format(v);
    const change = run.deficient - before.deficient;
    const cells = await newest.locator('td').allInnerTexts();
    expect(cells[2]).toBe(`${zh(run.deficient)} / ${zh(run.intersections)}${change ? ` ${change > 0 ? '+' : '−'}${zh(Math.abs(change))}` : ''}`);
    expect(cells[3]).toBe(`${zh(run.severe)} / ${zh(run.moderate)} / ${zh(run.minor)}`);
    await desk.screenshot('sight-05-settings');
    await page.keyboard.press('Escape');
    expect(desk.consoleErrors).toEqual([]);
  }, 120_000);
});

describe.sequential('sight lines on a phone', () => {
  const size = { width: 390, height: 844 };
  let phone: AppDriver;
  let detail: IntersectionDetail;
  /** The wall whose stale save answers 409 (the browser logs it). */
  let staleWall: number | null = null;

  /** The whole of a box on the phone's screen. */
  const onScreen = (box: { x: number; y: number; width: number; height: number } | null) => {
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(size.width);
    expect(box!.y + box!.height).toBeLessThanOrEqual(size.height + 1);
  };
  const card = () => phone.page.locator(`[data-testid="sight-details"][data-id="${crossing.id}"]`);
  const wallLine = () => card().locator(`[data-testid="sight-obstacle"][data-id="${wallId}"]`);
  const dbWall = async () => (await pool.query<{ version: number; height: number }>('SELECT version, height::float8 AS height FROM obstacles WHERE id = $1', [wallId])).rows[0];

  beforeAll(async () => {
    phone = await AppDriver.open(e2e.browser, e2e.app.url, size, { hasTouch: true });
    await phone.waitForMap();
    await phone.signIn(crossing.officer, DEMO_PASSWORD);
  }, 120_000);

  afterAll(async () => {
    await phone?.close();
  });

  it('finds the crossing in the drawer and opens it as a sheet, the map above it', async () => {
    const page = phone.page;
    await ensureWall();
    await page.click('.panel-toggle');
    const drawer = page.locator('[data-testid="panel"]');
    await poll(() => drawer.getAttribute('data-open')).toBe('true');
    await page.click('[data-testid="sight-toggle"]');
    await page.waitForSelector('[data-testid="sight-status"][data-busy="false"]', { timeout: 30_000 });
    // Signed in, the officer's list starts on their brigade (they may still widen it).
    await poll(() => page.inputValue('[data-testid="sight-county"]')).toBe(crossing.county);
    await page.selectOption('[data-testid="sight-township"]', crossing.township);
    await page.locator('[data-testid="sight-row"]').first().waitFor({ timeout: 20_000 });
    const row = page.locator(`[data-testid="sight-row"][data-id="${crossing.id}"]`);
    // Our wall makes the crossing deficient; in a busy township it may be past the first 20.
    if (!(await row.count())) await page.locator('[data-testid="sight-section"] .link-button', { hasText: '显示全部' }).click();
    await poll(() => drawer.evaluate((el) => el.getBoundingClientRect().bottom <= innerHeight + 1)).toBe(true);
    onScreen(await drawer.boundingBox());
    await phone.screenshot('sight-04-phone-list');

    await row.click();
    // The drawer gives way to the card, a sheet at the bottom.
    await poll(() => drawer.getAttribute('data-open')).toBe('false');
    await wallLine().waitFor({ timeout: 20_000 });
    detail = await okJson(fetch(new URL(`/api/intersections/${crossing.id}`, e2e.app.url)));
    const sheet = (await card().boundingBox())!;
    onScreen(sheet);
    expect(sheet.height).toBeLessThanOrEqual(size.height * 0.6 + 1);
    await phone.waitForMapStill();
    // The crossing is drawn in the map left uncovered above the sheet.
    const centre = await page.evaluate(({ lon, lat }) => window.__changan!.map.project([lon, lat]), detail);
    const map = (await page.locator('[data-testid="map"]').boundingBox())!;
    expect(map.y + centre.y).toBeLessThan(sheet.y);
    await phone.screenshot('sight-04-phone-details');
  }, 90_000);

  it('says so when the wall was changed meanwhile, reloads it and saves nothing over it', async () => {
    const wall = wallLine();
    const read = await dbWall();
    staleWall = wallId;
    await wall.locator('[data-testid="obstacle-trim"]').click();
    // Someone else (here the same officer, elsewhere) raises the wall while the card is open.
    await okJson(officer.send('PATCH', `/api/obstacles/${wallId}`, { version: read.version, height: 3.1 }));
    try {
      await wall.locator('[data-testid="obstacle-height"]').fill('0.9');
      await wall.locator('[data-testid="obstacle-height-save"]').click();
      await poll(() => wall.locator('[data-testid="write-problem"]').innerText().catch(() => '')).toBe(zh['sight.obstacle.stale']);
      // The card has read the wall again: its new height, and the version the next save sends.
      await poll(() => wall.innerText()).toContain('高 3.1 m');
      expect(await dbWall()).toEqual({ version: read.version + 1, height: 3.1 });
      await phone.screenshot('sight-04-phone-stale');

      // Trying again, now with the version read, goes through: the officer puts the wall back.
      await wall.locator('[data-testid="obstacle-height"]').fill('2.5');
      await wall.locator('[data-testid="obstacle-height-save"]').click();
      await wall.locator('[data-testid="obstacle-height-form"]').waitFor({ state: 'detached', timeout: 20_000 });
      await poll(() => wall.innerText()).toContain('高 2.5 m');
      expect(await dbWall()).toEqual({ version: read.version + 2, height: 2.5 });
    } finally {
      const now = await dbWall();
      if (now && now.height !== 2.5) await officer.send('PATCH', `/api/obstacles/${wallId}`, { version: now.version, height: 2.5 });
    }
  }, 60_000);

  it('deletes the wall from the card after asking, the card read again without it', async () => {
    const wall = wallLine();
    await wall.locator('[data-testid="obstacle-delete"]').click();
    expect(await wall.innerText()).toContain(zh['sight.obstacle.deleteConfirm']);
    await wall.locator('[data-testid="obstacle-delete-confirm"]').click();
    await poll(() => wall.count()).toBe(0);
    expect((await pool.query('SELECT 1 FROM obstacles WHERE id = $1', [wallId])).rowCount).toBe(0);
    // Other tests count on the wall.
    wallId = null;
    await ensureWall();
  }, 60_000);

  it('draws an obstacle with taps on the map, nothing covering where the officer taps', async () => {
    const page = phone.page;
    await card().locator('[data-testid="sight-add-obstacle"]').click();
    const banner = page.locator('[data-testid="draw-banner"]');
    await banner.waitFor();
    onScreen(await banner.boundingBox());
    // The sheet steps aside while drawing: the banner, at the bottom, is all that is over the map.
    await poll(() => card().isVisible()).toBe(false);

    const m = 1 / 111_320;
    const at = (east: number, north: number): [number, number] => [detail.lon + (east * m) / Math.cos((detail.lat * Math.PI) / 180), detail.lat + north * m];
    const corners = [at(15, 15), at(25, 15), at(25, 25), at(15, 25)];
    const map = (await page.locator('[data-testid="map"]').boundingBox())!;
    const { zoom } = await phone.mapView();
    try {
      for (const [i, lonLat] of corners.entries()) {
        const p = await page.evaluate((ll) => window.__changan!.map.project(ll), lonLat);
        const x = map.x + p.x;
        const y = map.y + p.y;
        const hit = await page.evaluate(([px, py]) => document.elementFromPoint(px, py)?.className ?? null, [x, y]);
        expect(hit, `what is at the ${i + 1}. corner (${Math.round(x)}, ${Math.round(y)})`).toBe('maplibregl-canvas');
        await page.touchscreen.tap(x, y);
        await poll(() => banner.getAttribute('data-count')).toBe(String(i + 1));
      }
      // Quick taps close together are corners, not a double tap that zooms in.
      expect((await phone.mapView()).zoom).toBe(zoom);
      await phone.screenshot('sight-04-phone-draw');
      await banner.locator('[data-testid="draw-finish"]').click();
      // The sheet is back, with the form for what was drawn.
      const form = card().locator('[data-testid="obstacle-form"]');
      await form.waitFor();
      await form.locator('[data-testid="obstacle-type"]').selectOption('stall');
      await form.locator('[data-testid="obstacle-new-height"]').fill('2.2');
      await form.locator('[data-testid="obstacle-note"]').fill('浏览器测试手机摊位');
      await form.locator('[data-testid="obstacle-save"]').scrollIntoViewIfNeeded();
      onScreen(await form.locator('[data-testid="obstacle-save"]').boundingBox());
      await phone.screenshot('sight-04-phone-form');
      await form.locator('[data-testid="obstacle-save"]').click();
      await form.waitFor({ state: 'detached', timeout: 20_000 });

      const saved = await pool.query<{ id: number; type: string; height: number; vertices: number }>(
        `SELECT id, type, height::float8 AS height, ST_NPoints(geom) AS vertices FROM obstacles WHERE note = '浏览器测试手机摊位'`,
      );
      expect(saved.rows).toEqual([{ id: expect.any(Number), type: 'stall', height: 2.2, vertices: 5 }]);
    } finally {
      const left = await pool.query<{ id: number; version: number }>(`SELECT id, version FROM obstacles WHERE note = '浏览器测试手机摊位'`);
      for (const o of left.rows) await okJson(officer.send('DELETE', `/api/obstacles/${o.id}?version=${o.version}`));
    }
  }, 90_000);

  it('logged no errors in the page', () => {
    // The browser logs every 4xx: the stale save's 409 was asked for.
    expect(phone.consoleErrors.filter((e) => e !== `Failed to load resource: the server responded with a status of 409 (Conflict) (${new URL(`/api/obstacles/${staleWall}`, e2e.app.url)})`)).toEqual([]);
  });
});

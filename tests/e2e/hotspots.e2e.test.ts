import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import sharp from 'sharp';
import type { Browser, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '@api/start';
import { DEMO_PASSWORD } from '@api/seed/accounts';
import { EPDO_RAMP } from '@client/layers/hotspots/hotspot-colors';
import { AppDriver, SCREENSHOT_DIR } from './driver';
import { openE2e, type E2e } from './session';

/** Software WebGL keeps the page's main thread busy: give UI changes time to land. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });

interface ClusterFc {
  features: { geometry: unknown; properties: { rank: number; count: number; centroid: [number, number]; profile?: unknown; trend?: { label: string } | null } }[];
}

let app: RunningApp;
let browser: Browser;
let desk: AppDriver;
/** The city-wide view the page opened with. */
let cityView: { center: [number, number]; zoom: number };
/** Every clusters answer the page received, by its eps parameter. */
const clusterAnswers = new Map<string, ClusterFc>();

const isClusters = (r: Response) => r.url().includes('/api/hotspots/clusters?');
const epsOf = (url: string) => new URL(url).searchParams.get('eps') ?? '';
const rampColours = EPDO_RAMP.map(([r, g, b]) => [r, g, b] as const);

let e2e: E2e;

beforeAll(async () => {
  e2e = await openE2e({
    onPage: (page) =>
      page.on('response', async (r) => {
        if (!isClusters(r) || !r.ok()) return;
        // An answer the page navigated away from (a reload) has no body left to read: not recorded.
        const body = (await r.json().catch(() => null)) as ClusterFc | null;
        if (body) clusterAnswers.set(epsOf(r.url()), body);
      }),
  });
  ({ app, browser, desk } = e2e);
}, 240_000);

afterAll(() => e2e?.close());

const rows = () => desk.page.locator('[data-testid="hotspot-row"]');
const status = () => desk.page.locator('[data-testid="hotspot-status"]').innerText();

// One page walked through in order, as a user would: each test starts where the last one ended.
describe.sequential('the hotspot panel on a desk', () => {
  it('runs point clusters with the default parameters when the section opens', async () => {
    expect(desk.requests.some((u) => u.includes('/api/hotspots/'))).toBe(false);
    // The test world is small (3 000 accidents over five years): the last 12 months hold no
    // cluster of 5 within 50 m, the whole history does. The analysis follows the panel's window.
    await desk.choosePreset('all');
    const answered = desk.page.waitForResponse(isClusters, { timeout: 60_000 });
    await desk.openHotspots();
    const response = await answered;
    const query = new URL(response.url()).searchParams;
    expect(query.get('eps')).toBe('50');
    expect(query.get('minPoints')).toBe('5');
    // The panel's time window (last 12 months) goes along as local dates.
    expect(query.get('from')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(query.get('to')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await desk.waitForHotspotsIdle();
    await poll(() => rows().count()).toBeGreaterThan(0);
    const fc = clusterAnswers.get('50')!;
    expect(await rows().count()).toBe(Math.min(20, fc.features.length));
    expect(await status()).toContain(`共 ${fc.features.length} 个事故多发点`);
    expect(await desk.page.locator('[data-testid="hotspot-window"]').innerText()).toContain(`${query.get('from')} 至 ${query.get('to')}`);
  }, 120_000);

  it('lists the clusters by rank', async () => {
    const ranks = await desk.hotspotRanks();
    expect(ranks[0]).toBe(1);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const first = await rows().first().innerText();
    expect(first).toMatch(/\d+ 起 · 死亡 \d+ 人 · EPDO \d+/);
    // Two measures, each named: 同比 against the same period a year before, and the five-year
    // trend only where the test finds one (p < 0.05), as the API labels it.
    const changes = await desk.page.locator('[data-testid="hotspot-row"] [data-testid="hotspot-change"]').allInnerTexts();
    expect(changes.length).toBeGreaterThan(0);
    for (const c of changes) expect(c).toMatch(/^同比 [▲▼＝]/);
    // Each row's badge is the API's label for that rank, shown only for a trend found (not 'none').
    const labelOf = new Map(clusterAnswers.get('50')!.features.map((f) => [f.properties.rank, f.properties.trend?.label ?? 'none']));
    const shown = await rows().evaluateAll((els) =>
      els.map((e) => {
        const badge = e.querySelector('[data-testid="trend-badge"]');
        return { rank: Number(e.getAttribute('data-rank')), label: badge?.getAttribute('data-trend') ?? 'none', text: badge?.textContent ?? '' };
      }),
    );
    expect(shown.map((r) => [r.rank, r.label])).toEqual(ranks.map((rank) => [rank, labelOf.get(rank)]));
    // (The test world's first rows have no significant trend, so this mostly proves none is claimed.)
    for (const { label, text } of shown) if (label !== 'none') expect(text).toMatch(/^(新出现|\d+年趋势(上升|下降))$/);
  });

  it('draws the clusters on the map in the EPDO colours, listed in the layer list with a legend', async () => {
    await desk.settle();
    cityView = await desk.mapView();
    await desk.screenshot('hotspots-00-clusters-city');
    expect(await desk.pickableCount('hotspot-clusters')).toBeGreaterThan(0);
    await desk.setLayerVisible('accidents', false);
    await desk.settle();
    const drawn = await desk.mapPixelsNear(rampColours);
    await desk.setLayerVisible('hotspot-clusters', false);
    await desk.settle();
    const hidden = await desk.mapPixelsNear(rampColours);
    expect(drawn).toBeGreaterThan(hidden + 20);
    await desk.setLayerVisible('hotspot-clusters', true);
    await desk.setLayerVisible('accidents', true);
    const legend = await desk.page.locator('.layer-item:has([data-testid="layer-toggle-hotspot-clusters"]) .legend').innerText();
    expect(legend).toContain('EPDO < 10');
    expect(legend).toContain('EPDO ≥ 80');
    // Methods not run stay out of the layer list.
    expect(await desk.page.locator('[data-testid="layer-toggle-hotspot-grid"]').count()).toBe(0);
  }, 120_000);

  it('flies to the first cluster and opens its details with the charts', async () => {
    const before = await desk.mapView();
    const target = clusterAnswers.get('50')!.features.find((f) => f.properties.rank === 1)!.properties.centroid;
    const distance = (c: [number, number]) => Math.hypot(c[0] - target[0], c[1] - target[1]);

    await rows().first().click();
    await desk.page.waitForSelector('[data-testid="hotspot-details"]');
    await poll(async () => (await desk.mapView()).zoom).toBeGreaterThan(before.zoom + 2);
    await desk.waitForMapStill();
    const after = await desk.mapView();
    expect(distance(after.center)).toBeLessThan(distance(before.center) / 5);

    const details = desk.page.locator('[data-testid="hotspot-details"]');
    expect(await details.getAttribute('data-rank')).toBe('1');
    expect(await rows().first().getAttribute('aria-current')).toBe('true');
    const text = await details.innerText();
    expect(text).toContain('事故多发点');
    expect(text).toContain('EPDO');
    expect(await details.locator('[data-testid="chart-severity"]').count()).toBe(1);
    expect(await details.locator('[data-testid="chart-vehicles"] rect').count()).toBeGreaterThan(0);
    if (clusterAnswers.get('50')!.features[0].properties.profile) {
      expect(await details.locator('[data-testid="chart-hour"]').getAttribute('data-values')).toMatch(/^(\d+,){23}\d+$/);
      expect(await details.locator('[data-testid="chart-weekday"]').getAttribute('data-values')).toMatch(/^(\d+,){6}\d+$/);
    }
    await desk.screenshot('hotspots-01-cluster-details');
    // Each term has its explanation at hand: EPDO with the weights the API ranks by, 同比, the trend.
    await details.locator('[data-testid="term-epdo"]').click();
    const epdo = desk.page.locator('[data-testid="term-epdo-text"]');
    expect(await epdo.innerText()).toContain('死亡事故按 10 起、受伤事故按 5 起、财产损失事故按 1 起计');
    const bubble = (await epdo.boundingBox())!;
    expect(bubble.x).toBeGreaterThanOrEqual(0);
    expect(bubble.x + bubble.width).toBeLessThanOrEqual(desk.page.viewportSize()!.width);
    await desk.screenshot('hotspots-07-term-epdo');
    await desk.page.keyboard.press('Escape');
    expect(await epdo.count()).toBe(0);
    expect(await details.count()).toBe(1); // Escape closed the explanation, not the card
    await details.locator('[data-testid="term-yoy"]').click();
    expect(await desk.page.locator('[data-testid="term-yoy-text"]').innerText()).toContain('不代表长期趋势');
    await details.locator('h2').click();
    expect(await desk.page.locator('[data-testid="term-yoy-text"]').count()).toBe(0);
    // The five-year trend chart names its test; its "?" says what the label means, apart from 同比.
    await details.locator('[data-testid="term-trend"]').click();
    const trend = desk.page.locator('[data-testid="term-trend-text"]');
    expect(await trend.innerText()).toContain('Mann-Kendall');
    expect(await trend.innerText()).toContain('与只比两期的同比不同');
    await details.locator('[data-testid="term-trend"]').click(); // the "?" again closes it
    expect(await trend.count()).toBe(0);
  }, 120_000);

  it('picks a cluster on the map: hovering names it, clicking opens it', async () => {
    await desk.jumpTo(cityView);
    // A cluster whose marker is in the open part of the map (not under the panel or the details card).
    const spot = await desk.page.evaluate(
      (features) => {
        const map = window.__changan!.map;
        const width = map.getCanvas().clientWidth;
        for (const f of features) {
          const p = map.project(f.properties.centroid);
          if (p.x > 340 && p.x < width - 380 && p.y > 60 && p.y < map.getCanvas().clientHeight - 60) return { x: p.x, y: p.y, rank: f.properties.rank };
        }
        return null;
      },
      clusterAnswers.get('50')!.features,
    );
    expect(spot).not.toBeNull();
    const box = (await desk.page.locator('[data-testid="map"]').boundingBox())!;
    await desk.page.mouse.move(box.x + spot!.x, box.y + spot!.y);
    const tooltip = desk.page.locator('[data-testid="hotspot-tooltip"]');
    await poll(() => tooltip.count()).toBe(1);
    expect(await tooltip.innerText()).toContain(`#${spot!.rank} `);
    await desk.page.mouse.click(box.x + spot!.x, box.y + spot!.y);
    await poll(() => desk.page.locator('[data-testid="hotspot-details"]').getAttribute('data-rank')).toBe(String(spot!.rank));
    await desk.page.mouse.move(box.x + 5, box.y + box.height - 5);
    await poll(() => tooltip.count()).toBe(0);
    await desk.waitForMapStill();
  }, 120_000);

  it('re-runs when eps changes, shows progress, and never lets an older answer replace a newer one', async () => {
    const overtaken = desk.page.waitForRequest((r) => r.url().includes('/api/hotspots/clusters?') && epsOf(r.url()) === '80');
    await desk.setHotspotParam('eps', '80');
    await poll(() => desk.page.getAttribute('[data-testid="hotspot-status"]', 'data-busy')).toBe('true');
    expect(await status()).toContain('计算中');
    await overtaken;
    // Changed again while eps=80 is still being computed.
    const newest = desk.page.waitForResponse((r) => isClusters(r) && epsOf(r.url()) === '120', { timeout: 60_000 });
    await desk.setHotspotParam('eps', '120');
    await newest;
    await desk.waitForHotspotsIdle();
    // Whatever order the answers came in, the list is eps=120's.
    await poll(() => desk.page.waitForTimeout(500).then(status)).toContain(`共 ${clusterAnswers.get('120')!.features.length} 个事故多发点`);
    expect(desk.requests.some((u) => u.includes('/api/hotspots/clusters?') && epsOf(u) === '120')).toBe(true);
    expect(await desk.page.locator('[data-testid="hotspot-list"]').getAttribute('data-dimmed')).toBe('false');
    // The new result has new objects: the old selection and its details are gone.
    expect(await desk.page.locator('[data-testid="hotspot-details"]').count()).toBe(0);
  }, 120_000);

  it('shows the API’s reason beside a parameter it rejects', async () => {
    await desk.setHotspotParam('eps', '2000');
    const error = desk.page.locator('[data-testid="param-eps"] .param-error');
    await poll(() => error.count()).toBe(1);
    expect(await error.innerText()).toContain('at most 1000');
    // The last good result stays listed, dimmed.
    expect(await rows().count()).toBeGreaterThan(0);
    expect(await desk.page.locator('[data-testid="hotspot-list"]').getAttribute('data-dimmed')).toBe('true');
    await desk.setHotspotParam('eps', '50');
    await desk.waitForHotspotsIdle();
    await poll(() => error.count()).toBe(0);
  }, 120_000);

  it('exports the result as GeoJSON and as an Excel workbook', async () => {
    const geo = await desk.download('[data-testid="export-geojson"]');
    expect(geo.name).toMatch(/^事故多发点_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.geojson$/);
    const fc = JSON.parse(geo.bytes.toString('utf8'));
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.length).toBe(clusterAnswers.get('50')!.features.length);

    const xlsx = await desk.download('[data-testid="export-xlsx"]');
    expect(xlsx.name).toBe(geo.name.replace(/\.geojson$/, '.xlsx'));
    expect([...xlsx.bytes.subarray(0, 2)]).toEqual([0x50, 0x4b]); // "PK": a zip
    const files = unzipSync(new Uint8Array(xlsx.bytes));
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']);
    expect(sheet).toContain('<t>排名</t>');
    expect(sheet).toContain('<t>死亡事故</t>');
    expect(sheet).toContain('<c r="A2"><v>1</v></c>');
    expect(sheet.match(/<row /g)!.length).toBe(fc.features.length + 1);
  });

  it('runs road segments with the chosen window, or says quietly that they are not there yet', async () => {
    await desk.page.click('[data-testid="hotspot-method-segments"]');
    await desk.waitForHotspotsIdle();
    if (await desk.page.locator('[data-testid="hotspot-unavailable"]').count()) return;
    const answered = desk.page.waitForResponse((r) => r.url().includes('/api/hotspots/segments?') && r.url().includes('window=2000&step=100'));
    await desk.setHotspotParam('window', '2000');
    await desk.setHotspotParam('step', '100');
    const fc = await (await answered).json();
    await desk.waitForHotspotsIdle();
    await poll(status).toContain(`共 ${fc.features.length} 个事故多发路段`);
    expect(await desk.page.locator('[data-testid="hotspot-error"]').count()).toBe(0);
    if (fc.features.length === 0) return;
    expect(await desk.hotspotRanks()).toEqual([...(await desk.hotspotRanks())].sort((a, b) => a - b));
    await rows().first().click();
    const details = desk.page.locator('[data-testid="hotspot-details"]');
    await poll(() => details.getAttribute('data-rank')).toBe('1');
    expect(await details.innerText()).toContain('事故多发路段');
    expect(await details.locator('[data-testid="segment-rules"] li').count()).toBe(fc.features[0].properties.rules.length);
    // The rules in words, not in the API's grammar.
    expect(await details.locator('[data-testid="segment-rules"]').innerText()).not.toMatch(/>=|crashes|fatal/);
    await desk.waitForMapStill();
    expect(await desk.pickableCount('hotspot-segments')).toBeGreaterThan(0);
    await desk.screenshot('hotspots-05-segment-details');
  }, 120_000);

  it('runs the Gi* grid, or says quietly that it is not there yet', async () => {
    await desk.page.click('[data-testid="hotspot-method-grid"]');
    await desk.waitForHotspotsIdle();
    if (await desk.page.locator('[data-testid="hotspot-unavailable"]').count()) {
      expect(await desk.page.locator('[data-testid="hotspot-unavailable"]').innerText()).toBe('该分析方法暂未开放。');
    } else {
      await poll(status).toMatch(/显著热点网格 [\d,]+ 个/);
      // FDR is on by default, and says why; the list ranks the significant cells by their crashes.
      expect(await desk.page.isChecked('[data-testid="param-fdr"]')).toBe(true);
      await desk.page.click('[data-testid="term-fdr"]');
      expect(await desk.page.locator('[data-testid="term-fdr-text"]').innerText()).toContain('误报');
      expect(await desk.page.isChecked('[data-testid="param-fdr"]')).toBe(true); // the "?" is not the checkbox
      await desk.page.click('[data-testid="term-fdr"]');
      const counts = await rows().evaluateAll((els) => els.map((e) => Number(/(\d+) 起/.exec(e.textContent ?? '')?.[1])));
      expect(counts.length).toBeGreaterThan(0);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
      // A cell opens with its neighbourhood: the view holds the band Gi* weighed, and the card counts its crashes.
      await rows().first().click();
      const band = desk.page.locator('[data-testid="fact-band-crashes"]');
      await poll(() => band.innerText().catch(() => '')).toMatch(/邻域 1,000 米内事故（起）\s*\d+/);
      expect(Number(/(\d+)$/.exec((await band.innerText()).trim())![1])).toBeGreaterThanOrEqual(counts[0]);
      // The card's Gi* and p each explain themselves.
      const card = desk.page.locator('[data-testid="hotspot-details"]');
      await card.locator('[data-testid="term-gi"]').click();
      expect(await desk.page.locator('[data-testid="term-gi-text"]').innerText()).toContain('Getis-Ord');
      await desk.page.keyboard.press('Escape');
      expect(await card.count()).toBe(1); // Escape closed the explanation, not the card
      await card.locator('[data-testid="term-p"]').click();
      const p = desk.page.locator('[data-testid="term-p-text"]');
      expect(await p.innerText()).toContain('p < 0.05');
      const bubble = (await p.boundingBox())!;
      expect(bubble.x + bubble.width).toBeLessThanOrEqual(desk.page.viewportSize()!.width);
      expect(bubble.y + bubble.height).toBeLessThanOrEqual(desk.page.viewportSize()!.height);
      await desk.page.keyboard.press('Escape');
      await desk.waitForMapStill();
      const span = await desk.page.evaluate(() => {
        const b = window.__changan!.map.getBounds();
        return (b.getEast() - b.getWest()) * 111_320 * Math.cos((b.getNorth() * Math.PI) / 180);
      });
      expect(span).toBeGreaterThan(2 * 1000); // the whole band across, not one 500 m hexagon
      expect(span).toBeLessThan(20_000);
      await desk.screenshot('hotspots-06-grid');
      await desk.page.keyboard.press('Escape');
      const plain = desk.page.waitForRequest((r) => r.url().includes('/api/hotspots/grid?') && r.url().includes('fdr=false'));
      await desk.page.uncheck('[data-testid="param-fdr"]');
      await plain;
      await desk.waitForHotspotsIdle();
    }
    expect(await desk.page.locator('[data-testid="hotspot-error"]').count()).toBe(0);
    await desk.page.click('[data-testid="hotspot-method-clusters"]');
    await desk.waitForHotspotsIdle();
    await poll(() => rows().count()).toBeGreaterThan(0);
  }, 120_000);

  it('is in English after switching language', async () => {
    await rows().first().click();
    await desk.page.waitForSelector('[data-testid="hotspot-details"]');
    await desk.switchLanguage();
    const section = desk.page.locator('[data-testid="hotspot-section"]');
    await poll(() => section.locator('h3').innerText()).toContain('Accident hotspots');
    const text = await section.innerText();
    expect(text).toContain('Clusters');
    expect(text).toContain('Neighbourhood eps (m)');
    expect(text).toMatch(/\d+ hotspots/);
    expect(text).toMatch(/\d+ accidents · \d+ killed · EPDO \d+/);
    // Place names stay Chinese (as on the signs); none of the section's own words do.
    expect(text).not.toMatch(/聚类|路段|网格|计算中|导出|事故|起 ·/);
    expect(await desk.page.locator('[data-testid="hotspot-details"]').innerText()).toContain('Accident hotspot');
    await desk.waitForMapStill();
    await desk.screenshot('hotspots-02-english');
    const xlsx = await desk.download('[data-testid="export-xlsx"]');
    expect(xlsx.name).toMatch(/^accident-hotspots_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(strFromU8(unzipSync(new Uint8Array(xlsx.bytes))['xl/worksheets/sheet1.xml'])).toContain('<t>Rank</t>');
  }, 120_000);

  it('takes the result off the map when the section closes, and back when it opens', async () => {
    await desk.page.keyboard.press('Escape');
    await desk.waitForMapStill();
    expect(await desk.pickableCount('hotspot-clusters')).toBeGreaterThan(0);
    await desk.page.click('[data-testid="hotspot-toggle"]');
    await desk.waitForMapStill();
    expect(await desk.pickableCount('hotspot-clusters')).toBe(0);
    expect(await desk.page.locator('[data-testid="layer-toggle-hotspot-clusters"]').count()).toBe(0);
    await desk.openHotspots();
    await desk.waitForHotspotsIdle();
    await desk.waitForMapStill();
    expect(await desk.pickableCount('hotspot-clusters')).toBeGreaterThan(0);
  });

  it('logged no errors in the page', () => {
    // The browser logs every 4xx; the 400 (eps=2000) and 404s (methods not on the server yet) were asked for.
    expect(desk.consoleErrors.filter((e) => !/status of 40[04]/.test(e))).toEqual([]);
  });
});

describe('the hotspot panel on a phone', () => {
  it('runs in the drawer, and a chosen hotspot shows on the map with its details', async () => {
    const phone = await AppDriver.open(browser, app.url, { width: 390, height: 844 });
    try {
      await phone.waitForMap();
      await phone.waitForAccidents();
      await phone.page.click('.panel-toggle');
      await phone.choosePreset('all');
      await phone.openHotspots();
      await phone.waitForHotspotsIdle();
      await poll(() => phone.page.locator('[data-testid="hotspot-row"]').count()).toBeGreaterThan(0);
      const panel = phone.page.locator('[data-testid="panel"]');
      // The drawer stays within the screen and its list can be reached by scrolling.
      const box = (await panel.boundingBox())!;
      expect(box.y).toBeGreaterThan(100);
      expect(box.y + box.height).toBeLessThanOrEqual(845);
      const eps = phone.page.locator('[data-testid="param-eps-input"]');
      const epsBox = (await eps.boundingBox())!;
      expect(epsBox.width).toBeGreaterThan(40);
      expect(epsBox.x + epsBox.width).toBeLessThanOrEqual(390);
      // eps explains itself on a touch, the explanation inside the phone's screen.
      await phone.page.click('[data-testid="term-eps"]');
      const epsHelp = phone.page.locator('[data-testid="term-eps-text"]');
      expect(await epsHelp.innerText()).toContain('邻域距离');
      const helpBox = (await epsHelp.boundingBox())!;
      expect(helpBox.x).toBeGreaterThanOrEqual(0);
      expect(helpBox.x + helpBox.width).toBeLessThanOrEqual(390);
      expect(helpBox.y + helpBox.height).toBeLessThanOrEqual(844);
      await phone.screenshot('hotspots-08-phone-term-eps');
      await phone.page.click('[data-testid="term-eps"]');
      expect(await epsHelp.count()).toBe(0);
      await phone.page.waitForTimeout(300);
      await phone.screenshot('hotspots-03-phone-drawer');

      await phone.page.locator('[data-testid="hotspot-row"]').first().scrollIntoViewIfNeeded();
      await phone.page.locator('[data-testid="hotspot-row"]').first().click();
      await phone.page.waitForSelector('[data-testid="hotspot-details"]');
      await poll(() => panel.evaluate((el) => el.getBoundingClientRect().top >= window.innerHeight)).toBe(true);
      await phone.waitForMapStill();
      await phone.screenshot('hotspots-04-phone-details');
    } finally {
      await phone.close();
    }
  }, 180_000);
});

describe("the leaders' dashboard", () => {
  it("a leader reads the city and its counties for 2024, opens 东阿's townships, and each view is its URL", async () => {
    const page = desk.page;
    type Answer = {
      period: { from: string; to: string };
      total: { accidents: number; deaths: number };
      parts: { code: string; accidents: number; grade: string; gradeRules: string[]; hazards: { open: number } }[];
    };
    const api = (query: string) => page.evaluate((q) => fetch(`/api/dashboard?${q}`).then((r) => r.json()), query) as Promise<Answer>;
    const shown = () => page.locator('[data-testid="kpi-accidents"] .kpi-value').innerText();
    const rowsShown = () => page.locator('[data-testid="dashboard-row"]').evaluateAll((els) => els.map((r) => [r.getAttribute('data-code'), r.querySelector('[data-measure="accidents"]')?.textContent]));
    // Opening the app at home, the leader signs in and starts on the dashboard.
    await page.goto(app.url);
    await desk.signIn('leader', DEMO_PASSWORD);
    await page.waitForSelector('[data-testid="dashboard-table"]', { timeout: 30_000 });
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await page.selectOption('[data-testid="period-kind"]', 'year');
    await page.selectOption('[data-testid="period-at"]', '2024');
    await poll(() => new URL(page.url()).search).toBe('?period=year&at=2024');
    const city = await api('period=year&at=2024');
    expect(city.total.accidents).toBeGreaterThan(0);
    await poll(shown).toBe(String(city.total.accidents));
    await poll(rowsShown).toEqual(city.parts.map((p) => [p.code, String(p.accidents)]));
    await desk.screenshot('dashboard-01-city');

    // 东阿 opens its townships; a reload keeps the view, the back button goes back to the city.
    await page.locator('[data-testid="dashboard-row"][data-code="371524"] button').click();
    await poll(() => new URL(page.url()).searchParams.get('area')).toBe('371524');
    const county = await api('period=year&at=2024&area=371524');
    await poll(shown).toBe(String(county.total.accidents));
    expect(county.total.accidents).toBe(city.parts.find((p) => p.code === '371524')!.accidents);
    await poll(rowsShown).toEqual(county.parts.map((p) => [p.code, String(p.accidents)]));
    const beforeReload = desk.requests.length;
    await page.reload();
    await page.waitForSelector('[data-testid="dashboard-table"]', { timeout: 30_000 });
    await poll(shown).toBe(String(county.total.accidents));
    // A page opened on the dashboard does not start the map's workers (a map page does, at once).
    expect(desk.requests.slice(beforeReload).filter((u) => u.includes('maplibre-gl-worker'))).toEqual([]);
    await desk.screenshot('dashboard-02-county');
    await page.goBack();
    await poll(() => new URL(page.url()).searchParams.get('area')).toBeNull();
    await poll(shown).toBe(String(city.total.accidents));

    // 红黄绿: each county's badge is the API's grade, naming its rules.
    const grades = () => page.locator('[data-testid="dashboard-row"] .grade-badge').evaluateAll((els) => els.map((b) => [b.getAttribute('data-grade'), b.getAttribute('data-rules')]));
    await poll(grades).toEqual(city.parts.map((p) => [p.grade, p.gradeRules.join(' ')]));
    expect(await page.locator('[data-testid="grade-rules"] li').count()).toBe(5);

    // 生成通报: the PDF downloads, and says what the page shows (its pages are rendered and looked at by hand).
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="briefing-pdf"]')]);
    expect(download.suggestedFilename()).toBe('聊城市道路交通安全工作通报-2024-01-01至2024-12-31.pdf');
    const file = path.join(SCREENSHOT_DIR, 'dashboard-briefing.pdf');
    await download.saveAs(file);
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const pdf = await getDocument({ data: new Uint8Array(fs.readFileSync(file)) }).promise;
    const first = ((await (await pdf.getPage(1)).getTextContent()).items as { str: string }[]).map((x) => x.str).join('').replace(/\s+/g, '');
    expect(first).toContain(`本期聊城市共发生道路交通事故${city.total.accidents}起`);
    expect(first).toContain(`死亡${city.total.deaths}人`);

    // A red county into the map: that county outlined, its accidents of the period alone, as many as its row.
    const red = city.parts.find((p) => p.grade === 'red') ?? city.parts[0];
    await page.locator(`[data-testid="dashboard-row"][data-code="${red.code}"] [data-testid="dashboard-map-link"]`).click();
    await desk.waitForMap();
    await page.waitForSelector(`[data-testid="area-chip"][data-code="${red.code}"]`, { timeout: 30_000 });
    const q = new URL(page.url()).searchParams;
    expect([new URL(page.url()).pathname, q.get('area'), q.get('from'), q.get('to')]).toEqual(['/map', red.code, city.period.from, city.period.to]);
    const count = () => page.locator('[data-testid="accident-count"]').getAttribute('data-count');
    await poll(count).toBe(String(red.accidents));
    await desk.waitForMapStill();
    await desk.screenshot('dashboard-03-county-map');
    // 保存地图: the view as a PNG, the map with a legend beside it and a title above (looked at by hand).
    const [saved] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="save-map"]')]);
    expect(saved.suggestedFilename()).toMatch(/^(聊城道路交通安全地图|liaocheng-road-safety-map)-\d{4}-\d{2}-\d{2}\.png$/); // the page may be in English by now
    const image = path.join(SCREENSHOT_DIR, 'dashboard-04-saved-map.png');
    await saved.saveAs(image);
    const canvas = await page.evaluate(() => [window.__changan!.map.getCanvas().width, window.__changan!.map.getCanvas().height]);
    const meta = await sharp(image).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', canvas[0] + 280, canvas[1] + 66]);
    // A reload opens the same map, where the user left it; the back button returns to the dashboard.
    await page.click('.maplibregl-ctrl-zoom-in');
    await poll(() => new URL(page.url()).searchParams.get('at')).not.toBeNull();
    const at = new URL(page.url()).searchParams.get('at')!;
    await page.reload();
    await desk.waitForMap();
    await poll(count).toBe(String(red.accidents));
    const zoom = await page.evaluate(() => window.__changan!.map.getZoom());
    expect(zoom).toBeCloseTo(Number(at.split(',')[2]), 1);
    await page.click('[data-testid="area-clear"]');
    await poll(count).not.toBe(String(red.accidents));
    expect(new URL(page.url()).searchParams.get('area')).toBeNull();
    await page.goBack();
    await page.waitForSelector('[data-testid="dashboard-table"]', { timeout: 30_000 });

    // Back to the map.
    await page.click('[data-testid="open-map"]');
    await desk.waitForMap();
    expect(new URL(page.url()).pathname).toBe('/map');
    await desk.signOut();

    // 东阿's brigade leader starts on 东阿's dashboard, township by township.
    await page.goto(app.url);
    await desk.signIn('leader.donge', DEMO_PASSWORD);
    await page.waitForSelector('[data-testid="dashboard-table"]', { timeout: 30_000 });
    const own = await api('period=ytd');
    expect(own.parts.length).toBeGreaterThan(5);
    await poll(rowsShown).toEqual(own.parts.map((p) => [p.code, String(p.accidents)]));
    await poll(() => page.locator('[data-testid="indicator-hotspots"] .kpi-value').innerText()).not.toBe('…');
    await desk.screenshot('dashboard-05-county-leader');
    // A township's number of hazards opens the ledger at that township: what the API holds there, not the county's.
    const busy = [...own.parts].sort((a, b) => b.hazards.open - a.hazards.open)[0];
    await page.click(`[data-testid="dashboard-row"][data-code="${busy.code}"] [data-measure="found"] a`);
    await desk.waitForMap();
    const rowCounts = page.locator('[data-testid="ledger-counts"]');
    await rowCounts.waitFor({ timeout: 30_000 });
    const held = (where: string) => page.evaluate((q) => fetch(`/api/hazards?format=geojson&pageSize=5000&${q}`).then((r) => r.json()).then((fc) => fc.features.length), where) as Promise<number>;
    const inTownship = await held(`township=${busy.code}`);
    await poll(() => rowCounts.getAttribute('data-total')).toBe(String(inTownship));
    expect(inTownship).toBeLessThanOrEqual(await held('county=371524'));
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toMatchObject({ ledger: '1', area: busy.code });
    await page.goBack();
    await page.waitForSelector('[data-testid="dashboard-table"]', { timeout: 30_000 });
    // 逾期未改 opens the ledger on the map, overdue only: as many as the tile says.
    const overdue = await page.locator('[data-testid="kpi-overdue"] .kpi-value').innerText();
    await page.click('[data-testid="kpi-overdue"]');
    await desk.waitForMap();
    const counts = page.locator('[data-testid="ledger-counts"]');
    await counts.waitFor({ timeout: 30_000 });
    await poll(() => counts.getAttribute('data-total')).toBe(overdue);
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toMatchObject({ ledger: '1', overdue: '1', area: '371524' });
    await desk.signOut();
  }, 180_000);
});

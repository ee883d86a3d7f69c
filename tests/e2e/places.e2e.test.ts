import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '@api/seed/accounts';
import type { MarketAnalysis, MarketDetail, MarketSchedule } from '@client/layers/markets/market-types';
import type { SchoolCollection } from '@client/layers/schools/school-types';
import { okJson } from '../support/session';
import type { AppDriver } from './driver';
import { openE2e, type E2e } from './session';

/** Software WebGL keeps the page's main thread busy: give UI changes time to land. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });

let e2e: E2e;
let desk: AppDriver;
const api = <T>(path: string) => okJson(fetch(new URL(path, e2e.app.url))) as Promise<T>;

beforeAll(async () => {
  e2e = await openE2e({ accidents: false });
  desk = e2e.desk;
}, 300_000);

afterAll(async () => {
  await e2e?.close();
});

describe.sequential('places with a timetable on a desk', () => {
  it('shows a planner which markets meet today and this week, the same as the API says', async () => {
    const page = desk.page;
    const schedule = await api<MarketSchedule>('/api/markets/schedule');
    await page.click('[data-testid="market-toggle"]');
    // Opening the section turns the layer on.
    await poll(() => page.isChecked('[data-testid="layer-toggle-markets"]')).toBe(true);
    await page.waitForSelector('[data-testid="market-day-6"]', { timeout: 30_000 });
    const counts = await page.$$eval('[data-testid^="market-day-"][data-count]', (chips) => chips.map((c) => Number(c.getAttribute('data-count'))));
    expect(counts).toEqual(schedule.days.map((d) => d.marketIds.length));
    expect(await page.getAttribute('[data-testid="market-day-0"]', 'aria-pressed')).toBe('true');
    expect(await page.innerText('[data-testid="market-day-0"]')).toMatch(/^今天 \d+$/);

    // The busiest day of the week: its markets, by id, with their lunar date above them.
    const busiest = schedule.days.reduce((best, d, i) => (d.marketIds.length > schedule.days[best].marketIds.length ? i : best), 0);
    await page.click(`[data-testid="market-day-${busiest}"]`);
    await poll(async () =>
      (await page.$$eval('[data-testid="market-meeting-row"]', (rows) => rows.map((r) => Number(r.getAttribute('data-id'))))).sort((a, b) => a - b),
    ).toEqual([...schedule.days[busiest].marketIds].sort((a, b) => a - b));
    expect(await page.innerText('[data-testid="market-day-line"]')).toMatch(/^\d+月\d+日 周[一二三四五六日] · 农历(闰)?[正二三四五六七八九十冬腊]+月[初十廿三][一二三四五六七八九十]/);
    await desk.screenshot('places-01-market-week');
  }, 120_000);

  it('ranks the markets by their market-day ratio as the analysis does, and opens one with its next ten market days', async () => {
    const page = desk.page;
    const analysis = await api<MarketAnalysis>('/api/markets/analysis');
    expect(analysis.markets.length).toBeGreaterThan(0);
    const rows = page.locator('[data-testid="market-row"]');
    await rows.first().waitFor({ timeout: 30_000 });
    const shown = await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-id'))));
    expect(shown).toEqual(analysis.markets.slice(0, shown.length).map((m) => m.id));

    await rows.first().click();
    const id = shown[0];
    const card = page.locator(`[data-testid="market-details"][data-id="${id}"]`);
    await card.locator('[data-testid="market-next-days"] li').first().waitFor({ timeout: 20_000 });
    const detail = await api<MarketDetail>(`/api/markets/${id}`);
    const days = await card.locator('[data-testid="market-next-days"] li').allInnerTexts();
    expect(days).toHaveLength(detail.nextDays.length);
    expect(days[0]).toContain(`${Number(detail.nextDays[0].date.slice(5, 7))}月${Number(detail.nextDays[0].date.slice(8))}日`);
    const row = analysis.markets[0];
    const cells = await card.locator('[data-testid="market-analysis-market"] td').allInnerTexts();
    expect(cells.slice(0, 2).map(Number)).toEqual([row.marketDays.days, row.marketDays.crashes]);
    await desk.screenshot('places-02-market-card');

    const file = await desk.download('[data-testid="market-export-xlsx"]');
    expect(file.name).toMatch(/^马路市场集日分析.*\.xlsx$/);
    expect(file.bytes.subarray(0, 2).toString()).toBe('PK');
    await page.keyboard.press('Escape');
    await card.waitFor({ state: 'detached' });
  }, 120_000);

  it('lets a leader see the schools of a county without a guard post', async () => {
    const page = desk.page;
    await desk.signIn('leader', DEMO_PASSWORD);
    const county = '371524';
    const none = await api<SchoolCollection>(`/api/schools?county=${county}&guardPost=none`);
    const all = await api<SchoolCollection>(`/api/schools?county=${county}`);
    expect(all.features.length).toBeGreaterThan(none.features.length);

    await page.click('[data-testid="school-toggle"]');
    await poll(() => page.isChecked('[data-testid="layer-toggle-schools"]')).toBe(true);
    await page.waitForSelector('[data-testid="school-row"]', { timeout: 30_000 });
    await page.selectOption('[data-testid="school-county"]', county);
    await page.click('[data-testid="school-state-noGuardPost"]');
    await poll(async () =>
      (await page.$$eval('[data-testid="school-row"]', (rows) => rows.map((r) => Number(r.getAttribute('data-id'))))).sort((a, b) => a - b),
    ).toEqual(none.features.map((f) => f.id).sort((a, b) => a - b));
    // The tally by township adds up to the county's schools without a post.
    const perTownship = await page.$$eval('[data-testid="school-tally-no-post"]', (cells) => cells.map((c) => Number(c.textContent)));
    expect(perTownship.reduce((a, b) => a + b, 0)).toBe(none.features.length);
    await desk.screenshot('places-03-schools-without-post');
    await desk.signOut();
  }, 120_000);
});

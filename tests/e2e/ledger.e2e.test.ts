import { booleanPointInPolygon } from '@turf/turf';
import { strFromU8, unzipSync } from 'fflate';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '@api/start';
import { DEMO_PASSWORD } from '@api/seed/accounts';
import { AppDriver } from './driver';
import { openE2e, type E2e } from './session';

const root = path.resolve(import.meta.dirname, '../..');
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });

/** Near the 东阿 county seat; the test checks it lies inside the county polygon first. */
const DONGE_POINT: [number, number] = [116.25, 36.33];
const DONGE = '371524';

/** A local date (UTC+8) some days from today. */
const localDate = (daysAhead: number) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + daysAhead * 86_400_000));

let app: RunningApp;
let browser: Browser;
let desk: AppDriver;
/** The number the API gave the hazard registered below. */
let number = '';

let e2e: E2e;

beforeAll(async () => {
  e2e = await openE2e({ accidents: false });
  ({ app, browser, desk } = e2e);
}, 240_000);

afterAll(() => e2e?.close());

const details = () => desk.page.locator('[data-testid="hazard-details"]');

// One hazard walked from registration to closure by two users, as the ledger's life cycle runs.
describe.sequential('the hazard ledger', () => {
  it('shows the map without signing in, and no ledger', async () => {
    expect(await desk.page.locator('[data-testid="sign-in"]').count()).toBe(1);
    expect(await desk.page.locator('[data-testid="ledger-toggle"]').count()).toBe(0);
    expect(await desk.page.locator('[data-testid="layer-toggle-hazards"]').count()).toBe(0);
  });

  it('says in Chinese when the password is wrong', async () => {
    await desk.page.click('[data-testid="sign-in"]');
    const dialog = desk.page.locator('[data-testid="sign-in-dialog"]');
    await dialog.locator('input[name="username"]').fill('officer.donge');
    await dialog.locator('input[name="password"]').fill('not-the-password');
    await dialog.locator('[data-testid="sign-in-submit"]').click();
    await poll(() => dialog.locator('[data-testid="sign-in-error"]').count()).toBe(1);
    expect(await dialog.locator('[data-testid="sign-in-error"]').innerText()).toBe('用户名或密码错误。');
    await desk.page.keyboard.press('Escape');
    await poll(() => dialog.count()).toBe(0);
  });

  it('lets officer.donge register a hazard by clicking the map inside 东阿县, and assign it', async () => {
    const counties = (await (await fetch(`${app.url}/api/jurisdictions?level=county`)).json()) as GeoJSON.FeatureCollection;
    const donge = counties.features.find((f) => f.properties?.code === DONGE)!;
    expect(booleanPointInPolygon(DONGE_POINT, donge as never)).toBe(true);

    await desk.signIn('officer.donge', DEMO_PASSWORD);
    const header = await desk.page.locator('[data-testid="user-menu"]').innerText();
    expect(header).toContain('东阿县大队民警');
    expect(header).toContain('民警');
    await desk.openLedger();
    await desk.registerHazardAt(DONGE_POINT, { type: 'vegetation', description: '路口绿化带遮挡视线（浏览器测试）', risk: 'high', roadName: '艾山路' });
    number = await details().locator('h2').innerText();
    expect(number).toMatch(new RegExp(`^${DONGE}-\\d{4}-\\d{4}$`));
    expect(await desk.hazardActions()).toContain('assign');
    await desk.waitForMapStill();
    await poll(() => desk.pickableCount('hazards')).toBeGreaterThan(0);

    await desk.takeHazardAction('assign', { unitCode: '371524-jtj', deadline: localDate(30), plan: '修剪绿化带，设置警示标志', noticeNo: '东公交隐〔2026〕1号' }, 'assigned');
    expect(await details().innerText()).toContain('东阿县交通运输局');
    await desk.signOut();
    expect(await details().count()).toBe(0);
    expect(await desk.page.locator('[data-testid="ledger-panel"]').count()).toBe(0);
  }, 180_000);

  it('lets liaison.jiaotong start the work and report it done', async () => {
    await desk.signIn('liaison.jiaotong', DEMO_PASSWORD);
    await desk.openLedgerRow(number);
    expect(await desk.hazardActions()).toEqual(expect.arrayContaining(['start', 'report']));
    expect(await desk.hazardActions()).not.toContain('pass');
    await desk.takeHazardAction('start', { measures: '设置临时警示牌' }, 'rectifying');
    await desk.takeHazardAction('report', { note: '绿化带已修剪至 0.7 米以下，警示标志已设置' }, 'inspecting');
    await desk.signOut();
  }, 120_000);

  it('lets officer.donge pass the re-inspection; the timeline shows every step by both users', async () => {
    await desk.signIn('officer.donge', DEMO_PASSWORD);
    await desk.openLedgerRow(number);
    expect(await desk.hazardActions()).toEqual(expect.arrayContaining(['pass', 'fail']));
    await desk.takeHazardAction('pass', {}, 'closed');

    expect(await desk.timeline()).toEqual([
      { action: 'register', actor: 'officer.donge' },
      { action: 'assign', actor: 'officer.donge' },
      { action: 'start', actor: 'liaison.jiaotong' },
      { action: 'report', actor: 'liaison.jiaotong' },
      { action: 'pass', actor: 'officer.donge' },
    ]);
    const text = await details().innerText();
    expect(text).toContain('东阿县交通运输局联络员');
    expect(text).toContain('绿化带已修剪至 0.7 米以下');
    expect(text).toContain('复查通过（销号）');
    expect(text).toContain('整改销号');
    await desk.page.locator('[data-testid="ledger-panel"] [aria-label="关闭"]').click();
    await details().evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await desk.waitForMapStill();
    await desk.screenshot('ledger-01-closed-timeline');
  }, 120_000);

  it('works in a phone’s drawer: the list, then the hazard as a sheet', async () => {
    const phone = await AppDriver.open(browser, app.url, { width: 390, height: 844 });
    try {
      await phone.waitForMap();
      await phone.signIn('officer.donge', DEMO_PASSWORD);
      await phone.openLedgerRow(number);
      const drawer = (await phone.page.locator('[data-testid="hazard-details"]').boundingBox())!;
      expect(drawer.x).toBeGreaterThanOrEqual(0);
      expect(drawer.x + drawer.width).toBeLessThanOrEqual(390);
      expect(drawer.y + drawer.height).toBeLessThanOrEqual(845);
      await phone.page.click('[data-testid="hazard-action-reopen"]');
      const note = phone.page.locator('[data-testid="action-note"]');
      const box = (await note.boundingBox())!;
      expect(box.width).toBeGreaterThan(200);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      await phone.waitForMapStill();
      await phone.screenshot('ledger-02-phone-action');
    } finally {
      await phone.close();
    }
  }, 120_000);

  it('counts the brigade’s hazards by township and hands out the ledger as Excel', async () => {
    await desk.openLedger();
    const summary = desk.page.locator('[data-testid="ledger-summary"]');
    await summary.locator('summary').click();
    const row = summary.locator(`tr[data-code^="${DONGE}"]`).first();
    await row.waitFor({ timeout: 20_000 });
    expect(await summary.innerText()).toContain('整改率');
    await desk.screenshot('ledger-03-summary');
    const href = await desk.page.getAttribute('[data-testid="ledger-export"]', 'href');
    const res = await desk.page.request.get(href!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toMatch(/spreadsheetml/);
    const sheet = strFromU8(unzipSync(new Uint8Array(await res.body()))['xl/worksheets/sheet1.xml']);
    expect(sheet).toContain(number);
  }, 60_000);

  it('logged no errors in the page', () => {
    // The browser logs every 4xx: the wrong password's 401 was asked for.
    expect(desk.consoleErrors.filter((e) => !/status of 401.*\/api\/auth\/login\)$/.test(e))).toEqual([]);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { booleanPointInPolygon } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { strFromU8, unzipSync } from 'fflate';
import sharp from 'sharp';
import type { Browser } from 'playwright-core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApp, type RunningApp } from '@api/start';
import { DEMO_PASSWORD } from '@api/seed/accounts';
import { wgs84ToGcj02 } from '@api/lib/china-crs';
import { readTable } from '@api/lib/table-reader';
import { ACCIDENT_COLUMNS } from '@shared/accidents/accident-columns';
import ExcelJS from 'exceljs';
import { linkProxy } from '@scripts/link-proxy';
import { AppDriver, LAN_NAME } from './driver';
import { openE2e, type E2e } from './session';

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });

/** Near the 东阿 county seat; the test checks it lies inside the county polygon first. */
const DONGE_POINT: [number, number] = [116.25, 36.33];
const DONGE = '371524';
/** A phone's screen, as the officers and liaisons in the field hold it. */
const PHONE = { width: 390, height: 844 };

/** Where the imported street lamp (照明缺失) stands, 490 m from DONGE_POINT. */
const LAMP_POINT: [number, number] = [116.254, 36.333];

/** A 640×480 photo of one colour, as a phone would send it. */
const photo = async (name: string, background: { r: number; g: number; b: number }, format: 'jpeg' | 'png' = 'jpeg') => ({
  name,
  mimeType: `image/${format}`,
  buffer: await sharp({ create: { width: 640, height: 480, channels: 3, background } }).toFormat(format).toBuffer(),
});

/** A local date (UTC+8) some days from today. */
const localDate = (daysAhead: number) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + daysAhead * 86_400_000));

let app: RunningApp;
let browser: Browser;
let desk: AppDriver;
/** The number the API gave the hazard registered below. */
let number = '';
/** The number the import gave the overdue street lamp. */
let lampNumber = '';

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

  it('asks to wait after five failed sign-ins to one account', async () => {
    await desk.page.click('[data-testid="sign-in"]');
    const dialog = desk.page.locator('[data-testid="sign-in-dialog"]');
    const error = dialog.locator('[data-testid="sign-in-error"]');
    await dialog.locator('input[name="username"]').fill('e2e.guesser');
    for (let attempt = 1; attempt <= 6; attempt++) {
      await dialog.locator('input[name="password"]').fill(`guess-${attempt}`);
      // Each answer replaces the last: wait for this one (and its message) before the next try.
      const answered = desk.page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
      await dialog.locator('[data-testid="sign-in-submit"]').click();
      const status = (await answered).status();
      expect(status).toBe(attempt <= 5 ? 401 : 429);
      await poll(async () => (await error.count()) > 0 && (await dialog.locator('[data-testid="sign-in-submit"]').isEnabled())).toBe(true);
    }
    await poll(() => error.innerText()).toBe('登录失败次数过多，请 15 分钟后再试。');
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

  it('tells liaison.jiaotong on a phone at sign-in what comes due; the unit starts the work, asks for more time and reports it done with a photo', async () => {
    // Two days before the deadline (set in the database: a deadline is never before the day found).
    const pool = new pg.Pool({ ...inject('db').connection, max: 1 });
    await pool.query(`UPDATE hazards SET deadline = $2 WHERE number = $1`, [number, localDate(2)]).finally(() => pool.end());
    // The unit's liaison works from a phone at the site.
    const phone = await AppDriver.open(browser, app.url, PHONE);
    const sheet = phone.page.locator('[data-testid="hazard-details"]');
    const fits = async (selector: string) => {
      const box = (await phone.page.locator(selector).first().boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    };
    try {
      await phone.waitForMap();
      await phone.signIn('liaison.jiaotong', DEMO_PASSWORD, { keepDueReminder: true });
      // 到期提醒: the unit's deadlines as the API counts them, this one among those due within 3 days.
      const due = (await phone.page.evaluate(() => fetch('/api/hazards/due').then((r) => r.json()))) as { overdue: { total: number }; dueSoon: { total: number } };
      const reminder = phone.page.locator('[data-testid="due-reminder"]');
      await reminder.waitFor({ timeout: 20_000 });
      await fits('[data-testid="due-reminder"]');
      expect(Number(await reminder.locator('[data-testid="due-dueSoon"]').getAttribute('data-total'))).toBe(due.dueSoon.total);
      expect(await reminder.locator('[data-testid="due-overdue"]').count()).toBe(due.overdue.total > 0 ? 1 : 0);
      const row = reminder.locator('[data-testid="due-row"]', { hasText: number });
      expect(await row.innerText()).toContain(`${localDate(2)} · 还剩 2 天`);
      await phone.screenshot('ledger-07-phone-due-reminder');
      await row.click();
      await poll(() => sheet.locator('h2').innerText().catch(() => '')).toBe(number);
      expect(await reminder.count()).toBe(0);
      await fits('[data-testid="hazard-details"]');
      expect(await phone.page.locator('[data-testid="ledger-due-count"]').innerText()).toBe(String(due.overdue.total + due.dueSoon.total));

      expect(await phone.hazardActions()).toEqual(expect.arrayContaining(['start', 'report', 'return', 'extend']));
      expect(await phone.hazardActions()).not.toContain('pass');
      // Started with a photo of the site as it is (整改前).
      await phone.takeHazardAction('start', { measures: '设置临时警示牌' }, 'rectifying', [await photo('现场.jpg', { r: 160, g: 120, b: 60 })]);
      // 申请延期: a later deadline and why; the card says it waits for the brigade.
      await phone.takeHazardAction('extend', { deadline: localDate(30), note: '需采购苗木，申请延期' }, 'rectifying');
      expect(await sheet.innerText()).toContain(`申请延至 ${localDate(30)}，待大队批复`);
      expect(await phone.hazardActions()).not.toContain('extend');
      // Reporting done without a photo is stopped in the form, the words typed kept.
      await sheet.locator('[data-testid="hazard-action-report"]').click();
      const form = sheet.locator('[data-testid="action-form"][data-action="report"]');
      await fits('[data-testid="action-form"][data-action="report"]');
      await form.locator('[data-testid="action-note"]').fill('绿化带已修剪至 0.7 米以下，警示标志已设置');
      await form.locator('[data-testid="action-submit"]').click();
      expect(await form.locator('[data-testid="photo-required"]').innerText()).toContain('至少一张');
      expect(await form.locator('[data-testid="action-note"]').inputValue()).toBe('绿化带已修剪至 0.7 米以下，警示标志已设置');
      await form.locator('[data-testid="action-photos"]').setInputFiles([await photo('修剪后.jpg', { r: 70, g: 150, b: 70 })]);
      await form.locator('[data-testid="action-submit"]').click();
      await phone.page.waitForSelector('[data-testid="hazard-details"][data-status="inspecting"]', { timeout: 20_000 });
      await poll(() => sheet.locator('[data-testid="hazard-photos"]').getAttribute('data-count')).toBe('2');
      const report = sheet.locator('[data-testid="timeline-event"][data-action="report"]');
      expect(await report.getAttribute('data-photos')).toBe('1');
      // 整改前后 side by side on the phone too: one row, both inside the screen.
      const pair = sheet.locator('[data-testid="before-after"]');
      await pair.scrollIntoViewIfNeeded();
      const [before, after] = [(await pair.locator('[data-testid="photos-before"]').boundingBox())!, (await pair.locator('[data-testid="photos-after"]').boundingBox())!];
      expect(Math.abs(before.y - after.y)).toBeLessThan(2);
      expect(after.x).toBeGreaterThan(before.x + before.width - 1);
      expect(after.x + after.width).toBeLessThanOrEqual(PHONE.width);
      await phone.screenshot('ledger-07b-phone-reported');
      expect(phone.consoleErrors).toEqual([]);
    } finally {
      await phone.close();
    }
  }, 120_000);

  it('lets officer.donge pass the re-inspection; the timeline shows every step by both users', async () => {
    await desk.signIn('officer.donge', DEMO_PASSWORD);
    await desk.openLedgerRow(number);
    expect(await desk.hazardActions()).toEqual(expect.arrayContaining(['pass', 'fail']));
    // The officer adds a photo of the re-inspection from the drawer, then looks at the unit's.
    const photos = details().locator('[data-testid="hazard-photos"]');
    await photos.locator('[data-testid="photo-add-input"]').setInputFiles([await photo('复查.png', { r: 200, g: 200, b: 60 }, 'png')]);
    await poll(() => photos.getAttribute('data-count')).toBe('3');
    await photos.locator('[data-testid="photo-thumb"]').nth(1).click();
    const viewer = desk.page.locator('[data-testid="photo-viewer"]');
    await poll(() => viewer.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(640);
    expect(await viewer.innerText()).toContain('东阿县交通运输局联络员');
    await desk.screenshot('ledger-05-photo');
    await desk.page.keyboard.press('Escape');
    await poll(() => viewer.count()).toBe(0);
    expect(await details().count()).toBe(1); // Escape closed the photo, not the drawer
    // 整改前后 side by side: the site when the work started, and the unit's evidence.
    const pair = details().locator('[data-testid="before-after"]');
    expect([await pair.locator('[data-testid="photos-before"]').getAttribute('data-count'), await pair.locator('[data-testid="photos-after"]').getAttribute('data-count')]).toEqual(['1', '1']);
    await pair.scrollIntoViewIfNeeded();
    await desk.screenshot('ledger-08-before-after');
    await desk.takeHazardAction('pass', {}, 'closed');

    expect(await desk.timeline()).toEqual([
      { action: 'register', actor: 'officer.donge' },
      { action: 'assign', actor: 'officer.donge' },
      { action: 'start', actor: 'liaison.jiaotong' },
      { action: 'extend', actor: 'liaison.jiaotong' },
      { action: 'report', actor: 'liaison.jiaotong' },
      { action: 'photos', actor: 'officer.donge' },
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

  it('lets a liaison send back a hazard that is not theirs and ask for more time on another; the brigade refuses, then grants', async () => {
    // Two more hazards for the unit, registered and assigned by officer.donge through the API (the
    // browser walked those steps above); the liaison and the officer act on them in the browser.
    const api = (method: string, path: string, body: unknown) =>
      desk.page.evaluate(
        async ({ method, path, body }) => {
          const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
          const r = await fetch(path, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: JSON.stringify(body) });
          return (await r.json()) as { id: number; number: string; version: number };
        },
        { method, path, body },
      );
    const made: string[] = [];
    for (const [i, at] of ([[116.22, 36.3], [116.232, 36.292]] as const).entries()) {
      const h = await api('POST', '/api/hazards', { type: 'vegetation', description: `浏览器测试：绿植遮挡 ${i + 1}`, risk: 'high', lon: at[0], lat: at[1] });
      await api('POST', `/api/hazards/${h.id}/transitions`, { action: 'assign', version: h.version, unitCode: '371524-jtj', deadline: localDate(20) });
      made.push(h.number);
    }
    const [wrong, slow] = made;
    // Signed out with the drawer open: it closes, and nothing that needs the session is read
    // again as it ends (no 401 in the console, which the driver fails on).
    const signOutAsIs = async () => {
      await desk.signOut();
      await poll(() => details().count()).toBe(0);
    };
    // The 整改期限 row of the drawer.
    const deadlineShown = () =>
      details().evaluate((el) => [...el.querySelectorAll('dt')].find((dt) => dt.textContent === '整改期限')?.nextElementSibling?.textContent ?? null);
    await signOutAsIs();
    await desk.signIn('liaison.jiaotong', DEMO_PASSWORD);
    // 退回: not the unit's work, with the reason; the hazard goes back to the brigade, unassigned.
    // It then leaves the unit's ledger: the drawer closes and its row goes.
    await desk.openLedgerRow(wrong);
    await details().locator('[data-testid="hazard-action-return"]').click();
    const form = details().locator('[data-testid="action-form"][data-action="return"]');
    await form.locator('[data-testid="action-note"]').fill('该路段属公路中心养护，非交通局职责');
    await form.locator('[data-testid="action-submit"]').click();
    await poll(() => desk.page.locator(`[data-testid="ledger-row"][data-number="${wrong}"]`).count()).toBe(0);
    await poll(() => details().count()).toBe(0);
    // 申请延期 on the other.
    await desk.openLedgerRow(slow);
    await desk.takeHazardAction('extend', { deadline: localDate(45), note: '雨季无法施工' }, 'assigned');
    await signOutAsIs();

    await desk.signIn('officer.donge', DEMO_PASSWORD);
    await desk.openLedgerRow(wrong);
    expect(await details().getAttribute('data-status')).toBe('registered');
    expect(await details().innerText()).toContain('该路段属公路中心养护，非交通局职责');
    expect(await desk.hazardActions()).toContain('assign'); // back with the brigade, to assign again
    await desk.openLedgerRow(slow);
    expect(await details().innerText()).toContain(`申请延至 ${localDate(45)}，待大队批复`);
    expect(await desk.hazardActions()).toEqual(expect.arrayContaining(['grant', 'refuse']));
    // 退回 and 申请延期 are the unit's own word: not offered to the brigade's officer.
    expect(await desk.hazardActions()).not.toContain('return');
    expect(await desk.hazardActions()).not.toContain('extend');
    // 不同意延期, with the reason: the deadline stays, the request is gone.
    await desk.takeHazardAction('refuse', { note: '请先设置警示标志，按期完成' }, 'assigned');
    expect(await details().innerText()).not.toContain('待大队批复');
    expect(await deadlineShown()).toBe(localDate(20));
    await signOutAsIs();

    // Asked again, and granted: the deadline moves.
    await desk.signIn('liaison.jiaotong', DEMO_PASSWORD);
    await desk.openLedgerRow(slow);
    await desk.takeHazardAction('extend', { deadline: localDate(40), note: '警示标志已设，苗木待采购' }, 'assigned');
    await signOutAsIs();
    await desk.signIn('officer.donge', DEMO_PASSWORD);
    await desk.openLedgerRow(slow);
    await desk.takeHazardAction('grant', {}, 'assigned');
    await poll(deadlineShown).toBe(localDate(40));
    expect((await desk.timeline()).map((e) => `${e.action} ${e.actor}`)).toEqual([
      'register officer.donge',
      'assign officer.donge',
      'extend liaison.jiaotong',
      'refuse officer.donge',
      'extend liaison.jiaotong',
      'grant officer.donge',
    ]);
    await desk.screenshot('ledger-10-extension-granted');
    await desk.page.fill('[data-testid="ledger-search"]', number); // where the next tests expect the ledger
  }, 180_000);

  it('works in a phone’s drawer: the list, then the hazard as a sheet', async () => {
    // A phone that knows where it is (in 东阿, near the hazard registered above).
    const here = { longitude: 116.2512, latitude: 36.3311 };
    const phone = await AppDriver.open(browser, app.url, { width: 390, height: 844 }, { geolocation: here, permissions: ['geolocation'] });
    try {
      await phone.waitForMap();
      const before = await phone.mapView();
      await phone.signIn('officer.donge', DEMO_PASSWORD);
      // Signed in, the map goes to the officer's county and outlines it (in the jurisdiction's teal).
      const donge = ((await (await phone.page.request.get(`${app.url}/api/jurisdictions?code=${DONGE}`)).json()) as { features: { bbox: [number, number, number, number]; geometry: Polygon | MultiPolygon }[] }).features[0];
      const [west, south, east, north] = donge.bbox;
      const after = await phone.mapView();
      expect(after.center[0]).toBeGreaterThan(west);
      expect(after.center[0]).toBeLessThan(east);
      expect(after.center[1]).toBeGreaterThan(south);
      expect(after.center[1]).toBeLessThan(north);
      expect(after.zoom).toBeGreaterThan(before.zoom);
      expect(await phone.mapPixelsNear([[15, 118, 110]], 30)).toBeGreaterThan(200);
      await phone.screenshot('ledger-01-phone-scope');
      // The search box finds the hazard by its number and opens it as the sheet.
      await phone.page.fill('[data-testid="search-input"]', number);
      const hit = phone.page.locator('[data-testid="search-result"][data-kind="hazard"]').first();
      await hit.waitFor({ timeout: 20_000 });
      expect(await hit.innerText()).toContain(number);
      await hit.click();
      const sheet = phone.page.locator('[data-testid="hazard-details"]');
      await poll(() => sheet.getAttribute('data-status')).toBeTruthy();
      expect(await sheet.innerText()).toContain(number);
      await phone.waitForMapStill();
      await phone.screenshot('ledger-01b-phone-search-hazard');
      await sheet.locator('[aria-label="关闭"]').click();
      await phone.page.click('[data-testid="search-clear"]');
      await phone.openLedger();
      await phone.page.fill('[data-testid="ledger-search"]', number);
      // Each row says where the hazard is (township, road) under its type: the place column has no room here.
      const place = phone.page.locator(`[data-testid="ledger-row"][data-number="${number}"] [data-testid="ledger-row-place"]`);
      await place.waitFor({ timeout: 20_000 });
      expect(await place.isVisible()).toBe(true);
      expect(await place.innerText()).toMatch(/镇|街道|乡|路/);
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
      // Registering where the officer stands: "my location" instead of a tap on the map.
      await phone.page.locator('[data-testid="hazard-details"] [aria-label="关闭"]').click();
      await phone.openLedger();
      await phone.page.click('[data-testid="ledger-register"]');
      // The banner is a bar at the bottom, in the thumb's reach, the map above it free to tap.
      const banner = (await phone.page.locator('[data-testid="pick-banner"]').boundingBox())!;
      expect(844 - (banner.y + banner.height)).toBeCloseTo(12, 0);
      expect(banner.width).toBeGreaterThan(390 - 30);
      // The scale is lifted above the bar, not hidden under it.
      const scale = (await phone.page.locator('.maplibregl-ctrl-scale').boundingBox())!;
      expect(scale.y + scale.height).toBeLessThanOrEqual(banner.y);
      await phone.screenshot('ledger-03-phone-pick');
      // A tap just outside 东阿 is refused at once, before the form; the position inside is taken.
      await phone.jumpTo({ bounds: donge.bbox, padding: 20 });
      const map = (await phone.page.locator('[data-testid="map"]').boundingBox())!;
      let out: { x: number; y: number } | null = null;
      for (let i = 1; i < 30 && !out; i++) {
        for (let j = 1; j < 30 && !out; j++) {
          const p: [number, number] = [west + ((east - west) * i) / 30, south + ((north - south) * j) / 30];
          if (booleanPointInPolygon(p, donge.geometry)) continue;
          const xy = await phone.page.evaluate((q) => window.__changan!.map.project(q), p);
          if (xy.x > 20 && xy.x < map.width - 20 && map.y + xy.y > 120 && map.y + xy.y < banner.y - 20) out = { x: map.x + xy.x, y: map.y + xy.y };
        }
      }
      expect(out).not.toBeNull();
      await phone.page.mouse.click(out!.x, out!.y);
      const refused = phone.page.locator('[data-testid="pick-refused"]');
      await poll(() => refused.innerText().catch(() => '')).toContain('辖区（东阿县）之外');
      expect(await phone.page.locator('[data-testid="register-form"]').count()).toBe(0);
      await phone.screenshot('ledger-04-phone-outside');
      await phone.page.click('[data-testid="pick-my-location"]');
      await poll(() => phone.page.locator('[data-testid="register-point"]').innerText().catch(() => '')).toBe('位置：116.25120, 36.33110');
      const form = (await phone.page.locator('[data-testid="register-form"]').boundingBox())!;
      expect(form.x + form.width).toBeLessThanOrEqual(390);
    } finally {
      await phone.close();
    }
  }, 120_000);

  it('keeps hazards registered without signal, photo and all, in the outbox, and sends them when the signal returns, checking duplicates then', async () => {
    // Where officer.donge stands, in 东阿, away from the other tests' hazards.
    const here = { longitude: 116.2437, latitude: 36.3182 };
    const phone = await AppDriver.open(browser, app.url, { width: 390, height: 844 }, { geolocation: here, permissions: ['geolocation'] });
    const tag = `无信号登记 ${Date.now()}`;
    try {
      await phone.waitForMap();
      await phone.signIn('officer.donge', DEMO_PASSWORD);
      const registerHere = async (description: string, withPhoto: boolean) => {
        await phone.openLedger();
        await phone.page.click('[data-testid="ledger-register"]');
        await phone.page.click('[data-testid="pick-my-location"]');
        const form = phone.page.locator('[data-testid="register-form"]');
        await form.waitFor();
        await form.locator('[data-testid="register-type"]').selectOption('signs_markings');
        await form.locator('[data-testid="register-description"]').fill(description);
        if (withPhoto) await form.locator('[data-testid="register-photos"]').setInputFiles([await photo('标志缺失.jpg', { r: 180, g: 60, b: 60 })]);
        await form.locator('[data-testid="register-submit"]').click();
        await poll(() => form.count()).toBe(0);
      };
      // No signal: the form closes, saying where the hazard went; nothing is lost.
      await phone.setOffline(true);
      await registerHere(`${tag}：路口让行标志缺失`, true);
      expect(await phone.page.locator('[data-testid="outbox-notice"]').innerText()).toContain('待发送');
      // The same place and type again (a duplicate the server will see once the first is in).
      await registerHere(`${tag}：同一路口再次登记`, false);
      const outbox = phone.page.locator('[data-testid="outbox"]');
      await poll(() => outbox.getAttribute('data-count')).toBe('2');
      await phone.page.click('[data-testid="outbox-toggle"]');
      expect(await phone.page.locator('[data-testid="outbox-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state')))).toEqual(['waiting', 'waiting']);
      expect(await outbox.innerText()).toContain('1 张照片');
      await phone.screenshot('ledger-11-phone-outbox-offline');

      // The signal returns: the first is sent with its photo; the second is stopped as a possible duplicate of it.
      await phone.setOffline(false);
      const row = phone.page.locator('[data-testid="outbox-row"]');
      await expect.poll(() => row.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state'))), { timeout: 45_000 }).toEqual(['duplicate']);
      expect(await row.innerText()).toContain('附近已有同类隐患');
      await phone.screenshot('ledger-12-phone-outbox-duplicate');
      const saved = async () =>
        (await (await phone.page.request.get(`${app.url}/api/hazards?q=${encodeURIComponent(tag)}&pageSize=50`)).json()) as { items: { id: number; number: string; description: string }[] };
      const first = (await saved()).items;
      expect(first.map((h) => h.description)).toEqual([`${tag}：路口让行标志缺失`]);
      const detail = (await (await phone.page.request.get(`${app.url}/api/hazards/${first[0].id}`)).json()) as { attachments?: unknown[]; events: { attachmentIds?: number[] }[] };
      expect(JSON.stringify(detail)).toContain('标志缺失.jpg');
      // Not a duplicate, says the officer: it goes too, and the outbox is empty.
      await phone.page.click('[data-testid="outbox-confirm"]');
      await poll(() => outbox.count()).toBe(0);
      expect((await saved()).items.map((h) => h.description).sort()).toEqual([`${tag}：同一路口再次登记`, `${tag}：路口让行标志缺失`].sort());
    } finally {
      await phone.setOffline(false);
      await phone.close();
    }
  }, 120_000);

  it('tells a phone on the LAN over http why 我的位置 cannot work, and finds the position over HTTPS (HTTPS=1, self-signed)', async () => {
    const here = { longitude: 116.2512, latitude: 36.3311 };
    const device = { geolocation: here, permissions: ['geolocation'], ignoreHTTPSErrors: true };
    const pick = async (phone: AppDriver) => {
      await phone.waitForMap();
      await phone.signIn('officer.donge', DEMO_PASSWORD);
      await phone.openLedger();
      await phone.page.click('[data-testid="ledger-register"]');
      await phone.page.click('[data-testid="pick-my-location"]');
    };
    // Plain http at the server's LAN name: the browser would refuse in English; the app says why in Chinese, and what to do.
    const lan = await AppDriver.open(browser, `http://${LAN_NAME}:${app.port}/map`, { width: 390, height: 844 }, device);
    try {
      await pick(lan);
      const error = lan.page.locator('[data-testid="pick-location-error"]');
      await poll(() => error.innerText().catch(() => '')).toContain('安全连接（https）');
      expect(await error.innerText()).toContain('HTTPS=1');
      expect(await lan.page.locator('[data-testid="register-form"]').count()).toBe(0);
      await lan.screenshot('ledger-05-phone-http-location');
    } finally {
      await lan.close();
    }
    // The same server with HTTPS=1: a self-signed certificate made in DATA_DIR/tls, and the position is there.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'changan-https-'));
    const secure = await startApp({ port: 0, databaseUrl: inject('db').url, staticDir: path.resolve(import.meta.dirname, '../../dist/client'), env: { HTTPS: '1', DATA_DIR: dataDir } });
    try {
      expect(secure.url).toMatch(/^https:/);
      expect(fs.existsSync(path.join(dataDir, 'tls', 'cert.pem'))).toBe(true);
      const phone = await AppDriver.open(browser, `https://${LAN_NAME}:${secure.port}/map`, { width: 390, height: 844 }, device);
      try {
        await pick(phone);
        await poll(() => phone.page.locator('[data-testid="register-point"]').innerText().catch(() => '')).toBe('位置：116.25120, 36.33110');
      } finally {
        await phone.close();
      }
    } finally {
      await secure.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('installs as an app on the phone and opens on a stalled signal and with no connection: the shell, the base map, the accidents and the brigade’s ledger as last seen', async () => {
    // A server of its own, to be stopped: the phone then has nothing to reach. The phone reaches it
    // through a proxy that can stall it, as a weak signal does.
    const own = await startApp({ port: 0, databaseUrl: inject('db').url, staticDir: path.resolve(import.meta.dirname, '../../dist/client') });
    const link = await linkProxy(own.url);
    let stopped = false;
    const phone = await AppDriver.open(browser, `${link.url}/map`, PHONE, { serviceWorkers: 'allow' });
    try {
      // Installable: the page names its manifest, with a name, a start and icons of both sizes a phone asks for.
      const manifest = (await (await phone.page.request.get(`${own.url}/manifest.webmanifest`)).json()) as { short_name: string; start_url: string; display: string; icons: { sizes: string }[] };
      expect(await phone.page.getAttribute('link[rel="manifest"]', 'href')).toBe('/manifest.webmanifest');
      expect([manifest.short_name, manifest.start_url, manifest.display]).toEqual(['畅安', '/', 'standalone']);
      expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
      // The worker's script is sent compressed, like the rest of the build, and asked again on every load.
      const sw = await fetch(`${own.url}/sw.js`, { headers: { 'accept-encoding': 'br' } });
      expect([sw.status, sw.headers.get('content-encoding'), sw.headers.get('cache-control')]).toEqual([200, 'br', 'no-cache']);
      await phone.waitForMap();
      await phone.signIn('officer.donge', DEMO_PASSWORD);
      // The worker takes over a few seconds after the page has loaded, and the page reads its data again through it.
      await expect.poll(() => phone.page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 30_000 }).toBe(true);
      const kept = () => phone.page.evaluate(() => caches.open('changan-api-v1').then((c) => c.keys()).then((k) => k.map((r) => new URL(r.url).pathname)));
      await expect.poll(kept, { timeout: 30_000 }).toEqual(expect.arrayContaining(['/api/config', '/api/auth/me', '/api/accidents', '/api/roads', '/api/hazards']));
      const accidents = await phone.shownCount();
      expect(accidents).toBeGreaterThan(0);
      await phone.openLedger();
      const counts = phone.page.locator('[data-testid="ledger-counts"]');
      await poll(() => counts.getAttribute('data-total').then(Number)).toBeGreaterThan(0);
      const total = await counts.getAttribute('data-total');
      await expect.poll(kept, { timeout: 20_000 }).toEqual(expect.arrayContaining(['/api/hazards/summary']));

      // A stalled signal: the server is there, but no answer from it comes through. The app opens all
      // the same: the base map at once from what was kept, the config, the user and the accidents
      // from what was kept once the network has not answered for a few seconds.
      link.hold(/^\/api\//);
      await phone.page.reload();
      await phone.waitForMap();
      await phone.waitForAccidents();
      expect(await phone.shownCount()).toBe(accidents);
      expect(await phone.page.locator('[data-testid="user-menu"]').getAttribute('data-username')).toBe('officer.donge');
      expect(await phone.mapColourCount()).toBeGreaterThan(50);
      // They were asked of the network (and held there); the base map was served without waiting for it.
      expect(link.held()).toEqual(expect.arrayContaining(['/api/config', '/api/auth/me', '/api/accidents']));
      link.release();

      // No signal, and the server gone: the app opens all the same, from what the phone kept, and says so.
      await phone.setOffline(true);
      await own.close();
      stopped = true;
      await phone.page.reload();
      await phone.waitForMap();
      await phone.waitForAccidents();
      expect(await phone.shownCount()).toBe(accidents);
      await phone.page.locator('[data-testid="offline-badge"]').waitFor({ timeout: 20_000 });
      // The header still fits the phone with the badge in it: the mark whole, the last button inside the screen.
      expect((await phone.page.locator('.brand-mark').boundingBox())!.width).toBeCloseTo(28, 0);
      const language = (await phone.page.locator('.language-switch').boundingBox())!;
      expect(language.x + language.width).toBeLessThanOrEqual(PHONE.width);
      expect(await phone.page.locator('[data-testid="user-menu"]').getAttribute('data-username')).toBe('officer.donge');
      expect(await phone.mapColourCount()).toBeGreaterThan(50);
      await phone.openLedger();
      await poll(() => phone.page.locator('[data-testid="ledger-counts"]').getAttribute('data-total')).toBe(total);
      await phone.screenshot('ledger-13-phone-offline-app');
    } finally {
      await phone.setOffline(false);
      await phone.close();
      await link.close();
      if (!stopped) await own.close();
    }
  }, 150_000);

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

  it('imports a ledger file: the good rows saved, the bad one returned with its row and column', async () => {
    const counts = '[data-testid="ledger-counts"]';
    const shownTotal = async () => Number(await desk.page.getAttribute(counts, 'data-total'));
    // The search box still holds the number opened above: clear it so the whole ledger is counted.
    await desk.page.fill('[data-testid="ledger-search"]', '');
    const all = (await (await desk.page.request.get(`${app.url}/api/hazards?format=geojson&pageSize=1`)).json()) as { meta: { total: number } };
    await poll(shownTotal).toBe(all.meta.total);

    // Two rows inside 东阿县 (over 300 m from each other and from DONGE_POINT, different types), the first
    // handed to a unit with yesterday as its deadline (overdue), and one whose latitude lost its decimal point.
    const csv = [
      '隐患类型,风险等级,隐患描述,经度,纬度,发现日期,道路,责任单位,整改期限',
      `照明缺失,一般,村口路灯不亮（浏览器测试导入）,${LAMP_POINT.join(',')},${localDate(-7)},艾山路,东阿县交通运输局,${localDate(-1)}`,
      `校园周边,较大,校门口无减速带（浏览器测试导入）,116.246,36.327,${localDate(-3).replaceAll('-', '/')},,,`,
      '马路市场,一般,早市占道（浏览器测试导入）,116.25,3633,,,,',
    ].join('\r\n');
    await desk.page.click('[data-testid="ledger-import"]');
    const dialog = desk.page.locator('[data-testid="import-dialog"]');
    await dialog.locator('[data-testid="import-file"]').setInputFiles({ name: '东阿台账.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await dialog.locator('[data-testid="import-submit"]').click();
    // First the preview: what would be saved and what sent back, nothing saved yet.
    const preview = dialog.locator('[data-testid="import-preview"]');
    await preview.waitFor({ timeout: 20_000 });
    expect([await preview.getAttribute('data-saved'), await preview.getAttribute('data-rejected')]).toEqual(['2', '1']);
    expect(await preview.innerText()).toContain('尚未保存任何数据');
    await dialog.locator('[data-testid="import-confirm"]').click();
    const report = dialog.locator('[data-testid="import-report"]');
    await report.waitFor({ timeout: 20_000 });
    expect(await report.innerText()).toContain('已保存 2 行，退回 1 行');
    const savedNumbers = await report.locator('[data-testid="import-saved"]').allInnerTexts();
    expect(savedNumbers).toEqual([expect.stringMatching(new RegExp(`^${DONGE}-\\d{4}-\\d{4}$`)), expect.stringMatching(new RegExp(`^${DONGE}-\\d{4}-\\d{4}$`))]);
    lampNumber = savedNumbers[0];
    const rejected = report.locator('[data-testid="import-rejected"]');
    expect(await rejected.count()).toBe(1);
    expect(await rejected.getAttribute('data-row')).toBe('4');
    expect(await rejected.locator('td').nth(1).innerText()).toBe('纬度');
    await poll(shownTotal).toBe(all.meta.total + 2);
    await desk.screenshot('ledger-04-import');
    await dialog.locator('.details-header [aria-label="关闭"]').click();
    await poll(() => dialog.count()).toBe(0);
  }, 60_000);

  it('shows the overdue hazard in red in the list and on the map', async () => {
    await desk.page.fill('[data-testid="ledger-search"]', lampNumber);
    const row = desk.page.locator(`[data-testid="ledger-row"][data-number="${lampNumber}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.getAttribute('data-overdue')).toBe('true');
    expect(await row.locator('.overdue-mark').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(185, 28, 28)');
    await desk.jumpTo({ center: LAMP_POINT, zoom: 16 });
    // The thick red ring (OVERDUE_COLOR) around the lamp's dot, and no such red where nothing is drawn.
    await poll(() => desk.mapPixelsNear([[220, 38, 38]], 12, { lonLat: LAMP_POINT, radius: 14 })).toBeGreaterThan(30);
    expect(await desk.mapPixelsNear([[220, 38, 38]], 12, { lonLat: [LAMP_POINT[0] + 0.004, LAMP_POINT[1]], radius: 14 })).toBe(0);
    // At city zoom the markers merge into counted circles.
    await desk.jumpTo({ center: LAMP_POINT, zoom: 7.5 });
    const markers = () =>
      desk.page.evaluate(() => {
        const { map, overlay } = window.__changan!;
        const c = map.getCanvas();
        return overlay.pickObjects({ x: 0, y: 0, width: c.clientWidth, height: c.clientHeight, layerIds: ['hazards'], maxObjects: 500 }).map((i) => {
          const p = (i.object as { properties: { cluster?: boolean; point_count?: number } }).properties;
          return { n: p.cluster ? p.point_count! : 1, lonLat: (i.object as { geometry: { coordinates: [number, number] } }).geometry.coordinates };
        });
      });
    await desk.page.fill('[data-testid="ledger-search"]', ''); // the whole ledger again, not the lamp alone
    await poll(async () => (await markers()).filter((m) => m.n > 1).length).toBeGreaterThan(0);
    // Brought to the middle of the map (the ledger panel covers its left, a card its right).
    const merged = (await markers()).filter((m) => m.n > 1)[0];
    await desk.jumpTo({ center: merged.lonLat });
    await desk.screenshot('ledger-09-clusters');
    // A click on a circle zooms into the hazards it holds: deeper, and each of them in view.
    const box = (await desk.page.locator('[data-testid="map"]').boundingBox())!;
    const at = await desk.page.evaluate((p) => window.__changan!.map.project(p), merged.lonLat);
    await desk.page.mouse.click(box.x + at.x, box.y + at.y);
    await poll(() => desk.mapView().then((v) => v.zoom)).toBeGreaterThan(8.5);
    await desk.waitForMapStill();
    const inView = await desk.page.evaluate(() => {
      const b = window.__changan!.map.getBounds();
      return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
    });
    expect(merged.lonLat[0]).toBeGreaterThan(inView[0]);
    expect(merged.lonLat[0]).toBeLessThan(inView[2]);
    expect(merged.lonLat[1]).toBeGreaterThan(inView[1]);
    expect(merged.lonLat[1]).toBeLessThan(inView[3]);
    expect((await markers()).reduce((n, m) => n + m.n, 0)).toBeGreaterThanOrEqual(merged.n);
    // Back where the next test registers beside the lamp.
    await desk.page.fill('[data-testid="ledger-search"]', lampNumber);
    await desk.jumpTo({ center: LAMP_POINT, zoom: 16 });
  }, 120_000);

  it('imports a brigade accident export: the preview, the confirmed import, its Excel report, and the column-mapping step', async () => {
    // Points on roads of 东阿, in GCJ-02 as the export's note says; every record is from 2003 (outside other tests' windows) and removed after.
    const pool = new pg.Pool({ ...inject('db').connection, max: 1 });
    const tag = `E2E${Date.now().toString(36).toUpperCase()}`;
    const dialog = desk.page.locator('[data-testid="accident-import-dialog"]');
    let ledgerOpen = false;
    try {
      const spots = (
        await pool.query(
          `SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_LineInterpolatePoint(r.geom, 0.5) AS p FROM roads r JOIN jurisdictions j ON j.code = '371524' AND ST_Contains(ST_Buffer(j.geom, -0.01), r.geom)
           WHERE r.class = 'township' ORDER BY r.id LIMIT 3) s`,
        )
      ).rows.map((r) => wgs84ToGcj02(r.lon, r.lat));
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('事故');
      ws.addRow(['东阿县交通事故信息（浏览器测试）']);
      ws.mergeCells('A1:F1');
      ws.addRow(['坐标系：GCJ-02']);
      ws.addRow(['事故编号', '发生时间', '经度', '纬度', '死亡人数', '受伤人数', '天气']);
      ws.addRow([`${tag}-1`, '2003-04-01 08:10', spots[0][0], spots[0][1], 0, 1, '晴']);
      ws.addRow([`${tag}-2`, '2003-04-02 19:30', spots[1][0], spots[1][1], 1, 0, '雨']);
      ws.addRow([`${tag}-3`, '2003-04-03 12:00', spots[2][0], spots[2][1], 0, 0, '阴']);
      ws.addRow([`${tag}-4`, '2003-02-30 12:00', spots[2][0], spots[2][1], 0, 0, '阴']);
      ws.addRow(['合计', '', '', '', 1, 1]);
      const bytes = Buffer.from(await wb.xlsx.writeBuffer());

      // The import sits in the accidents' section of the panel, under the ledger while that is open.
      ledgerOpen = (await desk.page.locator('[data-testid="ledger-panel"]').count()) > 0;
      if (ledgerOpen) await desk.page.locator('[data-testid="ledger-panel"] [aria-label="关闭"]').click();
      await desk.page.click('[data-testid="accident-import-open"]');
      const template = await desk.download('[data-testid="accident-import-template"]');
      expect(template.name).toBe('事故导入模板.xlsx');
      expect((await readTable(new Uint8Array(template.bytes), template.name))[0]).toEqual(Object.values(ACCIDENT_COLUMNS).map((names) => names[0]));
      await dialog.locator('[data-testid="accident-import-file"]').setInputFiles({ name: '东阿事故.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bytes });
      await dialog.locator('[data-testid="accident-import-submit"]').click();
      const preview = dialog.locator('[data-testid="accident-import-preview"]');
      await preview.waitFor({ timeout: 30_000 });
      expect([await preview.getAttribute('data-saved'), await preview.getAttribute('data-rejected'), await preview.getAttribute('data-skipped')]).toEqual(['3', '1', '1']);
      expect(await dialog.locator('[data-testid="accident-import-read"]').innerText()).toMatch(/表头在第 3 行；坐标系 GCJ-02.*（按表内说明）/);
      expect(await dialog.locator('[data-testid="accident-import-rejected"]').getAttribute('data-row')).toBe('7');
      expect((await pool.query(`SELECT count(*)::int AS n FROM accidents WHERE external_id LIKE $1`, [`${tag}%`])).rows[0].n).toBe(0);
      await desk.screenshot('ledger-07-accident-preview');

      await dialog.locator('[data-testid="accident-import-confirm"]').click();
      const report = dialog.locator('[data-testid="accident-import-report"]');
      await report.waitFor({ timeout: 30_000 });
      expect([await report.getAttribute('data-saved'), await report.getAttribute('data-rejected')]).toEqual(['3', '1']);
      expect((await pool.query(`SELECT count(*)::int AS n FROM accidents WHERE external_id LIKE $1 AND source->>'file' = '东阿事故.xlsx'`, [`${tag}%`])).rows[0].n).toBe(3);
      const reportFile = await desk.download('[data-testid="accident-import-report-xlsx"]');
      expect(reportFile.name).toBe('东阿事故-导入报告.xlsx');
      expect((await readTable(new Uint8Array(reportFile.bytes), reportFile.name)).slice(1).map((r) => r.slice(0, 3))).toEqual([
        ['4', '已保存'],
        ['5', '已保存'],
        ['6', '已保存'],
        ['7', '退回', '发生时间'],
        ['8', '跳过', '—'],
      ]);
      await desk.screenshot('ledger-08-accident-report');
      await dialog.locator('.details-header [aria-label="关闭"]').click();

      // Headers the import does not know: it asks which column is which, then previews by that.
      const odd = new ExcelJS.Workbook();
      odd.addWorksheet('s').addRows([['案件号', '出事时间', '东经', '北纬'], [`${tag}-9`, '2003-05-01 10:00', spots[0][0], spots[0][1]]]);
      await desk.page.click('[data-testid="accident-import-open"]');
      await dialog.locator('[data-testid="accident-import-file"]').setInputFiles({ name: '其他系统.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from(await odd.xlsx.writeBuffer()) });
      await dialog.locator('[data-testid="accident-import-crs"]').selectOption('gcj02');
      await dialog.locator('[data-testid="accident-import-submit"]').click();
      const mapping = dialog.locator('[data-testid="accident-import-mapping"]');
      await mapping.waitFor({ timeout: 30_000 });
      expect(await dialog.locator('[data-testid="accident-import-error"]').innerText()).toContain('事故编号');
      for (const [field, header] of [['externalId', '案件号'], ['occurredAt', '出事时间'], ['lon', '东经'], ['lat', '北纬']]) {
        await mapping.locator(`[data-testid="accident-import-map-${field}"]`).selectOption(header);
      }
      await desk.screenshot('ledger-09-accident-mapping');
      await dialog.locator('[data-testid="accident-import-submit"]').click();
      await preview.waitFor({ timeout: 30_000 });
      expect(await preview.getAttribute('data-saved')).toBe('1');
      expect(await dialog.locator('[data-testid="accident-import-read"]').innerText()).toContain('事故编号 ← 案件号');
      await dialog.locator('[data-testid="accident-import-confirm"]').click();
      await report.waitFor({ timeout: 30_000 });
      expect(await report.getAttribute('data-saved')).toBe('1');
    } finally {
      // As the next tests expect the page, whatever happened here.
      if (await dialog.count()) await dialog.locator('.details-header [aria-label="关闭"]').click();
      await poll(() => dialog.count()).toBe(0);
      if (ledgerOpen && !(await desk.page.locator('[data-testid="ledger-panel"]').count())) await desk.page.click('[data-testid="ledger-toggle"]');
      await pool.query(`DELETE FROM accidents WHERE external_id LIKE $1`, [`${tag}%`]);
      await pool.end();
    }
  }, 120_000);

  it('offers the open hazard nearby before registering the same thing twice', async () => {
    // 5 m east of the imported lamp: the form warns and opens the existing one instead.
    await desk.page.click('[data-testid="ledger-register"]');
    await desk.page.waitForSelector('[data-testid="pick-banner"]');
    const near: [number, number] = [LAMP_POINT[0] + 0.000056, LAMP_POINT[1]];
    const point = await desk.page.evaluate((p) => window.__changan!.map.project(p), near);
    const box = (await desk.page.locator('[data-testid="map"]').boundingBox())!;
    await desk.page.mouse.click(box.x + point.x, box.y + point.y);
    const form = desk.page.locator('[data-testid="register-form"]');
    await form.locator('[data-testid="register-type"]').selectOption('lighting');
    await form.locator('[data-testid="register-description"]').fill('路灯不亮（重复登记）');
    await form.locator('[data-testid="register-submit"]').click();
    const warning = form.locator('[data-testid="duplicate-warning"]');
    await warning.waitFor({ timeout: 20_000 });
    expect(await warning.innerText()).toContain(lampNumber);
    await warning.locator('[data-testid="duplicate-open"]').first().click();
    await poll(() => details().locator('h2').innerText()).toBe(lampNumber);
    expect(await form.count()).toBe(0);
  }, 60_000);

  it('reads the same ledger in English', async () => {
    await desk.switchLanguage();
    await poll(() => desk.page.locator('[data-testid="ledger-counts"]').innerText()).toMatch(/hazards?, \d+ overdue/);
    const text = await details().innerText();
    expect(text).toContain("Dong'e Transport Bureau (371524-jtj)");
    expect(text).toContain('Overdue');
    await desk.screenshot('ledger-06-english');
    await desk.switchLanguage();
  }, 60_000);

  it('refuses a step based on a stale read, says so, and shows the hazard as it is now', async () => {
    // The drawer shows the imported lamp as assigned; meanwhile the unit starts work on it elsewhere.
    expect(await details().getAttribute('data-status')).toBe('assigned');
    const id = Number(await details().getAttribute('data-id'));
    const version = Number(await details().getAttribute('data-version'));
    const login = await fetch(`${app.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'liaison.jiaotong', password: DEMO_PASSWORD }),
    });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const started = await fetch(`${app.url}/api/hazards/${id}/transitions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: login.headers.get('set-cookie')!.split(';')[0], 'x-csrf-token': csrfToken },
      body: JSON.stringify({ action: 'start', version }),
    });
    expect(started.status).toBe(200);

    await details().locator('[data-testid="hazard-action-invalidate"]').click();
    const form = details().locator('[data-testid="action-form"]');
    await form.locator('[data-testid="action-note"]').fill('误报');
    await form.locator('[data-testid="action-submit"]').click();
    const problem = form.locator('[data-testid="write-problem"]');
    await problem.waitFor({ timeout: 20_000 });
    expect(await problem.innerText()).toContain('该隐患在您打开后已被他人修改');
    expect(await problem.innerText()).toContain('当前状态：整改中');
    // Nothing was overwritten: the drawer now shows the unit's step, and the hazard is still open.
    await poll(() => details().getAttribute('data-status')).toBe('rectifying');
    expect(await desk.timeline()).toContainEqual({ action: 'start', actor: 'liaison.jiaotong' });
    await form.locator('.link-button').click();
  }, 60_000);

  it('asks to sign in again when the session has expired, and keeps the map', async () => {
    const db = new pg.Client(inject('db').connection);
    await db.connect();
    try {
      await db.query(`UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE user_id = (SELECT id FROM users WHERE username = 'officer.donge')`);
    } finally {
      await db.end();
    }
    await desk.page.click('[data-testid="ledger-overdue"]');
    await desk.page.locator('[data-testid="sign-in-dialog"]').waitFor({ timeout: 20_000 });
    expect(await desk.page.locator('[data-testid="ledger-panel"]').count()).toBe(0);
    expect(await desk.page.locator('[data-testid="sign-in"]').count()).toBe(1);
    expect(await desk.mapColourCount()).toBeGreaterThan(50);
    await desk.page.keyboard.press('Escape');
  }, 60_000);

  it('logged no errors in the page', () => {
    // The browser logs every 4xx: wrong passwords' 401 and 429, the possible duplicate's and the stale step's 409, the expired session's 401 were asked for.
    const asked = [/status of 4(01|29).*\/api\/auth\/login\)$/, /status of 409.*\/api\/hazards(\/\d+\/transitions)?\)$/, /status of 401.*\/api\/hazards(\/summary)?\?/];
    expect(desk.consoleErrors.filter((e) => !asked.some((r) => r.test(e)))).toEqual([]);
  });
});

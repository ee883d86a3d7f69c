import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { inject } from 'vitest';
import { startApp, type RunningApp } from '@api/start';
import { buildClientIfStale } from '@scripts/start';
import { AppDriver, launchBrowser } from './driver';

const root = path.resolve(import.meta.dirname, '../..');

export interface E2e {
  app: RunningApp;
  browser: Browser;
  desk: AppDriver;
  close(): Promise<void>;
}

/**
 * The built app on the run's test database, Chromium, and one desk-sized page on it with the map
 * drawn (and the accidents, unless `accidents: false`). `onPage` sees the page before it loads.
 */
export async function openE2e(opts: { onPage?: (page: Page) => void; accidents?: boolean } = {}): Promise<E2e> {
  await buildClientIfStale(() => undefined);
  const app = await startApp({ port: 0, databaseUrl: inject('db').url, staticDir: path.join(root, 'dist', 'client') });
  let browser: Browser | undefined;
  let desk: AppDriver | undefined;
  const close = async () => {
    await desk?.close();
    await browser?.close();
    await app.close();
  };
  try {
    browser = await launchBrowser();
    // The map's own path: a leader or admin signing in at home (`/`) would start on the dashboard.
    desk = await AppDriver.open(browser, `${app.url}/map`);
    opts.onPage?.(desk.page);
    await desk.waitForMap();
    if (opts.accidents ?? true) await desk.waitForAccidents();
    await desk.settle();
    return { app, browser, desk, close };
  } catch (err) {
    await close();
    throw err;
  }
}

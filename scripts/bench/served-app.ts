import type { Browser } from 'playwright-core';
import { launchBrowser } from '../../tests/e2e/driver';
import { startServerProcess } from '../server-process';
import { buildClientIfStale } from '../start';
import { benchPlace } from './bench-database';

/**
 * The app as `npm start` serves it to a browser bench: the client built if stale, `api/main.ts` on
 * the embedded engine (a temp DATA_DIR seeded with the demo world on its first start, or an
 * already seeded `dataDir`), and Debian's Chromium. Everything is stopped and removed afterwards.
 */
export async function withServedApp<T>(name: string, dataDir: string, run: (app: { url: string; browser: Browser; built: boolean }) => Promise<T>): Promise<T> {
  const built = await buildClientIfStale((line) => console.error(line));
  const place = dataDir ? null : await benchPlace('pglite', name);
  console.error(`[bench:${name}] starting the server on ${dataDir || place!.dataDir}${dataDir ? '' : ' (the first start seeds the demo world)'}…`);
  const { child, url } = await startServerProcess({ DATA_DIR: dataDir || place!.dataDir, SEED_DEMO: '1' }, 30 * 60_000);
  const browser = await launchBrowser();
  try {
    return await run({ url, browser, built });
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await place?.remove();
  }
}

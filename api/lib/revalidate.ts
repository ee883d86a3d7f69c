import type { Context, MiddlewareHandler } from 'hono';
import { etag } from 'hono/etag';

/**
 * For the reads a phone makes on every start (the config, the base map, the accidents): a weak
 * ETag over the answer (hono's etag, a SHA-1 of the body, so it is right whoever asks) and
 * `Cache-Control: private, no-cache`. The browser keeps the answer and asks again with
 * If-None-Match; the same data comes back as a 304 of a few hundred bytes, not the 116 KB of trunk
 * roads again. The service worker's fetches go through that cache too (client/sw/service-worker.ts).
 * It saves the link, not the server: the answer is still computed, then hashed.
 *
 * Weak, because the body is hashed before the compress middleware encodes it: the same data in
 * another encoding is the same answer.
 */
export function revalidated(when: (c: Context) => boolean = () => true): MiddlewareHandler {
  const tag = etag({ weak: true });
  return async (c, next) => {
    if (!when(c)) return next();
    await tag(c, next);
    if ((c.res.status === 200 || c.res.status === 304) && !c.res.headers.has('cache-control')) c.res.headers.set('Cache-Control', 'private, no-cache');
  };
}

/**
 * The paths it covers (GET), and when. The accidents only in the binary form the map reads: their
 * GeoJSON runs to tens of megabytes for a city's years (75 MB at 200 000), which hashing would
 * hold a second time in memory, for exports that are read once.
 */
export const REVALIDATED: readonly [path: string, when?: (c: Context) => boolean][] = [
  ['/api/config'],
  ['/api/roads'],
  ['/api/jurisdictions'],
  ['/api/places'],
  ['/api/accidents', (c) => c.req.query('format') === 'binary'],
];

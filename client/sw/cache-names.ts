/**
 * The service worker's cache of API answers, named where both the worker (which fills it) and the
 * page (which empties it when the user changes, so one officer's ledger never shows to the next)
 * can read it.
 */
export const API_CACHE = 'changan-api-v1';

/**
 * What is not worth keeping offline: health probes, sign-in and sign-out, job polls, documents made
 * to be downloaded (the briefing PDF, Excel) and photos at full size (their thumbnails are kept).
 */
const NOT_KEPT = /^\/api\/(health|briefing|jobs)(\/|$)|^\/api\/auth\/(?!me$)|\.(xlsx|pdf|docx|zip|csv)$|^\/api\/attachments\/\d+$/;

/** Whether the answer to a GET of this path is kept for offline use. */
export function keptOffline(pathname: string): boolean {
  return pathname.startsWith('/api/') && !NOT_KEPT.test(pathname);
}

/**
 * How the worker answers a kept read while there is some signal (with none, every kept read is
 * served from what was kept):
 * - `base-map`: the roads, boundaries and places, at once from what was kept, read again behind
 *   it for the next time (stale-while-revalidate). Their URLs carry the config's base data version,
 *   so after an import the map asks for new URLs, which the network answers.
 * - `every-start`: what every start waits for (the config, who is signed in, the accidents): the
 *   network first, but after `EVERY_START_TIMEOUT_S` without an answer (a weak signal in a
 *   village) what was kept; the network's late answer is kept for the next time.
 * - `network`: everything else (the ledger, the layers' details): the network first, what was
 *   kept only when the network fails. These change under the user's own hands (a hazard just
 *   registered or closed), where an older copy after a timeout would say the write did not happen.
 */
export type KeptRead = 'base-map' | 'every-start' | 'network';

export const EVERY_START_TIMEOUT_S = 3;

const BASE_MAP = /^\/api\/(roads|jurisdictions|places)$/;
const EVERY_START = /^\/api\/(config|auth\/me|accidents)$/;

/** How a kept read is answered (see `KeptRead`), or null for a path that is not kept. */
export function keptRead(pathname: string): KeptRead | null {
  if (!keptOffline(pathname)) return null;
  return BASE_MAP.test(pathname) ? 'base-map' : EVERY_START.test(pathname) ? 'every-start' : 'network';
}

/** From the page to the worker: API answers the page read before the worker took over, to keep. */
export interface KeepMessage {
  type: 'keep';
  urls: string[];
}

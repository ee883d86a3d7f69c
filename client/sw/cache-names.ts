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

/** From the page to the worker: API answers the page read before the worker took over, to keep. */
export interface KeepMessage {
  type: 'keep';
  urls: string[];
}

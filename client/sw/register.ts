import { API_CACHE, keptOffline, type KeepMessage } from './cache-names';

/** Reads the page made that its resource timing does not list (a worker's): each names its URLs. */
export const alsoRead = new Set<() => string[]>();

/**
 * Installs the service worker (client/sw/service-worker.ts) where a browser allows one: a secure
 * origin (HTTPS with a certificate the phone trusts, or this computer's localhost). Registered a
 * few seconds after the map has drawn, so keeping the shell does not compete with the first map
 * for a weak signal. On the first install, the worker is handed what the page read from the API
 * before it took over (the app's own reads, as the browser's resource timing lists them, and what
 * `alsoRead` names: MapLibre's sources, fetched in its worker where the page's timing does not see
 * them), and keeps a copy, so that it is there offline too.
 */
export function registerServiceWorker(): void {
  if (import.meta.env.DEV || !('serviceWorker' in navigator) || !window.isSecureContext) return;
  const firstInstall = !navigator.serviceWorker.controller;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (firstInstall) keepPageReads();
  });
  const register = () =>
    navigator.serviceWorker.register('/sw.js').catch((err: unknown) => {
      // The app works as before without it (a browser that refuses workers, a certificate not trusted).
      console.warn('The service worker was not installed; the app will not open without a connection.', err);
    });
  // After the page has loaded and the map has drawn (or 20 s on a screen without a map, such as
  // the dashboard), then 3 s more: the shell's remaining files then share no weak signal with the
  // first map's data.
  const loaded = new Promise<void>((resolve) => (document.readyState === 'complete' ? resolve() : window.addEventListener('load', () => resolve(), { once: true })));
  void loaded
    .then(() => Promise.race([mapDrawn, new Promise((resolve) => window.setTimeout(resolve, 20_000))]))
    .then(() => window.setTimeout(register, 3000));
}

let drawn: () => void = () => undefined;
const mapDrawn = new Promise<void>((resolve) => (drawn = resolve));

/** The map has drawn its first screen (its `load`): the service worker may start keeping the shell. */
export function noteMapDrawn(): void {
  drawn();
}

/**
 * Hands the worker what this page has read from the API (its own reads, as the browser's resource
 * timing lists them, and what `alsoRead` names), to read again and keep.
 */
function keepPageReads(): void {
  keepReads([...performance.getEntriesByType('resource').map((e) => e.name), ...[...alsoRead].flatMap((named) => named())]);
}

/** Asks the worker to read these API URLs (as the user now signed in) and keep them for offline. */
export function keepReads(read: string[]): void {
  const controller = navigator.serviceWorker?.controller;
  if (!controller) return;
  const urls = new Set<string>();
  for (const href of read) {
    const url = new URL(href, location.href);
    if (url.origin === location.origin && keptOffline(url.pathname)) urls.add(url.href);
  }
  const message: KeepMessage = { type: 'keep', urls: [...urls] };
  controller.postMessage(message);
}

/**
 * The API answers kept for offline belong to the user who read them: emptied at sign-out (or when
 * the session ends), then what the page shows is kept again as the signed-out user reads it (the
 * base map, the accidents; a brigade's ledger answers 401 and is not kept).
 */
export function forgetKeptAnswers(): void {
  if (typeof caches === 'undefined') return;
  void caches
    .delete(API_CACHE)
    .then(keepPageReads)
    .catch(() => undefined);
}

/// <reference lib="webworker" />
/**
 * The offline side of the installed app. The shell (page, scripts, styles, map worker, icons) is
 * kept at install from the build's list; GETs to the API are kept as they are answered and, when
 * the network does not answer (no signal, server unreachable), the last answer kept is served: the
 * base map, the accidents and the user's brigade layers as they were last seen. On a weak signal
 * the base map comes from what was kept at once, and what every start waits for after a few
 * seconds (`keptRead` in cache-names.ts says which read is which). Writes are never kept here: a
 * registration without signal waits in the outbox (IndexedDB) instead.
 *
 * Built on its own as a classic script (scripts/service-worker-build.ts), the list of the shell's
 * files put in at `__PRECACHE__`.
 */
import { clientsClaim } from 'workbox-core';
import { ExpirationPlugin } from 'workbox-expiration';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkFirst, StaleWhileRevalidate, type Strategy } from 'workbox-strategies';
import { API_CACHE, EVERY_START_TIMEOUT_S, keptOffline, keptRead, type KeepMessage, type KeptRead } from './cache-names';

declare const self: ServiceWorkerGlobalScope;
declare const __PRECACHE__: PrecacheEntry[];

// A new build takes over at once: its shell replaces the old one in every open page's next load.
void self.skipWaiting();
clientsClaim();

precacheAndRoute(__PRECACHE__);
cleanupOutdatedCaches();

// Every client-side route (/map, /dashboard, ...) is the app shell; the API is not.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//] }));

const kept = { cacheName: API_CACHE, plugins: [new ExpirationPlugin({ maxEntries: 400, maxAgeSeconds: 30 * 24 * 3600, purgeOnQuotaError: true })] };
const strategies: Record<KeptRead, Strategy> = {
  'base-map': new StaleWhileRevalidate(kept),
  'every-start': new NetworkFirst({ ...kept, networkTimeoutSeconds: EVERY_START_TIMEOUT_S }),
  network: new NetworkFirst(kept),
};
for (const kind of Object.keys(strategies) as KeptRead[]) {
  registerRoute(({ url, request }) => request.method === 'GET' && url.origin === self.location.origin && keptRead(url.pathname) === kind, strategies[kind]);
}

/** Reads again (as this user, with the page's cookies) and keeps what the page read before the worker took over. */
async function keep(urls: string[]): Promise<void> {
  const cache = await caches.open(API_CACHE);
  await Promise.all(
    urls.map(async (href) => {
      const url = new URL(href);
      if (url.origin !== self.location.origin || !keptOffline(url.pathname)) return;
      try {
        const answer = await fetch(url, { credentials: 'same-origin' });
        if (answer.ok) await cache.put(url, answer);
      } catch {
        // No signal meanwhile: kept the next time the page reads it.
      }
    }),
  );
}

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const message = event.data as KeepMessage | undefined;
  if (message?.type === 'keep' && Array.isArray(message.urls)) event.waitUntil(keep(message.urls));
});

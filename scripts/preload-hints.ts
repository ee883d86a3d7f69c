/**
 * A Vite plugin that preloads, in the built index.html, `/api/config` and `/api/auth/me` as the app
 * fetches them (same origin, CORS mode, the session's cookie sent): every screen reads both before
 * it draws (the map at home waits for who is signed in, to send a leader to the dashboard), and
 * they were asked for only once the page's scripts had come and run (~4.5 s into a first load on a
 * slow link); now beside them. Nothing else: the first screen's data preloaded too competed with
 * the scripts for a slow link and gained nothing (docs/BENCHMARKS.md).
 *
 * Not MapLibre's worker script: prefetched (`rel=prefetch`) it came into Chromium 156 and was
 * fetched again by the worker all the same; the worker is made early instead (map-view.tsx).
 */
import type { Plugin } from 'vite';

export function preloadHints(): Plugin {
  return {
    name: 'changan-preload-hints',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler() {
        return ['/api/config', '/api/auth/me'].map((href) => ({ tag: 'link', attrs: { rel: 'preload', href, as: 'fetch', crossorigin: true }, injectTo: 'head' as const }));
      },
    },
  };
}

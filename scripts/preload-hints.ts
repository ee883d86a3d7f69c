/**
 * A Vite plugin that preloads, in the built index.html, `/api/config` as the app fetches it (same
 * origin, CORS mode): every screen reads it before it draws, and it was asked for only once the
 * page's scripts had come and run (~4.5 s into a first load on a slow link); now beside them.
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
        return [{ tag: 'link', attrs: { rel: 'preload', href: '/api/config', as: 'fetch', crossorigin: true }, injectTo: 'head' }];
      },
    },
  };
}

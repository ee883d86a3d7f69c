import fs from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { ApiError } from './api-error';

/**
 * Vite names every built asset after its content (`assets/index-3fa9c1.js`), so a name never
 * comes back with other bytes: the browser may keep it a year without asking again.
 */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The page itself names the assets of the current build: asked again on every load, so a new build is seen at once. */
const REVALIDATE = 'no-cache';

/**
 * The built client (dist/client): its files, Brotli or gzip copies when the build made them
 * (scripts/precompress.ts) and the browser takes them, with cache headers; every other GET path
 * is a client-side route and gets the app shell.
 */
export function clientFiles(staticDir: string) {
  const root = path.relative(process.cwd(), staticDir) || '.';
  const indexHtml = path.join(staticDir, 'index.html');
  return new Hono()
    .use('/*', async (c, next) => {
      await next();
      if (c.res.status !== 200 || c.res.headers.has('cache-control')) return;
      c.res.headers.set('Cache-Control', c.req.path.startsWith('/assets/') ? IMMUTABLE : REVALIDATE);
    })
    .use('/*', serveStatic({ root, precompressed: true }))
    // An asset of another build (a page open since before an upgrade) is gone: a 404, not the
    // shell as JavaScript, so the client's dynamic import fails as it should.
    .get('/assets/*', (c) => {
      throw new ApiError('not_found', `Nothing at ${c.req.path}`);
    })
    .get('*', (c) => c.html(fs.readFileSync(indexHtml, 'utf8')));
}

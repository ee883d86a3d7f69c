/**
 * A Vite plugin that builds the service worker (client/sw/service-worker.ts) once the client is
 * written: a classic script at /sw.js (not a module, which older phone browsers cannot run as a
 * worker), with the list of the shell's files it keeps for offline put in at `__PRECACHE__`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'vite';
import { precompressFile } from './precompress.ts';

export const SERVICE_WORKER_FILE = 'sw.js';

/** Compressed copies, the build's stamp and the worker itself are not part of the shell. */
const NOT_SHELL = /\.(br|gz)$|^\.source-hash$|^sw\.js$/;

/**
 * The shell's files under `dir` as the worker keeps them: a hashed asset (assets/name-hash.ext) by
 * its URL alone, any other file (the page, the manifest, the icons) with a hash of its bytes, so a
 * new build replaces exactly what changed.
 */
export function precacheEntries(dir: string): { url: string; revision: string | null }[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !NOT_SHELL.test(e.name))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort()
    .map((rel) => ({
      url: `/${rel}`,
      revision: rel.startsWith('assets/') ? null : crypto.createHash('md5').update(fs.readFileSync(path.join(dir, rel))).digest('hex'),
    }));
}

export function serviceWorker(entry: string): Plugin {
  let outDir = '';
  return {
    name: 'changan-service-worker',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    // Its own compressed copies are made here: Vite's `order`/`sequential` did not make the
    // precompress plugin's closeBundle wait for this one.
    closeBundle: {
      order: 'pre',
      sequential: true,
      async handler() {
        await build({
          configFile: false,
          logLevel: 'warn',
          publicDir: false,
          define: { __PRECACHE__: JSON.stringify(precacheEntries(outDir)), 'process.env.NODE_ENV': JSON.stringify('production') },
          build: {
            outDir,
            emptyOutDir: false,
            copyPublicDir: false,
            minify: true,
            lib: { entry, formats: ['iife'], name: 'changanServiceWorker', fileName: () => SERVICE_WORKER_FILE },
          },
        });
        await precompressFile(path.join(outDir, SERVICE_WORKER_FILE));
      },
    },
  };
}

import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
// With its extension: Vite's coming native config loader resolves no bare TypeScript path.
import { precompress } from './scripts/precompress.ts';
import { preloadHints } from './scripts/preload-hints.ts';
import { serviceWorker } from './scripts/service-worker-build.ts';

const dir = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: 'client',
  plugins: [react(), serviceWorker(dir('./client/sw/service-worker.ts')), preloadHints(), precompress()],
  resolve: {
    alias: {
      '@api': dir('./api'),
      '@client': dir('./client'),
      '@data': dir('./data'),
      '@shared': dir('./shared'),
    },
  },
  build: {
    outDir: dir('./dist/client'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    rolldownOptions: {
      output: {
        // The big libraries in chunks of their own: an upgrade of the app's code leaves them cached
        // (their names keep their hash), and a phone fetches them side by side. Only what the first
        // screen loads anyway goes here; a library used on an action stays in that action's chunk.
        codeSplitting: {
          groups: [
            { name: 'maplibre', test: /node_modules[\\/]maplibre-gl[\\/]/, priority: 3 },
            { name: 'deck', test: /node_modules[\\/](@deck\.gl|@luma\.gl|@math\.gl|@loaders\.gl|@probe\.gl|mjolnir\.js|earcut|robust-predicates)[\\/]/, priority: 2 },
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|@tanstack)[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});

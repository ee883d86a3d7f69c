import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const dir = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@api': dir('./api'),
      '@client': dir('./client'),
      '@data': dir('./data'),
      '@shared': dir('./shared'),
      '@scripts': dir('./scripts'),
    },
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 180_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/data/**/*.test.ts', 'tests/client/**/*.test.{ts,tsx}', 'tests/unit/**/*.test.ts'] } },
      // One database for the whole run (API and browser tests): booted in globalSetup, shared through inject('db').
      {
        extends: true,
        test: { name: 'db', include: ['tests/api/**/*.test.ts', 'tests/e2e/**/*.test.ts'], globalSetup: ['tests/support/global-db.ts'], isolate: false },
      },
    ],
  },
});

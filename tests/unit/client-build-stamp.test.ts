import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPluginFiles } from '@scripts/start';

describe('what makes the built client stale', () => {
  it("counts every plugin vite.config.ts imports, so changing one builds the client again on the next start", () => {
    const names = buildPluginFiles().map((f) => path.relative(path.resolve(import.meta.dirname, '../..'), f));
    expect(names).toEqual(expect.arrayContaining(['scripts/precompress.ts', 'scripts/preload-hints.ts', 'scripts/service-worker-build.ts']));
    for (const f of buildPluginFiles()) expect(fs.existsSync(f), f).toBe(true);
  });
});

import { execFileSync } from 'node:child_process';
import { defineConfig } from 'vitest/config';

// emitters render templates embedded in src/targets/templates.generated.ts: refresh it from templates/
execFileSync(process.execPath, ['scripts/gen-templates.mjs']);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // live tests start real proxies on free ports; keep files isolated but not too parallel on 2 cores
    pool: 'forks',
    maxWorkers: 2,
  },
});

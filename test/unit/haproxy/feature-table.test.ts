import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { featureTablePage, featureTableSnippet } from '../../../src/targets/feature-table.js';
import { haproxyTarget } from '../../../src/targets/haproxy/target.js';
import { TARGETS } from '../../../src/targets/registry.js';

const PAGE = 'docs/features.md';

describe('generated feature table', () => {
  it('shows each support level with its reason', () => {
    const table = featureTableSnippet([haproxyTarget]);
    expect(table).toContain('| `idle-timeout`: ');
    expect(table).toMatch(/`max-duration`.*⚠️ degraded: HAProxy 2.6 has no session lifetime limit/);
  });

  it('matches docs/features.md (UPDATE_GOLDEN=1 regenerates it)', () => {
    const page = featureTablePage(TARGETS);
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync('docs', { recursive: true });
      writeFileSync(PAGE, page);
    }
    expect(existsSync(PAGE), `${PAGE} is missing (run UPDATE_GOLDEN=1)`).toBe(true);
    expect(readFileSync(PAGE, 'utf8'), `${PAGE} drifted from the capability tables (run UPDATE_GOLDEN=1)`).toBe(page);
  });
});

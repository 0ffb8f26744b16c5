import type { Support } from './capabilities.js';
import { FEATURES, type Feature } from './features.js';
import type { Target } from './target.js';

/** Markers around the table, so the README can include the same snippet. */
export const TABLE_START = '<!-- wsctl:feature-table:start -->';
/** End marker of the table snippet. */
export const TABLE_END = '<!-- wsctl:feature-table:end -->';

const escapeCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** One table cell: the support level and its explanation. */
function cell(support: Support): string {
  if (support.level === 'yes') return `✅ ${escapeCell(support.how)}`;
  if (support.level === 'degraded') return `⚠️ degraded: ${escapeCell(support.why)}; instead ${escapeCell(support.fallback)}`;
  return `❌ refused: ${escapeCell(support.why)}`;
}

/** The feature x target table in markdown, from the targets' capability declarations (the README snippet). */
export function featureTableSnippet(targets: readonly Target[]): string {
  const withTables = targets.filter((t) => t.capabilities !== null);
  const header = `| feature | ${withTables.map((t) => t.name).join(' | ')} |`;
  const rule = `|---|${withTables.map(() => '---').join('|')}|`;
  const rows = (Object.keys(FEATURES) as Feature[]).map(
    (f) => `| \`${f}\`: ${escapeCell(FEATURES[f])} | ${withTables.map((t) => (t.capabilities ? cell(t.capabilities[f]) : '')).join(' | ')} |`,
  );
  return [TABLE_START, header, rule, ...rows, TABLE_END].join('\n');
}

/** The whole docs/features.md page. */
export function featureTablePage(targets: readonly Target[]): string {
  return [
    '# Feature support per target',
    '',
    'Generated from each target\'s capability table (`src/targets/<target>/capabilities.ts`) by',
    '`UPDATE_GOLDEN=1 npx vitest run test/unit/haproxy/feature-table.test.ts`; the test fails when this file drifts.',
    'The same declarations drive the compiler (a refused feature is a compile error, a degraded one needs',
    '`--allow-degraded`) and the parity suite (every ✅ runs a live scenario on that target).',
    '',
    '✅ supported · ⚠️ degraded (error unless `--allow-degraded`, then the stated fallback) · ❌ refused (always an error)',
    '',
    featureTableSnippet(targets),
    '',
  ].join('\n');
}

import { template } from '../templates.js';
import type { WorkerTable } from './route-table.js';

/** The line of templates/cloudflare/worker.js that the route table replaces. */
export const TABLE_PLACEHOLDER = 'const TABLE = {}; // wsctl:route-table';

/**
 * A JavaScript expression for a JSON value: JSON.stringify output is a valid JS literal (ES2019), and
 * U+2028/U+2029 are escaped anyway so older parsers read it the same.
 */
export function jsLiteral(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** worker.js: the fixed runtime of templates/cloudflare/worker.js with the route table as its one data literal. */
export function renderWorker(table: WorkerTable, header: string): string {
  const source = template('cloudflare/worker.js');
  if (!source.includes(TABLE_PLACEHOLDER)) throw new Error('templates/cloudflare/worker.js lost its route-table placeholder');
  return `${header}\n${source.replace(TABLE_PLACEHOLDER, () => `const TABLE = ${jsLiteral(table)};`)}`;
}

import type { IrGateway } from '../../ir/types.js';
import { DATE, MODULE_PATH, quoteToml, ROUTE_PATTERN, WORKER_NAME, ZONE_NAME } from './toml.js';

/** The workerd compatibility date the runtime is written and tested for (miniflare 4 runs it). */
export const COMPATIBILITY_DATE = '2025-06-01';

/** The module wrangler uploads, next to wrangler.toml. */
export const WORKER_MODULE = 'worker.js';

/** The zone a host belongs to, as a guess from its last two labels (users adjust it for longer zones such as example.co.uk). */
function zoneOf(host: string): string {
  return host.replace(/^\*\./, '').split('.').slice(-2).join('.');
}

/** Host names the Worker must receive: one wrangler route per host, paths are matched by the Worker. */
function routedHosts(ir: IrGateway): string[] {
  return [...new Set(ir.routes.flatMap((r) => r.hosts.map((h) => h.toLowerCase())))].sort();
}

/**
 * wrangler.toml: the Worker's name, its module and, per host, a route sending that host's traffic to
 * the Worker. Every value goes through quoteToml (allow-list, then TOML string escapes).
 */
export function renderWrangler(ir: IrGateway, header: string[]): string {
  const hosts = routedHosts(ir);
  const anyHost = ir.routes.some((r) => r.hosts.length === 0);
  const lines = [
    ...header.map((h) => `# ${h}`),
    `name = ${quoteToml(ir.name, WORKER_NAME)}`,
    `main = ${quoteToml(WORKER_MODULE, MODULE_PATH)}`,
    `compatibility_date = ${quoteToml(COMPATIBILITY_DATE, DATE)}`,
    // a route without hosts answers any host: the workers.dev address is one, and a custom domain another
    `workers_dev = ${anyHost || hosts.length === 0 ? 'true' : 'false'}`,
  ];
  if (hosts.length) {
    lines.push('', '# one route per host; zone_name is a guess from the last two labels: correct it for longer zones (example.co.uk)');
  }
  for (const host of hosts) {
    lines.push('', '[[routes]]', `pattern = ${quoteToml(`${host}/*`, ROUTE_PATTERN)}`, `zone_name = ${quoteToml(zoneOf(host), ZONE_NAME)}`);
  }
  return `${lines.join('\n')}\n`;
}

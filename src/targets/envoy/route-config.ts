import { byString } from '../../ir/sort.js';
import type { IrGateway, IrListener, IrRoute } from '../../ir/types.js';
import { routeConfigName } from './names.js';
import { buildRoutes } from './route.js';
import type { RouteConfiguration, VirtualHost } from './types.js';

/**
 * The RouteConfiguration of one listener. Envoy picks exactly one virtual host per request (exact host,
 * then wildcard, then "*") and refuses a domain in two virtual hosts, so there is one virtual host per
 * host name, holding the routes for that host plus the any-host routes, in IR precedence order.
 */
export function buildRouteConfig(listener: IrListener, ir: IrGateway): RouteConfiguration {
  const routes = ir.routes.filter((r) => r.listeners.includes(listener.name));
  const expand = (list: IrRoute[]): VirtualHost['routes'] => list.flatMap((r) => buildRoutes(r, ir, r.auth.type === 'bearer' ? r.auth.tokens : []));
  // routes by host, each list in IR order: one pass, not one scan of every route per host
  const anyHost = routes.filter((r) => r.hosts.length === 0);
  const byHost = new Map<string, IrRoute[]>();
  for (const route of routes) {
    for (const host of new Set(route.hosts)) {
      const list = byHost.get(host) ?? [];
      list.push(route);
      byHost.set(host, list);
    }
  }
  const order = new Map(routes.map((r, i) => [r, i]));
  const inOrder = (list: IrRoute[]): IrRoute[] => list.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  const hosts = [...byHost.keys()].sort(byString);
  const virtualHosts: VirtualHost[] = hosts.map((host) => ({
    name: host,
    domains: [host],
    routes: expand(inOrder([...(byHost.get(host) ?? []), ...anyHost])),
  }));
  if (anyHost.length) virtualHosts.push({ name: '*', domains: ['*'], routes: expand(anyHost) });
  return { name: routeConfigName(listener.name), virtual_hosts: virtualHosts };
}

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
  const hosts = [...new Set(routes.flatMap((r) => r.hosts))].sort(byString);
  const virtualHosts: VirtualHost[] = hosts.map((host) => ({
    name: host,
    domains: [host],
    routes: expand(routes.filter((r) => r.hosts.length === 0 || r.hosts.includes(host))),
  }));
  const anyHost = routes.filter((r) => r.hosts.length === 0);
  if (anyHost.length) virtualHosts.push({ name: '*', domains: ['*'], routes: expand(anyHost) });
  return { name: routeConfigName(listener.name), virtual_hosts: virtualHosts };
}

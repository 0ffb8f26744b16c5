import { TimeoutDefaults } from '../../ir/defaults.js';
import type { IrRoute, Timeout } from '../../ir/types.js';
import { haproxyTime, timeoutWord } from './durations.js';
import { ROUTE_VAR, WS_ACL, WS_VAR } from './names.js';
import { acl, rule } from './rules.js';
import type { AclView, RuleView } from './view-model.js';

/** The static timeouts of a backend and the per-request rules that refine them. */
export interface BackendTimeouts {
  /** `timeout server`: the bound on a plain HTTP request waiting for its response. */
  server: string;
  /** `timeout tunnel`: the idle bound once upgraded. */
  tunnel: string;
  /** ACLs the rules use. */
  acls: AclView[];
  /** http-request set-timeout rules, in order (a later one wins). */
  rules: RuleView[];
}

/** ACL true when the request took the named route (the route variable is set by the frontend). */
const routeAclName = (route: IrRoute): string => `wsctl_route_${route.name.replace(/-/g, '_')}`;

/**
 * One timeout per route: a single static value when every route to the backend agrees, otherwise the
 * shared default, which each differing route overrides with `http-request set-timeout KIND`.
 */
function perRoute(routes: IrRoute[], pick: (r: IrRoute) => Timeout, defaultMs: number, kind: 'tunnel' | 'server', extraCond: string[] = []): { value: string; routes: IrRoute[]; rules: RuleView[] } {
  const words = routes.map((r) => timeoutWord(pick(r)));
  const distinct = [...new Set(words)];
  if (distinct.length <= 1) return { value: distinct[0] ?? haproxyTime(defaultMs), routes: [], rules: [] };
  const value = haproxyTime(defaultMs);
  const differing = routes.filter((_, i) => words[i] !== value);
  const rules = differing.map((route) => rule(['set-timeout', kind, timeoutWord(pick(route))], ...extraCond, routeAclName(route)));
  return { value, routes: differing, rules };
}

/**
 * The timeouts of a backend. Once upgraded, a socket lives under `timeout tunnel` (idleTimeout). Before
 * that, `timeout server` bounds the wait for the response, and it must tell the two kinds of requests
 * apart: a genuine upgrade waits at most handshakeTimeout for the 101, while a plain HTTP request on a
 * `plainHttp: proxy` route may wait as long as the route lets a socket be silent (idleTimeout), because
 * long-polling transports (socket.io holds a poll for its pingInterval, 25 s) answer only when they
 * have something to say. nginx bounds both with the same proxy_read_timeout.
 */
export function backendTimeouts(routes: IrRoute[]): BackendTimeouts {
  const tunnel = perRoute(routes, (r) => r.websocket.idleTimeout, TimeoutDefaults.idleTimeoutMs, 'tunnel');
  const plain = perRoute(routes, (r) => r.websocket.idleTimeout, TimeoutDefaults.idleTimeoutMs, 'server');
  const rules = [...tunnel.rules, ...plain.rules];
  const named = new Set([...tunnel.routes, ...plain.routes]);
  // the upgrade bound comes last, so it overrides the plain-request bound for upgrades only
  const handshake = perRoute(routes, (r) => r.websocket.handshakeTimeout, TimeoutDefaults.handshakeTimeoutMs, 'server', [WS_ACL]);
  rules.push(rule(['set-timeout', 'server', handshake.value], WS_ACL), ...handshake.rules);
  for (const route of handshake.routes) named.add(route);
  const acls = [acl(WS_ACL, `var(${WS_VAR})`, ['-m', 'bool'])];
  for (const route of routes) if (named.has(route)) acls.push(acl(routeAclName(route), `var(${ROUTE_VAR})`, ['-m', 'str'], [route.name]));
  return { server: plain.value, tunnel: tunnel.value, acls, rules };
}

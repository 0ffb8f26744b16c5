import { TimeoutDefaults } from '../../ir/defaults.js';
import type { IrRoute, Timeout } from '../../ir/types.js';
import { haproxyTime, timeoutWord } from './durations.js';
import { ROUTE_VAR, WS_ACL, WS_VAR } from './names.js';
import { acl, aclLines, rule } from './rules.js';
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

/**
 * One timeout per route: a single static value when every route to the backend agrees, otherwise the
 * shared default, which the differing routes override with `http-request set-timeout KIND`: one rule
 * per distinct value, whose ACL lists the routes that take it (lines of ACL_VALUES_PER_LINE names).
 */
function perRoute(routes: IrRoute[], pick: (r: IrRoute) => Timeout, defaultMs: number, kind: 'tunnel' | 'server', label: string, extraCond: string[] = []): { value: string; acls: AclView[]; rules: RuleView[] } {
  const words = routes.map((r) => timeoutWord(pick(r)));
  const distinct = [...new Set(words)];
  if (distinct.length <= 1) return { value: distinct[0] ?? haproxyTime(defaultMs), acls: [], rules: [] };
  const value = haproxyTime(defaultMs);
  const byValue = new Map<string, string[]>();
  routes.forEach((route, i) => {
    const word = words[i] ?? value;
    if (word === value) return;
    byValue.set(word, [...(byValue.get(word) ?? []), route.name]);
  });
  const acls: AclView[] = [];
  const rules: RuleView[] = [];
  [...byValue.entries()].forEach(([word, names], n) => {
    const name = `wsctl_${label}_${n}`;
    acls.push(...aclLines(name, `var(${ROUTE_VAR})`, ['-m', 'str'], names));
    rules.push(rule(['set-timeout', kind, word], ...extraCond, name));
  });
  return { value, acls, rules };
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
  const tunnel = perRoute(routes, (r) => r.websocket.idleTimeout, TimeoutDefaults.idleTimeoutMs, 'tunnel', 'idle');
  const plain = perRoute(routes, (r) => r.websocket.idleTimeout, TimeoutDefaults.idleTimeoutMs, 'server', 'idle');
  // the upgrade bound comes last, so it overrides the plain-request bound for upgrades only
  const handshake = perRoute(routes, (r) => r.websocket.handshakeTimeout, TimeoutDefaults.handshakeTimeoutMs, 'server', 'handshake', [WS_ACL]);
  const rules = [...tunnel.rules, ...plain.rules, rule(['set-timeout', 'server', handshake.value], WS_ACL), ...handshake.rules];
  // the idle-timeout ACLs serve both the tunnel and the plain-request rules: declared once
  const acls = [acl(WS_ACL, `var(${WS_VAR})`, ['-m', 'bool']), ...tunnel.acls, ...handshake.acls];
  return { server: plain.value, tunnel: tunnel.value, acls, rules };
}

import type { IrGateway, IrListener, IrRoute } from '../../ir/types.js';
import type { EmitContext } from '../target.js';
import { bearerRules, jwtRules, type PolicyRules } from './auth.js';
import { capacityRules } from './capacity.js';
import type { JwtKeyFile } from './helper-files.js';
import { backendName, frontendName, PATH_VAR, ROUTE_VAR, routeAcl, stickTableName, WS_ACL, WS_VAR } from './names.js';
import { argToken } from './quote.js';
import { handshakesPerWindow } from './rate-limits.js';
import { acl, aclLines, not, rule } from './rules.js';
import type { AclView, BindTlsView, FrontendView, RuleView } from './view-model.js';

/** Mozilla "intermediate" TLS 1.2 ciphers (ECDHE only: no DH parameters to ship). */
export const TLS12_CIPHERS =
  'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305';
/** TLS 1.3 cipher suites. */
export const TLS13_CIPHERSUITES = 'TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256';

/** The bind address word: IPv6 addresses get haproxy's explicit ipv6@ prefix. */
export function bindAddress(address: string, port: number): string {
  return address.includes(':') ? `ipv6@${address}:${port}` : `${address}:${port}`;
}

function bindTls(listener: IrListener, ctx: EmitContext): BindTlsView | null {
  const tls = listener.tls;
  if (!tls) return null;
  const mtls = tls.clientCaFile !== null && tls.clientCert !== 'none';
  return {
    bundle: `tls/${listener.name}.pem`,
    minVersion: tls.minVersion === '1.3' ? 'TLSv1.3' : 'TLSv1.2',
    ciphers: TLS12_CIPHERS,
    ciphersuites: TLS13_CIPHERSUITES,
    clientCa: mtls && tls.clientCaFile ? ctx.pathFromOutput(tls.clientCaFile.ref, 'haproxy') : null,
    verify: mtls ? (tls.clientCert === 'optional' ? 'optional' : 'required') : null,
  };
}

/** Host and path ACLs of a route; the host ACL ignores a :port suffix and case. */
function matchAcls(route: IrRoute, i: number): { acls: AclView[]; cond: string[] } {
  const acls: AclView[] = [];
  const cond: string[] = [];
  const hostFetch = 'req.hdr(host),field(1,:),lower';
  const exact = route.hosts.filter((h) => !h.startsWith('*.'));
  const wildcard = route.hosts.filter((h) => h.startsWith('*.')).map((h) => h.slice(1));
  acls.push(...aclLines(`wsctl_r${i}_host`, hostFetch, ['-m', 'str'], exact));
  acls.push(...aclLines(`wsctl_r${i}_host`, hostFetch, ['-m', 'end'], wildcard));
  if (route.hosts.length) cond.push(`wsctl_r${i}_host`);
  const method = { Prefix: 'beg', Exact: 'str', Regex: 'reg' }[route.path.type];
  acls.push(acl(`wsctl_r${i}_path`, 'path', ['-m', method], [route.path.value]));
  cond.push(`wsctl_r${i}_path`);
  return { acls, cond };
}

/** Per-client limits: one stick table per route, tracking genuine upgrades only. */
function rateLimitRules(route: IrRoute, i: number, on: string): PolicyRules {
  const limit = route.rateLimit;
  if (!limit) return { acls: [], rules: [] };
  const acls: AclView[] = [];
  const rules: RuleView[] = [rule(['track-sc0', 'src', 'table', stickTableName(route.name)], on, WS_ACL)];
  if (limit.connectionsPerClient) {
    acls.push(acl(`wsctl_r${i}_conns`, 'sc_conn_cur(0)', ['gt', String(limit.connectionsPerClient)]));
    rules.push(rule(['deny', 'deny_status', '429'], on, WS_ACL, `wsctl_r${i}_conns`));
  }
  if (limit.handshakesPerSecondPerClient) {
    acls.push(acl(`wsctl_r${i}_rate`, 'sc_http_req_rate(0)', ['gt', String(handshakesPerWindow(limit))]));
    rules.push(rule(['deny', 'deny_status', '429'], on, WS_ACL, `wsctl_r${i}_rate`));
  }
  return { acls, rules };
}

/** Every policy of one route, in the order nginx's phases apply them too: 426, Origin, limits, auth. */
function routePolicies(ir: IrGateway, route: IrRoute, i: number, jwtKeys: Map<string, JwtKeyFile[]>): PolicyRules {
  const on = routeAcl(i);
  const acls: AclView[] = [acl(on, `var(${ROUTE_VAR})`, ['-m', 'str'], [route.name])];
  const rules: RuleView[] = [];
  if (route.websocket.plainHttp === 'reject') {
    rules.push(rule(['return', 'status', '426', 'content-type', 'text/plain', 'string', 'Upgrade Required', 'hdr', 'Upgrade', 'websocket'], on, not(WS_ACL)));
  }
  if (route.allowedOrigins) {
    acls.push(acl(`wsctl_r${i}_origin`, 'req.fhdr(origin)', ['-m', 'str', '-f', `origins/${route.name}.lst`]));
    // req.hdr() would split "https://evil, https://good" on the comma; fhdr reads whole lines, and a
    // repeated Origin header is refused outright. An upgrade needs an allowed Origin; a plain request
    // is refused only when it carries a wrong one (same-origin browser GETs send none)
    rules.push(rule(['deny', 'deny_status', '403'], on, 'wsctl_origin_repeated'));
    rules.push(rule(['deny', 'deny_status', '403'], on, WS_ACL, not(`wsctl_r${i}_origin`)));
    rules.push(rule(['deny', 'deny_status', '403'], on, 'wsctl_origin_present', not(`wsctl_r${i}_origin`)));
  }
  const limits = rateLimitRules(route, i, on);
  acls.push(...limits.acls);
  rules.push(...limits.rules);
  if (route.auth.type === 'bearer') {
    const bearer = bearerRules(route, on, `tokens/${route.name}.lst`);
    acls.push(...bearer.acls);
    rules.push(...bearer.rules);
  } else if (route.auth.type === 'jwt') {
    const name = route.auth.provider;
    const index = ir.authProviders.findIndex((p) => p.name === name);
    const provider = ir.authProviders[index];
    if (!provider) throw new Error(`route ${route.name} names unknown JWT provider ${name}`);
    const jwt = jwtRules(provider, index, on, jwtKeys.get(name) ?? []);
    acls.push(...jwt.acls);
    rules.push(...jwt.rules);
  }
  return { acls, rules };
}

/** Keeps the first of identical ACL lines (several routes share some), preserving order. */
function uniqueAcls(acls: AclView[]): AclView[] {
  const seen = new Set<string>();
  return acls.filter((a) => {
    const key = JSON.stringify(a);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One frontend per listener: route selection into a variable, then each route's policies, then use_backend. */
export function buildFrontend(ir: IrGateway, listener: IrListener, ctx: EmitContext, jwtKeys: Map<string, JwtKeyFile[]>): FrontendView {
  const routes = ir.routes.filter((r) => r.listeners.includes(listener.name));
  const capacity = capacityRules(ir.limits.maxConnections, ir.accessLog.enabled);
  const acls: AclView[] = [
    ...capacity.acls,
    acl('wsctl_upgrade_single', 'req.fhdr_cnt(upgrade)', ['eq', '1']),
    acl('wsctl_upgrade_websocket', 'req.fhdr(upgrade)', ['-m', 'str', '-i'], ['websocket']),
    acl(WS_ACL, `var(${WS_VAR})`, ['-m', 'bool']),
    acl('wsctl_routed', `var(${ROUTE_VAR})`, ['-m', 'found']),
    acl('wsctl_origin_repeated', 'req.fhdr_cnt(origin)', ['gt', '1']),
    acl('wsctl_origin_present', 'req.fhdr_cnt(origin)', ['gt', '0']),
  ];
  const rules: RuleView[] = [
    ...capacity.rules,
    rule([`set-var(${WS_VAR})`, 'bool(true)'], 'wsctl_upgrade_single', 'wsctl_upgrade_websocket'),
    // any other Upgrade (h2c, a second value) is never forwarded: the request goes on as plain HTTP
    rule(['del-header', 'upgrade'], not(WS_ACL)),
    rule([`set-var(${PATH_VAR})`, 'path']),
    rule(['set-header', 'X-Forwarded-Proto', listener.tls ? 'https' : 'http']),
    rule(['set-header', 'X-Real-IP', '%[src]']),
  ];
  routes.forEach((route, i) => {
    const match = matchAcls(route, i);
    acls.push(...match.acls);
    rules.push(rule([`set-var(${ROUTE_VAR})`, `str(${argToken(route.name, 'route name')})`], not('wsctl_routed'), ...match.cond));
  });
  rules.push(rule(['deny', 'deny_status', '404'], not('wsctl_routed')));
  routes.forEach((route, i) => {
    const policies = routePolicies(ir, route, i, jwtKeys);
    acls.push(...policies.acls);
    rules.push(...policies.rules);
  });
  return {
    name: frontendName(listener.name),
    bind: bindAddress(listener.address, listener.port),
    tls: bindTls(listener, ctx),
    track: capacity.track,
    acls: uniqueAcls(acls),
    rules,
    useBackends: routes.map((route, i) => ({ backend: backendName(route.backend), cond: [routeAcl(i)] })),
  };
}

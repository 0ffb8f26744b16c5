import type { IrGateway, IrListener, IrRoute } from '../../ir/types.js';
import type { EmitContext } from '../target.js';
import { bearerRules, jwtRules, type PolicyRules } from './auth.js';
import { capacityRules } from './capacity.js';
import type { HelperRefs } from './helper-files.js';
import { frontendName, PATH_VAR, POLICY_VAR, ROUTE_VAR, stickTableName, WS_ACL, WS_VAR } from './names.js';
import type { RoutePolicy } from './policies.js';
import { argToken } from './quote.js';
import { handshakesPerWindow } from './rate-limits.js';
import { buildRouteMaps, CLASS_SEPARATOR } from './route-maps.js';
import { routeMapDir, type GatewayRouting } from './routing.js';
import { ROUTED_ACL, routeSelection } from './route-selection.js';
import { acl, not, rule } from './rules.js';
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

/** Per-client limits, tracked on genuine upgrades only, counted per route in the policy's table. */
function rateLimitRules(policy: RoutePolicy, n: number, on: string): PolicyRules {
  const limit = policy.route.rateLimit;
  if (!limit) return { acls: [], rules: [] };
  const acls: AclView[] = [];
  // one table per policy, keyed by client address and route, so routes sharing it keep their own counts
  const rules: RuleView[] = [rule(['track-sc0', `src,concat(${CLASS_SEPARATOR},${ROUTE_VAR})`, 'table', stickTableName(policy.route.name)], on, WS_ACL)];
  if (limit.connectionsPerClient) {
    acls.push(acl(`wsctl_p${n}_conns`, 'sc_conn_cur(0)', ['gt', String(limit.connectionsPerClient)]));
    rules.push(rule(['deny', 'deny_status', '429'], on, WS_ACL, `wsctl_p${n}_conns`));
  }
  if (limit.handshakesPerSecondPerClient) {
    acls.push(acl(`wsctl_p${n}_rate`, 'sc_http_req_rate(0)', ['gt', String(handshakesPerWindow(limit))]));
    rules.push(rule(['deny', 'deny_status', '429'], on, WS_ACL, `wsctl_p${n}_rate`));
  }
  return { acls, rules };
}

/** Every check of one policy, in the order nginx's phases apply them too: 426, Origin, limits, auth. */
function policyRules(ir: IrGateway, policy: RoutePolicy, n: number, refs: HelperRefs): PolicyRules {
  const route = policy.route;
  const on = policy.acl;
  const acls: AclView[] = [acl(on, `var(${POLICY_VAR})`, ['-m', 'str'], [policy.id])];
  const rules: RuleView[] = [];
  if (route.websocket.plainHttp === 'reject') {
    rules.push(rule(['return', 'status', '426', 'content-type', 'text/plain', 'string', 'Upgrade Required', 'hdr', 'Upgrade', 'websocket'], on, not(WS_ACL)));
  }
  const origins = refs.origins.pathOf.get(route.name);
  if (origins) {
    acls.push(acl(`wsctl_p${n}_origin`, 'req.fhdr(origin)', ['-m', 'str', '-f', origins]));
    // req.hdr() would split "https://evil, https://good" on the comma; fhdr reads whole lines, and a
    // repeated Origin header is refused outright. An upgrade needs an allowed Origin; a plain request
    // is refused only when it carries a wrong one (same-origin browser GETs send none)
    rules.push(rule(['deny', 'deny_status', '403'], on, 'wsctl_origin_repeated'));
    rules.push(rule(['deny', 'deny_status', '403'], on, WS_ACL, not(`wsctl_p${n}_origin`)));
    rules.push(rule(['deny', 'deny_status', '403'], on, 'wsctl_origin_present', not(`wsctl_p${n}_origin`)));
  }
  const limits = rateLimitRules(policy, n, on);
  acls.push(...limits.acls);
  rules.push(...limits.rules);
  if (route.auth.type === 'bearer') {
    const bearer = bearerRules(route, on, refs.tokens.pathOf.get(route.name) ?? '');
    acls.push(...bearer.acls);
    rules.push(...bearer.rules);
  } else if (route.auth.type === 'jwt') {
    const name = route.auth.provider;
    const index = ir.authProviders.findIndex((p) => p.name === name);
    const provider = ir.authProviders[index];
    if (!provider) throw new Error(`route ${route.name} names unknown JWT provider ${name}`);
    const jwt = jwtRules(provider, index, on, refs.jwtKeys.get(name) ?? []);
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

/**
 * One frontend per listener: the route chosen through maps, a 404 when none matches, then the checks of
 * the route's policy, then the backend the route → backend map names. Rules and ACLs grow with the
 * distinct policies and regex routes, not with the number of routes.
 */
export function buildFrontend(ir: IrGateway, listener: IrListener, ctx: EmitContext, routing: GatewayRouting): FrontendView {
  const routes = ir.routes.filter((r) => r.listeners.includes(listener.name));
  const names = new Set(routes.map((r) => r.name));
  const capacity = capacityRules(ir.limits.maxConnections, ir.accessLog.enabled);
  const acls: AclView[] = [
    ...capacity.acls,
    acl('wsctl_upgrade_single', 'req.fhdr_cnt(upgrade)', ['eq', '1']),
    acl('wsctl_upgrade_websocket', 'req.fhdr(upgrade)', ['-m', 'str', '-i'], ['websocket']),
    acl(WS_ACL, `var(${WS_VAR})`, ['-m', 'bool']),
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
  const selection = routeSelection(routing.routeMaps.get(listener.name) ?? buildRouteMaps([], routeMapDir(listener.name)));
  acls.push(...selection.acls);
  rules.push(...selection.rules);
  rules.push(rule(['deny', 'deny_status', '404'], not(ROUTED_ACL)));
  const policies = routing.policies.filter((p) => [...p.members].some((m) => names.has(m)));
  if (policies.length && routing.policyMap) rules.push(rule([`set-var(${POLICY_VAR})`, `var(${ROUTE_VAR}),map_str(${routing.policyMap.path})`]));
  for (const policy of policies) {
    const checks = policyRules(ir, policy, routing.policies.indexOf(policy), routing.refs);
    acls.push(...checks.acls);
    rules.push(...checks.rules);
  }
  return {
    name: frontendName(listener.name),
    bind: bindAddress(listener.address, listener.port),
    tls: bindTls(listener, ctx),
    track: capacity.track,
    acls: uniqueAcls(acls),
    rules,
    useBackend: routes.length ? `%[var(${ROUTE_VAR}),map_str(${routing.backendMap.path})]` : null,
  };
}

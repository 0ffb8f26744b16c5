import { Codes } from '../../diag/codes.js';
import type { Diagnostic } from '../../diag/diagnostic.js';
import type { IrBackend, IrFile, IrGateway, IrListener, IrRoute } from '../../ir/types.js';
import type { EmitContext, SpecElement } from '../target.js';
import { jwtLocation, type NjsProvider } from './auth.js';
import { proxyBufferSize } from './buffers.js';
import { NginxRegex } from './quote.js';
import { NGINX_MAX_CONNECT_MS, NGINX_MAX_TIMER_MS, capTimeout, nginxTime } from './timeouts.js';
import { hostPort, upstreamName } from './upstreams.js';
import type { AnyHostFileView, LocationView, ServerView, TlsView } from './view.js';
import type { SharedMaps } from './shared-maps.js';

/** Mozilla "intermediate" TLS 1.2 suites (forward secret AEAD only); TLS 1.3 suites are OpenSSL's. */
const TLS12_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305',
  'DHE-RSA-AES128-GCM-SHA256', 'DHE-RSA-AES256-GCM-SHA384',
].join(':');

/** What building servers needs besides the IR. */
export interface ServerContext {
  /** The gateway. */
  ir: IrGateway;
  /** Spec files and paths. */
  ctx: EmitContext;
  /** njs JWT providers (for claim numbering). */
  providers: readonly NjsProvider[];
  /** Warnings and errors found while building. */
  diagnostics: Diagnostic[];
  /** Origin and token maps shared by routes with the same list. */
  shared: SharedMaps;
  /** Index of each route in ir.routes (looked up per location, so not with indexOf). */
  routeIndex: Map<IrRoute, number>;
}

/** An emitter finding, located at the spec element it concerns. */
function report(sc: ServerContext, severity: Diagnostic['severity'], message: string, at: SpecElement): void {
  const code = severity === 'error' ? Codes.UNSUPPORTED_FEATURE : Codes.DEGRADED_FEATURE;
  sc.diagnostics.push(sc.ctx.diagnostic(code, severity, `target nginx: ${message}`, at));
}

/** True when a host pattern (exact or *.suffix) matches every name `host` stands for. */
export function hostCovers(pattern: string, host: string): boolean {
  if (!pattern.startsWith('*.')) return pattern === host;
  const suffix = pattern.slice(1);
  const bare = host.startsWith('*.') ? host.slice(1) : `.${host}`;
  return bare === suffix || bare.endsWith(suffix);
}

/** Most specific first: exact hosts, then wildcards with longer suffixes. */
function specificity(pattern: string): number {
  return pattern.startsWith('*.') ? pattern.length : 10_000 + pattern.length;
}

/**
 * The routes of a listener indexed for host lookups, so that finding the routes a host reaches costs
 * the routes that can match it, not every route (10,000 one-host tenants would otherwise be quadratic).
 */
interface HostIndex {
  /** Every route of the listener in IR (precedence) order. */
  routes: readonly IrRoute[];
  /** Position of each route in `routes`. */
  order: Map<IrRoute, number>;
  /** Routes naming an exact host, by host. */
  exact: Map<string, IrRoute[]>;
  /** Routes naming a wildcard host (*.example.com). */
  wildcard: IrRoute[];
  /** Routes for any host. */
  anyHost: IrRoute[];
}

function indexRoutes(routes: readonly IrRoute[]): HostIndex {
  const index: HostIndex = { routes, order: new Map(), exact: new Map(), wildcard: [], anyHost: [] };
  routes.forEach((route, i) => {
    index.order.set(route, i);
    if (route.hosts.length === 0) index.anyHost.push(route);
    if (route.hosts.some((h) => h.startsWith('*.'))) index.wildcard.push(route);
    for (const host of route.hosts) {
      if (host.startsWith('*.')) continue;
      const list = index.exact.get(host) ?? [];
      list.push(route);
      index.exact.set(host, list);
    }
  });
  return index;
}

/** Routes a request for `host` can reach, most specific host match first (any-host routes last). */
function routesForHost(index: HostIndex, host: string | null): IrRoute[] {
  const score = (r: IrRoute): number => {
    if (r.hosts.length === 0) return 0;
    if (host === null) return -1;
    return Math.max(-1, ...r.hosts.filter((p) => hostCovers(p, host)).map(specificity));
  };
  const candidates = host === null ? index.anyHost : [...new Set([...(index.exact.get(host) ?? []), ...index.wildcard, ...index.anyHost])];
  const ranked = candidates.map((route) => ({ route, order: index.order.get(route) ?? 0, score: score(route) })).filter((x) => x.score >= 0);
  ranked.sort((a, b) => b.score - a.score || a.order - b.order);
  const seen = new Set<string>();
  const picked: { route: IrRoute; order: number }[] = [];
  for (const item of ranked) {
    const key = `${item.route.path.type} ${item.route.path.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    picked.push(item);
  }
  // nginx orders regex locations by position: keep the IR (precedence) order
  return picked.sort((a, b) => a.order - b.order).map((p) => p.route);
}

function matchOf(route: IrRoute): LocationView['match'] {
  return { exact: route.path.type === 'Exact', prefix: route.path.type === 'Prefix', regex: route.path.type === 'Regex' };
}

/** limit_conn counts at most 65535 sockets per key (a 16-bit counter); nginx refuses a larger number. */
export const NGINX_MAX_LIMIT_CONN = 65_535;

/**
 * A limit_conn number nginx accepts, or null (no limit_conn) with a warning when the limit is above
 * what limit_conn can count: one client IP cannot hold that many sockets to one address and port, and
 * the gateway and backends stay bounded by worker_connections.
 */
function connLimit(sc: ServerContext, count: number, what: string, at: SpecElement): number | null {
  if (count <= NGINX_MAX_LIMIT_CONN) return count;
  report(sc, 'warning', `${what} ${count} is above the ${NGINX_MAX_LIMIT_CONN} sockets nginx's limit_conn can count; not enforced by limit_conn`, at);
  return null;
}

function timeoutsOf(sc: ServerContext, route: IrRoute, backend: IrBackend): LocationView['timeouts'] {
  const idle = capTimeout(route.websocket.idleTimeout, NGINX_MAX_TIMER_MS);
  if (idle.clamped) report(sc, 'warning', `idleTimeout of route ${route.name} is capped at 24 days, nginx's longest timer`, { element: 'route', name: route.name, field: ['websocket', 'idleTimeout'] });
  const connect = capTimeout(backend.connectTimeout, NGINX_MAX_CONNECT_MS);
  if (connect.clamped) report(sc, 'warning', `connectTimeout of backend ${backend.name} is capped at 75s (proxy_connect_timeout)`, { element: 'backend', name: backend.name, field: ['connectTimeout'] });
  const idleText = nginxTime(Math.max(idle.ms, 1));
  return { connect: nginxTime(Math.max(connect.ms, 1)), read: idleText, send: idleText };
}

/** The name nginx verifies the upstream certificate against (and sends as SNI). */
function upstreamTlsName(sc: ServerContext, backend: IrBackend): string {
  if (backend.tls?.serverName) return backend.tls.serverName;
  const addresses = [...new Set(backend.endpoints.map((e) => e.address))];
  const only = addresses[0];
  if (addresses.length === 1 && only !== undefined && backend.endpoints.every((e) => e.kind === 'dns')) return only;
  report(sc, 'error', `backend ${backend.name}: nginx verifies one DNS name per backend and not IP addresses; set tls.serverName`, { element: 'backend', name: backend.name, field: ['tls'] });
  return 'invalid.invalid';
}

function countedLimit(index: number, count: number | null): { index: number; count: number } | null {
  return count === null ? null : { index, count };
}

function locationOf(sc: ServerContext, route: IrRoute, listener: IrListener): LocationView {
  const { ir, ctx } = sc;
  const routeIndex = sc.routeIndex.get(route) ?? -1;
  const originMap = sc.shared.origins.indexOf.get(routeIndex);
  const tokenMap = sc.shared.tokens.indexOf.get(routeIndex);
  const backendIndex = ir.backends.findIndex((b) => b.name === route.backend);
  const backend = ir.backends[backendIndex];
  if (!backend) throw new Error(`route ${route.name}: unknown backend ${route.backend}`);
  const rl = route.rateLimit;
  const perClient = Boolean(rl?.connectionsPerClient || rl?.handshakesPerSecondPerClient);
  return {
    match: matchOf(route),
    path: route.path.type === 'Regex' ? new NginxRegex(route.path.value) : route.path.value,
    route: route.name,
    rejectPlain: route.websocket.plainHttp === 'reject',
    origin: originMap === undefined ? null : { index: originMap },
    bearer: tokenMap === undefined ? null : { index: tokenMap },
    jwt: jwtLocation(route, ir, sc.providers),
    limitConn: countedLimit(routeIndex, rl?.connectionsPerClient ? connLimit(sc, rl.connectionsPerClient, `connectionsPerClient of route ${route.name}`, { element: 'route', name: route.name, field: ['rateLimit', 'connectionsPerClient'] }) : null),
    limitReq: rl?.handshakesPerSecondPerClient ? { index: routeIndex, burst: rl.burst > 0 ? rl.burst : null } : null,
    backendLimit: countedLimit(backendIndex, backend.maxConnections === null ? null : connLimit(sc, backend.maxConnections, `maxConnections of backend ${backend.name}`, { element: 'backend', name: backend.name, field: ['maxConnections'] })),
    gatewayLimit: connLimit(sc, ir.limits.maxConnections, 'limits.maxConnections', { element: 'gateway', name: ir.name, field: ['limits', 'maxConnections'] }),
    // 429 tells one client to slow down; 503 says the gateway or the backend as a whole is full
    limitStatus: perClient ? 429 : 503,
    proxyPass: `${backend.tls ? 'https' : 'http'}://${upstreamName(backend)}`,
    timeouts: timeoutsOf(sc, route, backend),
    bufferSize: proxyBufferSize(route),
    upstreamTls: backend.tls ? { trusted: ctx.pathFromOutput(backend.tls.caFile.ref, 'nginx'), name: upstreamTlsName(sc, backend) } : null,
    cookie: backend.affinity?.type === 'cookie' ? { index: backendIndex } : null,
  };
}

function tlsOf(sc: ServerContext, listener: IrListener): TlsView | null {
  const tls = listener.tls;
  if (!tls) return null;
  const path = (file: IrFile): string => sc.ctx.pathFromOutput(file.ref, 'nginx');
  return {
    cert: path(tls.certFile),
    key: path(tls.keyFile),
    protocols: tls.minVersion === '1.3' ? ['TLSv1.3'] : ['TLSv1.2', 'TLSv1.3'],
    ciphers: TLS12_CIPHERS,
    client: tls.clientCaFile && tls.clientCert !== 'none' ? { ca: path(tls.clientCaFile), verify: tls.clientCert === 'required' ? 'on' : 'optional' } : null,
  };
}

/** The location of a route on a listener, built once per listener however many server blocks hold it. */
type LocationCache = Map<IrRoute, LocationView>;

function cachedLocation(sc: ServerContext, cache: LocationCache, route: IrRoute, listener: IrListener): LocationView {
  let location = cache.get(route);
  if (!location) {
    location = locationOf(sc, route, listener);
    cache.set(route, location);
  }
  return location;
}

function serverOf(sc: ServerContext, listener: IrListener, names: string[], locations: LocationView[], inline: LocationView[], anyHostInclude: string | null): ServerView {
  const isDefault = names.length === 0;
  const jwt = [...new Set(locations.flatMap((l) => (l.jwt ? [l.jwt.index] : [])))].sort((a, b) => a - b);
  const claimsHealthz = locations.some((l) => l.match.exact && l.path === '/healthz');
  if (isDefault && claimsHealthz) report(sc, 'warning', `a route serves exactly /healthz on listener ${listener.name}; the gateway's own /healthz is not added there`, { element: 'listener', name: listener.name, field: ['name'] });
  return {
    listen: hostPort(listener.address, listener.port),
    ssl: listener.tls !== null,
    defaultServer: isDefault,
    reuseport: isDefault,
    names,
    tls: tlsOf(sc, listener),
    healthz: isDefault && !claimsHealthz,
    locations: inline,
    anyHostInclude,
    jwtLocations: jwt.map((index) => ({ index })),
    catchAll: !locations.some((l) => l.match.prefix && l.path === '/'),
  };
}

/** Path (relative to nginx.conf) of the shared any-host locations of the listener at `index`: no spec string in a file name. */
export function anyHostFile(index: number): string {
  return `locations/any-host-${index}.conf`;
}

/** Server blocks of one listener and, when two or more of them share its any-host locations, the file holding those. */
interface ListenerServers {
  servers: ServerView[];
  file: AnyHostFileView | null;
}

/**
 * Server blocks of one listener: a default server with the any-host routes (and /healthz), plus one
 * server per group of host names that reach the same routes (host routes first, any-host routes after).
 * The exact and prefix any-host locations are the same in every block that reaches them all (a host
 * route on the same path shadows one, and that block keeps its locations inline): they are written once
 * to a file each such block includes, so hosts × any-host routes does not multiply the output. nginx
 * picks among exact and `^~` prefix locations by the URI alone, whatever their order or file; regex
 * locations are tried in the order they appear, so they stay inline, in precedence order.
 */
function serversOfListener(sc: ServerContext, listener: IrListener, listenerIndex: number): ListenerServers {
  const routes = sc.ir.routes.filter((r) => r.listeners.includes(listener.name));
  const hosts = [...new Set(routes.flatMap((r) => r.hosts))].sort();
  const index = indexRoutes(routes);
  const groups = new Map<string, { names: string[]; routes: IrRoute[] }>();
  for (const host of hosts) {
    const reach = routesForHost(index, host);
    const key = reach.map((r) => r.name).join(',');
    const group = groups.get(key) ?? { names: [], routes: reach };
    group.names.push(host);
    groups.set(key, group);
  }
  const anyHost = routesForHost(index, null);
  const shared = new Set(anyHost.filter((r) => r.path.type !== 'Regex'));
  const reachesAll = (reach: IrRoute[]): boolean => {
    const set = new Set(reach);
    return [...shared].every((r) => set.has(r));
  };
  const sharing = shared.size > 0 && [...groups.values()].some((g) => reachesAll(g.routes));
  const file = sharing ? anyHostFile(listenerIndex) : null;
  const cache: LocationCache = new Map();
  const build = (names: string[], reach: IrRoute[]): ServerView => {
    const locations = reach.map((r) => cachedLocation(sc, cache, r, listener));
    const include = file !== null && reachesAll(reach);
    const inline = include ? reach.filter((r) => !shared.has(r)).map((r) => cachedLocation(sc, cache, r, listener)) : locations;
    return serverOf(sc, listener, names, locations, inline, include ? file : null);
  };
  const servers = [build([], anyHost)];
  for (const group of groups.values()) servers.push(build(group.names, group.routes));
  const sharedFile = file === null ? null : { file, locations: [...shared].map((r) => cachedLocation(sc, cache, r, listener)) };
  return { servers, file: sharedFile };
}

/** Every server block, listener by listener, and the any-host location files they include. */
export function buildServers(sc: ServerContext): { servers: ServerView[]; anyHostFiles: AnyHostFileView[] } {
  const perListener = sc.ir.listeners.map((l, i) => serversOfListener(sc, l, i));
  return { servers: perListener.flatMap((p) => p.servers), anyHostFiles: perListener.flatMap((p) => (p.file ? [p.file] : [])) };
}

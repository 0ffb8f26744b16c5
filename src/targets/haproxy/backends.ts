import { TimeoutDefaults } from '../../ir/defaults.js';
import type { IrBackend, IrEndpoint, IrGateway, IrHealthCheck, IrRoute, Timeout } from '../../ir/types.js';
import type { EmitContext } from '../target.js';
import { backendTimeouts } from './backend-timeouts.js';
import { haproxyTime, timeoutWord } from './durations.js';
import { backendName, stickTableName } from './names.js';
import { argToken } from './quote.js';
import { rateLimitWindowSeconds } from './rate-limits.js';
import { acl, rule } from './rules.js';
import type { AclView, BackendView, HealthCheckView, RuleView, StickTableView } from './view-model.js';

/** How long a half-closed socket may linger: a peer that sent FIN must not hold it for the tunnel timeout. */
export const FIN_TIMEOUT = '10s';
/** A fixed RFC 6455 sample key: the health check only needs the endpoint to answer 101. */
const CHECK_WS_KEY = 'dGhlIHNhbXBsZSBub25jZQ==';

function balanceWords(backend: IrBackend): { balance: string[]; consistent: boolean } {
  const affinity = backend.affinity;
  if (!affinity) return { balance: [backend.balance === 'roundRobin' ? 'roundrobin' : 'leastconn'], consistent: false };
  switch (affinity.type) {
    case 'header':
      return { balance: [`hdr(${argToken(affinity.name, 'header name')})`], consistent: true };
    case 'queryParam':
      return { balance: ['url_param', affinity.name], consistent: true };
    // a cookie pins clients that keep it; clients that drop cookies still land on one server by IP
    case 'cookie':
    case 'sourceIp':
      return { balance: ['source'], consistent: true };
  }
}

/** The cookie the IR decided (src/ir/cookie.ts), inserted by haproxy and stripped before the backend. */
function cookieWords(backend: IrBackend): string[] | null {
  const affinity = backend.affinity;
  if (affinity?.type !== 'cookie') return null;
  const words = [affinity.name, 'insert', 'indirect', 'nocache', 'httponly'];
  if (affinity.secure) words.push('secure');
  // haproxy always adds path=/ to an inserted cookie, which is the IR's Path (src/ir/cookie.ts)
  words.push('attr', `SameSite=${affinity.sameSite}`);
  if (affinity.maxAgeSeconds !== null) words.push('attr', `Max-Age=${affinity.maxAgeSeconds}`);
  return words;
}

function healthCheck(check: IrHealthCheck, hostHeader: string): HealthCheckView {
  const send = ['meth', 'GET', 'uri', check.path, 'ver', 'HTTP/1.1', 'hdr', 'Host', hostHeader];
  if (check.expect === 'websocket') {
    send.push('hdr', 'Connection', 'Upgrade', 'hdr', 'Upgrade', 'websocket', 'hdr', 'Sec-WebSocket-Version', '13', 'hdr', 'Sec-WebSocket-Key', CHECK_WS_KEY);
  }
  return {
    send,
    expect: check.expect === 'websocket' ? ['status', '101'] : ['rstatus', '^2[0-9][0-9]$'],
    inter: haproxyTime(check.intervalMs),
    timeout: haproxyTime(check.timeoutMs),
    rise: check.healthyThreshold,
    fall: check.unhealthyThreshold,
  };
}

/** True for a host name endpoint (the schema allows IPv4, IPv6 or a DNS name). */
export function isDnsName(endpoint: IrEndpoint): boolean {
  return endpoint.kind === 'dns';
}

/** The server address word: IPv6 addresses get haproxy's explicit ipv6@ prefix. */
function serverAddress(endpoint: IrEndpoint): string {
  return endpoint.kind === 'ipv6' ? `ipv6@${endpoint.address}:${endpoint.port}` : `${endpoint.address}:${endpoint.port}`;
}

/** One haproxy backend per spec backend. */
export function buildBackend(ir: IrGateway, backend: IrBackend, ctx: EmitContext): BackendView {
  const routes = ir.routes.filter((r) => r.backend === backend.name);
  const timeouts = backendTimeouts(routes);
  const acls = [...timeouts.acls];
  const rules = [...timeouts.rules];
  if (backend.maxConnections !== null) {
    // evaluated in the backend, be_conn already counts the stream being decided
    acls.push(acl('wsctl_backend_full', 'be_conn', ['gt', String(backend.maxConnections)]));
    rules.push(rule(['deny', 'deny_status', '503'], 'wsctl_backend_full'));
  }
  const { balance, consistent } = balanceWords(backend);
  const cookie = cookieWords(backend);
  const serverOptions: string[] = [];
  const tls = backend.tls;
  if (tls) {
    serverOptions.push('ssl', 'verify', 'required', 'ca-file', ctx.pathFromOutput(tls.caFile.ref, 'haproxy'));
    if (tls.serverName) {
      const name = argToken(tls.serverName, 'server name');
      serverOptions.push('sni', `str(${name})`, 'verifyhost', name);
      if (backend.healthCheck) serverOptions.push('check-sni', name);
    }
  }
  if (backend.healthCheck) {
    const check = backend.healthCheck;
    serverOptions.push('check', 'inter', haproxyTime(check.intervalMs), 'rise', String(check.healthyThreshold), 'fall', String(check.unhealthyThreshold));
  }
  const hostHeader = tls?.serverName ?? backend.endpoints[0]?.address ?? 'localhost';
  return {
    name: backendName(backend.name),
    balance,
    consistentHash: consistent,
    cookie,
    timeouts: {
      connect: timeoutWord(backend.connectTimeout),
      server: timeouts.server,
      tunnel: timeouts.tunnel,
      serverFin: FIN_TIMEOUT,
    },
    acls,
    rules,
    healthCheck: backend.healthCheck ? healthCheck(backend.healthCheck, hostHeader) : null,
    serverOptions,
    servers: backend.endpoints.map((e, i) => {
      const name = `${backend.name}-${i + 1}`;
      return { name, address: serverAddress(e), weight: e.weight, cookie: cookie ? name : null, resolve: isDnsName(e) };
    }),
  };
}

/** Longest key of a rate-limit table: an IPv6 address in text, the separator and a route name (a DNS label). */
const LIMIT_KEY_LENGTH = 112;

/**
 * The stick table of a rate-limit policy (its first route's settings): concurrent sockets and handshakes
 * per client address and route, so the routes sharing the table keep separate counts.
 */
export function buildStickTable(route: IrRoute): StickTableView | null {
  const limit = route.rateLimit;
  if (!limit) return null;
  const window = rateLimitWindowSeconds(limit);
  const store = ['conn_cur'];
  if (limit.handshakesPerSecondPerClient) store.push(`http_req_rate(${window}s)`);
  return {
    name: stickTableName(route.name),
    words: ['type', 'string', 'len', String(LIMIT_KEY_LENGTH), 'size', '100k', 'expire', `${Math.max(60, window)}s`, 'store', store.join(',')],
  };
}

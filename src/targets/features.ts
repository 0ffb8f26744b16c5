import type { PathSegment } from '../diag/path.js';
import type { IrGateway } from '../ir/types.js';
import type { SpecElement } from './target.js';

/**
 * Every spec feature a target may or may not honour. Targets declare their support per feature
 * (src/targets/<name>/capabilities.ts); the compiler refuses a used feature a target does not support,
 * and the parity suite runs the live scenarios of each feature on every target that claims it.
 */
export const FEATURES = {
  'websocket-upgrade': 'WebSocket upgrade, websocket-only (h2c and other Upgrade values refused)',
  'plain-http-reject': 'plainHttp: reject answers non-upgrade requests with 426',
  'plain-http-proxy': 'plainHttp: proxy forwards non-upgrade requests',
  'match-host': 'routes matched by host (exact and *.wildcard)',
  'match-prefix': 'path prefix routes',
  'match-exact': 'exact path routes',
  'match-regex': 'regular-expression path routes',
  'idle-timeout': 'websocket.idleTimeout: close after no frame either way',
  'max-duration': 'websocket.maxDuration: hard cap on a session',
  'handshake-timeout': 'websocket.handshakeTimeout: bound on the backend answering the upgrade, separate from idle',
  'connect-timeout': 'backends[].connectTimeout',
  'tls': 'TLS termination with a minimum version',
  'mtls': 'client certificates (mTLS), required or optional',
  'upstream-tls': 'TLS to backends with verification and SNI',
  'balance-round-robin': 'roundRobin balancing',
  'balance-least-connections': 'leastConnections balancing',
  'endpoint-weights': 'endpoint weights',
  'affinity-source-ip': 'affinity by client IP',
  'affinity-header': 'affinity by request header',
  'affinity-query-param': 'affinity by query parameter',
  'affinity-cookie': 'affinity by a cookie the gateway inserts',
  'origin-allowlist': 'allowedOrigins: an upgrade needs exactly one allowed Origin; a plain request is refused only with a wrong or repeated one',
  'auth-jwt-hs256': 'JWT auth with an HS256 secret',
  'auth-jwt-rs256': 'JWT auth with RSA keys from a JWKS (RS256)',
  'auth-jwt-es256': 'JWT auth with EC P-256 keys from a JWKS (ES256)',
  'auth-jwt-forward-claims': 'JWT claims forwarded to the backend as headers',
  'auth-bearer': 'static bearer tokens',
  'rate-limit-connections': 'rateLimit.connectionsPerClient',
  'rate-limit-handshakes': 'rateLimit.handshakesPerSecondPerClient with burst',
  'backend-max-connections': 'backends[].maxConnections',
  'gateway-max-connections': 'limits.maxConnections: sockets open through the gateway are capped; one over the cap is refused at once (503, or closed unanswered), never queued',
  'health-check-http': 'active health checks expecting 2xx',
  'health-check-websocket': 'active health checks expecting a 101 handshake',
  'access-log': 'access log line per closed socket',
  'drain': 'live sockets survive a reload until drainTimeout',
  'drain-repeated-reloads': 'live sockets of every earlier generation survive further reloads within drainTimeout',
  'metrics': 'Prometheus metrics over HTTP on spec.metrics',
} as const;

/** A feature id. */
export type Feature = keyof typeof FEATURES;

/** Where in the IR a feature is used: the spec element by kind and name, and the field under it. */
export interface FeatureUse extends SpecElement {
  /** The feature. */
  feature: Feature;
}

/** Lists every feature a gateway uses, with where, in IR order (deterministic). */
export function featuresUsed(ir: IrGateway): FeatureUse[] {
  const uses: FeatureUse[] = [];
  const use = (feature: Feature, element: FeatureUse['element'], name: string, field: PathSegment[]): void => {
    uses.push({ feature, element, name, field });
  };
  use('websocket-upgrade', 'gateway', ir.name, []);
  for (const l of ir.listeners) {
    if (l.tls) use('tls', 'listener', l.name, ['tls']);
    if (l.tls && l.tls.clientCert !== 'none') use('mtls', 'listener', l.name, ['tls', 'clientCaFile']);
  }
  for (const r of ir.routes) {
    use(r.websocket.plainHttp === 'reject' ? 'plain-http-reject' : 'plain-http-proxy', 'route', r.name, ['websocket', 'plainHttp']);
    if (r.hosts.length) use('match-host', 'route', r.name, ['match', 'hosts']);
    use(r.path.type === 'Exact' ? 'match-exact' : r.path.type === 'Regex' ? 'match-regex' : 'match-prefix', 'route', r.name, ['match', 'path']);
    use('idle-timeout', 'route', r.name, ['websocket', 'idleTimeout']);
    if (typeof r.websocket.maxDuration === 'number') use('max-duration', 'route', r.name, ['websocket', 'maxDuration']);
    if (r.websocket.handshakeTimeoutExplicit) use('handshake-timeout', 'route', r.name, ['websocket', 'handshakeTimeout']);
    if (r.allowedOrigins) use('origin-allowlist', 'route', r.name, ['allowedOrigins']);
    if (r.auth.type === 'bearer') use('auth-bearer', 'route', r.name, ['auth', 'bearer']);
    if (r.rateLimit?.connectionsPerClient) use('rate-limit-connections', 'route', r.name, ['rateLimit', 'connectionsPerClient']);
    if (r.rateLimit?.handshakesPerSecondPerClient) use('rate-limit-handshakes', 'route', r.name, ['rateLimit', 'handshakesPerSecondPerClient']);
  }
  for (const b of ir.backends) {
    use('connect-timeout', 'backend', b.name, ['connectTimeout']);
    if (b.tls) use('upstream-tls', 'backend', b.name, ['tls']);
    if (!b.affinity) use(b.balance === 'roundRobin' ? 'balance-round-robin' : 'balance-least-connections', 'backend', b.name, ['balance']);
    if (b.endpoints.some((e) => e.weight !== 1)) use('endpoint-weights', 'backend', b.name, ['endpoints']);
    if (b.affinity) {
      const feature = ({ cookie: 'affinity-cookie', sourceIp: 'affinity-source-ip', header: 'affinity-header', queryParam: 'affinity-query-param' } as const)[b.affinity.type];
      use(feature, 'backend', b.name, ['affinity']);
    }
    if (b.healthCheck) use(b.healthCheck.expect === 'websocket' ? 'health-check-websocket' : 'health-check-http', 'backend', b.name, ['healthCheck']);
    if (b.maxConnections !== null) use('backend-max-connections', 'backend', b.name, ['maxConnections']);
  }
  for (const p of ir.authProviders) {
    if (p.keys.type === 'hmac') use('auth-jwt-hs256', 'authProvider', p.name, ['jwt', 'hmacSecretFile']);
    else {
      const algs = new Set(p.keys.keys.map((k) => k.alg));
      if (algs.has('RS256')) use('auth-jwt-rs256', 'authProvider', p.name, ['jwt', 'jwksFile']);
      if (algs.has('ES256')) use('auth-jwt-es256', 'authProvider', p.name, ['jwt', 'jwksFile']);
    }
    if (p.forwardClaims.length) use('auth-jwt-forward-claims', 'authProvider', p.name, ['jwt', 'forwardClaims']);
  }
  if (ir.accessLog.enabled) use('access-log', 'gateway', ir.name, ['accessLog']);
  use('gateway-max-connections', 'gateway', ir.name, ['limits', 'maxConnections']);
  use('drain', 'gateway', ir.name, ['limits', 'drainTimeout']);
  if (ir.metrics) use('metrics', 'gateway', ir.name, ['metrics']);
  return uses;
}

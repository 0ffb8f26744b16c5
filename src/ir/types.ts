/**
 * The intermediate representation: a fully resolved, defaulted, deterministically sorted plain-data view
 * of one gateway. Targets read only this. `wsctl compile --target ir` prints it as YAML.
 */

/** A timeout, resolved in lowering (spec defaults from src/ir/defaults.ts applied): milliseconds or 'off'. */
export type Timeout = 'off' | number;

/**
 * A file the spec references, read once when the bundle was loaded. Targets use the content; configs
 * that read files at start-up (nginx, haproxy) point at `ref`, resolved relative to their output.
 */
export interface IrFile {
  /** The path as written in the spec (relative to the spec file unless absolute). */
  ref: string;
  /** The file's content (UTF-8). */
  content: string;
}

/** A public JWT verification key of a JWKS, parsed once in lowering. */
export interface IrPublicKey {
  /** kid, or null when the JWKS gave none. */
  kid: string | null;
  /** The one algorithm the key verifies: RS256 (RSA) or ES256 (EC P-256). */
  alg: 'RS256' | 'ES256';
  /** The public JWK members (kty, kid, alg, use, n, e, crv, x, y), keys sorted. */
  jwk: Record<string, string>;
  /** SubjectPublicKeyInfo, DER, base64 (what njs imports and PEM wraps). */
  spki: string;
}

/** One gateway, ready for every target. */
export interface IrGateway {
  /** Gateway name (metadata.name). */
  name: string;
  /** Listening sockets, sorted by name. */
  listeners: IrListener[];
  /** Routes in match-precedence order (see src/ir/sort.ts). */
  routes: IrRoute[];
  /** Backends, sorted by name. */
  backends: IrBackend[];
  /** JWT providers that at least one route uses, sorted by name. */
  authProviders: IrJwtProvider[];
  /** Gateway-wide limits. */
  limits: IrLimits;
  /** Per-socket access log. */
  accessLog: IrAccessLog;
  /** Prometheus metrics listener (plain HTTP), or null for none. */
  metrics: IrMetrics | null;
}

/** A port the gateway listens on. */
export interface IrListener {
  /** Listener name. */
  name: string;
  /** Address to bind. */
  address: string;
  /** TCP port. */
  port: number;
  /** TLS termination, or null for plain ws://. */
  tls: IrDownstreamTls | null;
}

/** TLS termination settings of a listener. */
export interface IrDownstreamTls {
  /** PEM certificate chain. */
  certFile: IrFile;
  /** PEM private key (secret: redacted in printed IR). */
  keyFile: IrFile;
  /** Lowest accepted TLS version. */
  minVersion: '1.2' | '1.3';
  /** CA for client certificates, or null without mTLS. */
  clientCaFile: IrFile | null;
  /** Client certificate policy: none without mTLS. */
  clientCert: 'none' | 'optional' | 'required';
}

/** How a route's path is matched. */
export interface IrPathMatch {
  /** Prefix, Exact or Regex. */
  type: 'Prefix' | 'Exact' | 'Regex';
  /** The path or regular expression. */
  value: string;
}

/** Timeouts and upgrade behaviour of sockets on a route. */
export interface IrWebSocketPolicy {
  /** Close when no frame went either way for this long. */
  idleTimeout: Timeout;
  /** Hard cap on a session. */
  maxDuration: Timeout;
  /** The backend must answer the upgrade within this. */
  handshakeTimeout: Timeout;
  /** True when the spec set handshakeTimeout (a target that cannot bound the handshake apart refuses only an explicit one). */
  handshakeTimeoutExplicit: boolean;
  /** What non-upgrade requests get: 426, or proxied as plain HTTP. */
  plainHttp: 'reject' | 'proxy';
}

/** Authentication required on a route. */
export type IrRouteAuth =
  | { /** Anonymous. */ type: 'none' }
  | { /** JWT checked by a provider. */ type: 'jwt'; /** Provider name. */ provider: string }
  | { /** Static tokens. */ type: 'bearer'; /** Distinct tokens of the tokens file, sorted (secret: redacted in printed IR). */ tokens: string[] };

/** Per-client limits on a route (client = source IP). */
export interface IrRateLimit {
  /** Concurrent sockets per client, or null for no limit. */
  connectionsPerClient: number | null;
  /** New upgrades per second per client, or null for no limit. */
  handshakesPerSecondPerClient: number | null;
  /** Extra handshakes allowed above the rate (0 when unset). */
  burst: number;
}

/** A WebSocket route. */
export interface IrRoute {
  /** Route name. */
  name: string;
  /** Listener names it is served on (all when the spec said none), sorted. */
  listeners: string[];
  /** Host names it matches, sorted; empty = any host. */
  hosts: string[];
  /** Path match. */
  path: IrPathMatch;
  /** Backend name. */
  backend: string;
  /** WebSocket timeouts and upgrade policy. */
  websocket: IrWebSocketPolicy;
  /** Allowed Origin values, sorted; null = any Origin. */
  allowedOrigins: string[] | null;
  /** Authentication. */
  auth: IrRouteAuth;
  /** Per-client limits, or null. */
  rateLimit: IrRateLimit | null;
}

/** One upstream server. */
export interface IrEndpoint {
  /** IP address or host name. */
  address: string;
  /** What the address is, decided once in lowering: an IPv4 or IPv6 literal, or a DNS name to resolve. */
  kind: 'ipv4' | 'ipv6' | 'dns';
  /** TCP port. */
  port: number;
  /** Relative weight (1 when unset). */
  weight: number;
}

/** Sticky-session setting of a backend. */
export type IrAffinity =
  | ({ /** Cookie inserted by the gateway. */ type: 'cookie' } & IrCookiePolicy)
  | { /** Client IP. */ type: 'sourceIp' }
  | { /** A request header. */ type: 'header'; /** Header name. */ name: string }
  | { /** A query parameter. */ type: 'queryParam'; /** Parameter name. */ name: string };

/**
 * The affinity cookie, decided once for every target: same name, lifetime and attributes everywhere.
 * Path=/ and HttpOnly always; SameSite=Lax; Secure when every listener serving the backend is TLS.
 */
export interface IrCookiePolicy {
  /** Cookie name. */
  name: string;
  /** Max-Age in whole seconds (the spec's ttl rounded up, at least 1), or null for a session cookie. */
  maxAgeSeconds: number | null;
  /** Add Secure: true only when every route to the backend is served on TLS listeners only. */
  secure: boolean;
  /** Always true: scripts have no business reading the affinity cookie. */
  httpOnly: true;
  /** SameSite attribute. */
  sameSite: 'Lax';
  /** Path attribute. */
  path: '/';
}

/** Active health check of each endpoint. */
export interface IrHealthCheck {
  /** Path requested. */
  path: string;
  /** Milliseconds between checks. */
  intervalMs: number;
  /** Milliseconds a check may take. */
  timeoutMs: number;
  /** Passes in a row to mark up. */
  healthyThreshold: number;
  /** Failures in a row to mark down. */
  unhealthyThreshold: number;
  /** websocket = expect a 101 handshake; http = expect 2xx. */
  expect: 'websocket' | 'http';
}

/** Upstream TLS. */
export interface IrUpstreamTls {
  /** CA bundle that endpoint certificates must chain to. */
  caFile: IrFile;
  /** SNI and verified name, or null to use the endpoint address. */
  serverName: string | null;
}

/** A group of upstream servers. */
export interface IrBackend {
  /** Backend name. */
  name: string;
  /** Endpoints, sorted by address then port. */
  endpoints: IrEndpoint[];
  /** Load-balancing algorithm used when no affinity applies. */
  balance: 'roundRobin' | 'leastConnections';
  /** Sticky sessions, or null. */
  affinity: IrAffinity | null;
  /** Active health check, or null. */
  healthCheck: IrHealthCheck | null;
  /** Connect timeout. */
  connectTimeout: Timeout;
  /** Most concurrent sockets to the backend, or null for the gateway limit. */
  maxConnections: number | null;
  /** Upstream TLS, or null for plaintext. */
  tls: IrUpstreamTls | null;
}

/** Where a JWT is read from. */
export type IrTokenSource =
  | { /** From a header. */ type: 'header'; /** Header name. */ name: string; /** True for Authorization: the token follows a `Bearer ` prefix (RFC 6750), which is stripped. */ bearer: boolean }
  | { /** From a query parameter. */ type: 'queryParam'; /** Parameter name. */ name: string };

/** A JWT provider. */
export interface IrJwtProvider {
  /** Provider name. */
  name: string;
  /** Required iss. */
  issuer: string;
  /** Accepted aud values, sorted; empty = aud not checked. */
  audiences: string[];
  /** Verification keys: a JWKS's public keys (RS256/ES256), or an HS256 secret (one trailing newline of its file dropped; redacted in printed IR). */
  keys: { /** Kind. */ type: 'jwks'; /** Public keys in JWKS order. */ keys: IrPublicKey[] } | { /** Kind. */ type: 'hmac'; /** The secret. */ secret: string };
  /** Token locations, in the order tried. */
  tokenFrom: IrTokenSource[];
  /** Claims copied to request headers, sorted by claim. */
  forwardClaims: { /** Claim name. */ claim: string; /** Header name. */ header: string }[];
  /** Leeway for exp/nbf in milliseconds. */
  clockSkewMs: number;
}

/** Gateway-wide limits. */
export interface IrLimits {
  /** Most concurrent client sockets. */
  maxConnections: number;
  /** How long live sockets may finish after a reload. */
  drainTimeout: Timeout;
  /** Most draining generations of old workers; past it the oldest is closed. */
  maxDrainingGenerations: number;
}

/** Access log settings. */
export interface IrAccessLog {
  /** False to log nothing. */
  enabled: boolean;
  /** Line format. */
  format: 'json' | 'text';
}

/** Where Prometheus scrapes the gateway's metrics. */
export interface IrMetrics {
  /** Address to bind. */
  address: string;
  /** TCP port. */
  port: number;
  /** Path of the metrics page (no query). */
  path: string;
}

import { createHash } from 'node:crypto';
import type { IrAffinity, IrBackend, IrEndpoint, IrGateway, IrJwtProvider, IrRoute, Timeout } from '../../ir/types.js';

/** One route of the Worker's table. */
export interface WorkerRoute {
  /** Route name (access log only). */
  name: string;
  /** Path match; a Regex value is compiled with `new RegExp` once per isolate. */
  path: { /** Prefix, Exact or Regex. */ type: 'Prefix' | 'Exact' | 'Regex'; /** Path or expression. */ value: string };
  /** What a request without a websocket upgrade gets. */
  plainHttp: 'reject' | 'proxy';
  /** Allowed Origin values, or null for any. */
  origins: string[] | null;
  /** Authentication: a provider index, or SHA-256 digests (hex) of the accepted bearer tokens. */
  auth: { type: 'none' } | { type: 'jwt'; provider: number } | { type: 'bearer'; sha256: string[] };
  /** Index into backends. */
  backend: number;
  /** Milliseconds the endpoint has to answer (headers), or null for no bound: handshakeTimeout for upgrades, idleTimeout for plain requests. */
  answerWithinMs: { upgrade: number | null; plain: number | null };
}

/** One backend of the Worker's table. */
export interface WorkerBackend {
  /** Backend name (access log only). */
  name: string;
  /** Endpoints as URL origins (scheme://host:port) with their weights. */
  endpoints: { origin: string; weight: number }[];
  /** Sticky sessions, or null for weighted round robin. */
  affinity:
    | null
    | { type: 'cookie'; name: string; attributes: string }
    | { type: 'sourceIp' }
    | { type: 'header'; name: string }
    | { type: 'queryParam'; name: string };
}

/** One JWT provider of the Worker's table. */
export interface WorkerProvider {
  /** Required iss. */
  issuer: string;
  /** Accepted aud values; empty = not checked. */
  audiences: string[];
  /** Leeway for exp/nbf, in seconds. */
  skewSeconds: number;
  /** The HS256 secret's bytes as base64, or null for a JWKS. */
  hmac: string | null;
  /** JWKS public keys as SPKI (DER, base64). */
  keys: { kid: string | null; alg: 'RS256' | 'ES256'; spki: string }[];
  /** Where the token is read, in order. */
  tokenFrom: ({ header: string; bearer: boolean } | { queryParam: string })[];
  /** Claims copied into request headers. */
  claims: { claim: string; header: string }[];
}

/**
 * Everything gateway-specific the Worker needs, as plain data: it is embedded into the fixed runtime
 * (templates/cloudflare/worker.js) with JSON.stringify. Spec strings appear only as values, never as
 * object keys (a "__proto__" key in a JS object literal would set the prototype).
 */
export interface WorkerTable {
  /** Gateway name. */
  gateway: string;
  /** Host names with the route indices they serve (their own, then host-less ones, in IR order): exact names first, then wildcards longest first. */
  virtualHosts: { host: string; routes: number[] }[];
  /** Route indices for a host no virtual host names. */
  anyHost: number[];
  /** Routes in IR (match-precedence) order. */
  routes: WorkerRoute[];
  /** Backends. */
  backends: WorkerBackend[];
  /** JWT providers. */
  providers: WorkerProvider[];
  /** Access log: one line per request. */
  accessLog: { enabled: boolean; format: 'json' | 'text' };
}

/** The table, or the problems that keep a value out of it (each becomes a compile error). */
export interface TableResult {
  /** The table (only meaningful without problems). */
  table: WorkerTable;
  /** Why a value cannot be served by the Worker. */
  problems: string[];
}

/** The URL origin of an endpoint, or null when the address would not stay one host in a URL. */
export function endpointOrigin(endpoint: IrEndpoint, https: boolean): string | null {
  const scheme = https ? 'https' : 'http';
  const host = endpoint.kind === 'ipv6' ? `[${endpoint.address.toLowerCase()}]` : endpoint.address.toLowerCase();
  const origin = `${scheme}://${host}:${endpoint.port}`;
  try {
    const url = new URL(`${origin}/`);
    const port = url.port === '' ? (https ? 443 : 80) : Number(url.port);
    // an IPv6 literal comes back in its canonical form (::ffff:10.0.0.1 is [::ffff:a00:1]): that form is the origin
    const hostOk = endpoint.kind === 'ipv6' ? url.hostname.startsWith('[') : url.hostname === host;
    const same = hostOk && port === endpoint.port && url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
    return same ? `${scheme}://${url.hostname}:${endpoint.port}` : null;
  } catch {
    return null;
  }
}

/** The Set-Cookie attributes the IR decided, in one order. */
function cookieAttributes(affinity: Extract<IrAffinity, { type: 'cookie' }>): string {
  const parts = [`Path=${affinity.path}`];
  if (affinity.maxAgeSeconds !== null) parts.push(`Max-Age=${affinity.maxAgeSeconds}`);
  if (affinity.httpOnly) parts.push('HttpOnly');
  parts.push(`SameSite=${affinity.sameSite}`);
  if (affinity.secure) parts.push('Secure');
  return parts.join('; ');
}

function affinityOf(affinity: IrAffinity | null): WorkerBackend['affinity'] {
  if (!affinity) return null;
  if (affinity.type === 'cookie') return { type: 'cookie', name: affinity.name, attributes: cookieAttributes(affinity) };
  if (affinity.type === 'sourceIp') return { type: 'sourceIp' };
  return { type: affinity.type, name: affinity.name };
}

function backendOf(backend: IrBackend, problems: string[]): WorkerBackend {
  const endpoints = backend.endpoints.map((e) => {
    const origin = endpointOrigin(e, backend.tls !== null);
    if (origin === null) problems.push(`backend ${backend.name}: endpoint ${JSON.stringify(e.address)} port ${e.port} is not a URL host`);
    return { origin: origin ?? '', weight: e.weight };
  });
  return { name: backend.name, endpoints, affinity: affinityOf(backend.affinity) };
}

const orNull = (timeout: Timeout): number | null => (timeout === 'off' ? null : timeout);

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

function routeOf(route: IrRoute, ir: IrGateway, problems: string[]): WorkerRoute {
  if (route.path.type === 'Regex') {
    try {
      new RegExp(route.path.value);
    } catch {
      problems.push(`route ${route.name}: the path expression is not a JavaScript regular expression`);
    }
  }
  const auth: WorkerRoute['auth'] =
    route.auth.type === 'jwt'
      ? { type: 'jwt', provider: ir.authProviders.findIndex((p) => p.name === (route.auth.type === 'jwt' ? route.auth.provider : '')) }
      : route.auth.type === 'bearer'
        ? { type: 'bearer', sha256: [...new Set(route.auth.tokens.map(sha256))].sort() }
        : { type: 'none' };
  return {
    name: route.name,
    path: { type: route.path.type, value: route.path.value },
    plainHttp: route.websocket.plainHttp,
    origins: route.allowedOrigins,
    auth,
    backend: ir.backends.findIndex((b) => b.name === route.backend),
    answerWithinMs: { upgrade: orNull(route.websocket.handshakeTimeout), plain: orNull(route.websocket.idleTimeout) },
  };
}

function providerOf(p: IrJwtProvider): WorkerProvider {
  return {
    issuer: p.issuer,
    audiences: p.audiences,
    skewSeconds: Math.ceil(p.clockSkewMs / 1000),
    hmac: p.keys.type === 'hmac' ? Buffer.from(p.keys.secret, 'utf8').toString('base64') : null,
    keys: p.keys.type === 'jwks' ? p.keys.keys.map((k) => ({ kid: k.kid, alg: k.alg, spki: k.spki })) : [],
    tokenFrom: p.tokenFrom.map((s) => (s.type === 'header' ? { header: s.name, bearer: s.bearer } : { queryParam: s.name })),
    claims: p.forwardClaims.map((c) => ({ claim: c.claim, header: c.header })),
  };
}

/**
 * Envoy-style virtual hosts: each named host serves its own routes and the host-less ones, in IR
 * order; exact names are looked up first, then wildcards from the longest suffix.
 */
function virtualHosts(routes: readonly IrRoute[]): Pick<WorkerTable, 'virtualHosts' | 'anyHost'> {
  const anyHost = routes.flatMap((r, i) => (r.hosts.length ? [] : [i]));
  const byHost = new Map<string, number[]>();
  routes.forEach((r, i) => {
    for (const host of new Set(r.hosts.map((h) => h.toLowerCase()))) byHost.set(host, [...(byHost.get(host) ?? []), i]);
  });
  const hosts = [...byHost.keys()].sort((a, b) => {
    const wa = a.startsWith('*.') ? 1 : 0;
    const wb = b.startsWith('*.') ? 1 : 0;
    return wa - wb || (wa ? b.length - a.length : 0) || (a < b ? -1 : a > b ? 1 : 0);
  });
  return {
    virtualHosts: hosts.map((host) => ({ host, routes: [...(byHost.get(host) ?? []), ...anyHost].sort((x, y) => x - y) })),
    anyHost,
  };
}

/** The Worker's route table from the IR; spec strings it cannot serve are reported, never dropped. */
export function workerTable(ir: IrGateway): TableResult {
  const problems: string[] = [];
  const table: WorkerTable = {
    gateway: ir.name,
    ...virtualHosts(ir.routes),
    routes: ir.routes.map((r) => routeOf(r, ir, problems)),
    backends: ir.backends.map((b) => backendOf(b, problems)),
    providers: ir.authProviders.map(providerOf),
    accessLog: { enabled: ir.accessLog.enabled, format: ir.accessLog.format },
  };
  return { table, problems };
}

/**
 * Random wsctl/v1 Gateway specs for the "accepted means valid" property. Values are drawn from what
 * the schema admits (not only from what examples use): boundary lengths and numbers, every enum, every
 * optional field present or absent, loose-but-schema-valid IPv6 forms, regular expressions built from
 * the allowed alphabet. Most specs are valid; a few are not (clashing ports, timeouts out of order,
 * odd regexes) so the validator's refusals are exercised too.
 */
import type {
  AccessLog,
  Affinity,
  AuthProvider,
  Backend,
  BackendTls,
  Endpoint,
  Gateway,
  HealthCheck,
  JwtProvider,
  Limits,
  Listener,
  ListenerTls,
  Metrics,
  RateLimit,
  Route,
  RouteAuth,
  RouteMatch,
  TokenSource,
  WebSocketPolicy,
} from '../../src/spec/types.generated.js';
import type { Random } from './random.js';

/** The generated types spell minItems/maxItems as tuples; the generators keep to the sizes. */
function sized<T, L>(items: T[]): L {
  return items as unknown as L;
}

/** Files a generated spec may reference (absolute, or relative to the spec directory). */
export interface FixtureRefs {
  /** Server certificate chains (PEM), each paired with the key at the same index. */
  certs: readonly string[];
  /** Private keys matching certs. */
  keys: readonly string[];
  /** CA bundles (client CA, upstream CA). */
  cas: readonly string[];
  /** JWKS files (RSA, EC, mixed). */
  jwks: readonly string[];
  /** HS256 secrets. */
  hmacSecrets: readonly string[];
  /** Bearer token files. */
  tokens: readonly string[];
}

/**
 * Whether the spec being generated may hold values the validator refuses (loose-pattern IPv6, dotted
 * numbers, zero timeouts). Decided once per spec: such values repeat across many fields, so a per-field
 * chance would sink the acceptance rate.
 */
let invalidValues = false;

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const LABEL_INNER = `${LOWER}${DIGITS}-`;
const ALNUM = `${LOWER}${LOWER.toUpperCase()}${DIGITS}`;
const PATH_CHARS = `${ALNUM}._~%:@+/-`;

/** A DNS label (the Name pattern) of exactly `length` characters (1..63). */
function label(rng: Random, length: number): string {
  const edge = `${LOWER}${DIGITS}`;
  if (length === 1) return rng.string(edge, 1);
  return `${rng.string(edge, 1)}${rng.string(LABEL_INNER, length - 2)}${rng.string(edge, 1)}`;
}

function labelLength(rng: Random): number {
  return rng.weighted([
    [6, () => rng.int(3, 12)],
    [1, () => 1],
    [1, () => 63],
    [1, () => rng.int(13, 62)],
  ]);
}

/** Unique names for one list of a spec (listeners, routes, ...). */
function nameSource(rng: Random): () => string {
  const used = new Set<string>();
  return () => {
    for (;;) {
      const name = label(rng, labelLength(rng));
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
  };
}

function hostname(rng: Random, wildcard: boolean): string {
  const long = rng.chance(0.08);
  const labels: string[] = [];
  if (long) {
    // close to the 253-character limit: four 63-character labels minus a bit
    let total = wildcard ? 2 : 0;
    while (total < 200) {
      const l = label(rng, Math.min(63, 250 - total - 1));
      labels.push(l);
      total += l.length + 1;
    }
  } else {
    const count = rng.int(1, 4);
    for (let i = 0; i < count; i++) labels.push(label(rng, rng.chance(0.1) ? 63 : rng.int(1, 10)));
  }
  const host = labels.join('.');
  return wildcard ? `*.${host}`.slice(0, 253).replace(/[.-]+$/, '') : host.slice(0, 253).replace(/[.-]+$/, '');
}

function ipv4(rng: Random): string {
  return rng.weighted([
    [4, () => `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`],
    [2, () => '127.0.0.1'],
    [1, () => `${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(0, 255)}`],
    [1, () => rng.pick(['0.0.0.0', '255.255.255.255', '192.168.0.1', '172.16.5.4'])],
  ]);
}

function ipv6(rng: Random): string {
  const group = (): string => rng.int(0, 0xffff).toString(16);
  return rng.weighted([
    [3, () => rng.pick(['::1', '2001:db8::1', 'fe80::1', 'fd00::10', '::ffff:10.0.0.1', 'FD00::A'])],
    [3, () => Array.from({ length: 8 }, group).join(':')],
    [2, () => `${Array.from({ length: rng.int(1, 3) }, group).join(':')}::${Array.from({ length: rng.int(1, 3) }, group).join(':')}`],
    // the IpAddress pattern is loose for IPv6 (hex digits, colons and dots around one colon): what it lets through
    [invalidValues ? 0.5 : 0, () => rng.pick([':', ':::', '1::2::3', '12345::1', '1:2:3:4:5:6:7:8:9', '::1.2.3', 'a:b', '::ffff:999.1.1.1'])],
  ]);
}

/** Listener addresses: mostly default, sometimes explicit. */
function listenerAddress(rng: Random): string | undefined {
  return rng.weighted<string | undefined>([
    [6, () => undefined],
    [1, () => '0.0.0.0'],
    [1, () => '127.0.0.1'],
    [1, () => '::'],
    [1, () => rng.pick(['::1', '127.0.0.2', '10.0.0.1'])],
    [0.3, () => ipv6(rng)],
  ]);
}

function port(rng: Random): number {
  return rng.weighted([
    [5, () => rng.int(1024, 65535)],
    [1, () => rng.pick([1, 65535, 80, 443, 8080, 8443])],
  ]);
}

/** A duration the schema admits, biased towards useful values, with zero, off and huge ones. */
function duration(rng: Random, allowOff = true): string {
  return rng.weighted([
    [6, () => `${rng.int(1, 120)}${rng.pick(['s', 'm'])}`],
    [2, () => `${rng.int(1, 999)}ms`],
    [1, () => `${rng.int(1, 48)}h`],
    [1, () => `${rng.int(1, 5)}h${rng.int(1, 59)}m${rng.int(1, 59)}s${rng.int(1, 999)}ms`],
    [allowOff ? 1 : 0, () => 'off'],
    [invalidValues ? 0.3 : 0, () => rng.pick(['0s', '0ms', '0h0m'])],
    [0.3, () => rng.pick(['999999h', '999999h999999m999999s999999999ms', '999999999ms', '1ms'])],
  ]);
}

function listenerTls(rng: Random, files: FixtureRefs): ListenerTls {
  const i = rng.int(0, files.certs.length - 1);
  const tls: ListenerTls = { certFile: files.certs[i] as string, keyFile: files.keys[i] as string };
  if (rng.chance(0.5)) tls.minVersion = rng.pick(['1.2', '1.3'] as const);
  if (rng.chance(0.4)) {
    tls.clientCaFile = rng.pick(files.cas);
    if (rng.chance(0.7)) tls.clientCert = rng.pick(['required', 'optional'] as const);
  } else if (rng.chance(0.02)) {
    tls.clientCert = 'required'; // without clientCaFile: refused
  }
  return tls;
}

function listeners(rng: Random, files: FixtureRefs): Listener[] {
  const name = nameSource(rng);
  const count = rng.int(1, 3);
  const out: Listener[] = [];
  const ports = new Set<number>();
  for (let i = 0; i < count; i++) {
    let p = port(rng);
    // a clash now and then (refused); otherwise distinct ports
    if (ports.has(p) && !rng.chance(0.1)) p = ((p + 1 + i) % 65535) + 1;
    ports.add(p);
    const listener: Listener = { name: name(), port: p };
    const address = listenerAddress(rng);
    if (address !== undefined) listener.address = address;
    if (rng.chance(0.45)) listener.tls = listenerTls(rng, files);
    out.push(listener);
  }
  return out;
}

/** A prefix or exact path: '/' then the allowed path characters, sometimes very long. */
function plainPath(rng: Random): string {
  return rng.weighted([
    [5, () => `/${rng.pick(['ws', 'chat', 'socket.io', 'v1/stream', 'feed', 'a', 'live/updates', ''])}`],
    [3, () => `/${rng.string(PATH_CHARS, rng.int(1, 30))}`],
    [0.5, () => `/${rng.string(PATH_CHARS, rng.int(900, 1023))}`],
  ]);
}

/** A regex path: built from well-formed pieces, or (rarely) a soup of the allowed characters. */
function regexPath(rng: Random): string {
  const piece = (): string =>
    rng.pick([
      rng.string(`${ALNUM}-_`, rng.int(1, 8)),
      '[0-9]+',
      '[a-z]{2,5}',
      '[A-Za-z0-9_-]*',
      '(chat|feed|live)',
      '.*',
      '\\.',
      '\\d+',
      '\\w{1,32}',
      '[^/]+',
      '(v[0-9])?',
      '%2F',
      '~user',
      '@edge:1',
      'a{3}',
      '(x|y|z)+',
      '[$^]',
      '\\$',
      '\\{',
      '\\(\\)',
      '\\\\',
      ',',
      'a{2,}',
    ]);
  return rng.weighted([
    [9, () => {
      const parts = Array.from({ length: rng.int(1, 4) }, piece);
      const body = `/${parts.join('/')}`;
      return `${rng.chance(0.6) ? '^' : ''}${body}${rng.chance(0.4) ? '$' : ''}`;
    }],
    [1, () => `/${rng.string(`${ALNUM}._~%:@+/-\\^$*?()[]|{},`, rng.int(1, 12))}`],
    [0.3, () => rng.pick(['/(?:a|b)', '/(?=x)', '/\\bword', '/(a)\\1', '/a{,3}', '/[]a]', '/\\q', '/a{2,1}', '/[z-a]', '/x**'])],
  ]);
}

function routeMatch(rng: Random): RouteMatch {
  const pathType = rng.weighted<RouteMatch['pathType']>([
    [2, () => undefined],
    [2, () => 'Prefix'],
    [2, () => 'Exact'],
    [2, () => 'Regex'],
  ]);
  const match: RouteMatch = { path: pathType === 'Regex' ? regexPath(rng) : plainPath(rng) };
  if (pathType !== undefined) match.pathType = pathType;
  if (rng.chance(0.6)) {
    const count = rng.weighted([
      [8, () => rng.int(1, 3)],
      [1, () => rng.int(20, 100)],
    ]);
    const hosts = new Set<string>();
    for (let i = 0; i < count; i++) hosts.add(hostname(rng, rng.chance(0.3)));
    match.hosts = sized([...hosts]);
  }
  return match;
}

function websocketPolicy(rng: Random): WebSocketPolicy {
  const ws: WebSocketPolicy = {};
  if (rng.chance(0.6)) ws.idleTimeout = duration(rng);
  // maxDuration below handshakeTimeout is refused (WS0111): mostly long caps, sometimes any duration
  if (rng.chance(0.3)) ws.maxDuration = rng.chance(0.7) ? rng.pick(['1h', '24h', 'off', '999999h']) : duration(rng);
  if (rng.chance(0.4)) ws.handshakeTimeout = duration(rng);
  if (rng.chance(0.5)) ws.plainHttp = rng.pick(['reject', 'proxy'] as const);
  return ws;
}

function origin(rng: Random): string {
  const host = rng.chance(0.1) ? hostname(rng, false).slice(0, 280).replace(/[.-]+$/, '') : hostname(rng, false).slice(0, 60).replace(/[.-]+$/, '');
  const portPart = rng.weighted([
    [4, () => ''],
    [1, () => `:${rng.int(1, 65535)}`],
    [0.3, () => rng.pick([':0', ':99999', ':00443'])],
  ]);
  return `${rng.pick(['https', 'http'])}://${host}${portPart}`;
}

function rateLimit(rng: Random): RateLimit {
  const value = (min: number, max: number): number => (rng.chance(0.2) ? rng.pick([min, max]) : rng.int(min, Math.min(max, 1000)));
  return rng.weighted<RateLimit>([
    [2, () => ({ connectionsPerClient: value(1, 1_000_000) })],
    [2, () => ({ handshakesPerSecondPerClient: value(1, 100_000) })],
    [2, () => ({ handshakesPerSecondPerClient: value(1, 100_000), burst: value(0, 100_000) })],
    [2, () => ({ connectionsPerClient: value(1, 1_000_000), handshakesPerSecondPerClient: value(1, 100_000), burst: value(0, 100_000) })],
    [0.03, () => ({ burst: 5 })],
  ]);
}

/**
 * A tenant cloned from a template route, made distinct from the others the way tenants are: a plain path
 * gets a /tN suffix, a regex route a host of its own (so that no two match the same thing, WS0105).
 */
function tenantOf(template: Route, name: string, i: number): Route {
  const match = template.match;
  // a tenant keeps at most 3 of its template's hosts, or gets one of its own: every host costs Envoy a
  // virtual host and nginx a server block that holds each any-host route again (any-host tenants by the
  // hundred made one 300-route spec 100 MB of envoy.yaml); the templates keep the any-host routes
  const hosts = { hosts: sized<string, NonNullable<RouteMatch['hosts']>>(match.hosts ? match.hosts.slice(0, 3) : [`t${i}.tenants.test`]) };
  if (match.pathType !== 'Regex') return { ...template, name, match: { ...match, ...hosts, path: `${match.path.slice(0, 1000).replace(/\/$/, '')}/t${i}` } };
  return { ...template, name, match: { ...match, hosts: [`t${i}.tenants.test`] } };
}

function routes(rng: Random, listenerNames: readonly string[], backendNames: readonly string[], providers: readonly AuthProvider[], files: FixtureRefs, large: boolean): Route[] {
  const name = nameSource(rng);
  const count = large ? rng.int(2, 8) : rng.int(1, 6);
  const out: Route[] = [];
  for (let i = 0; i < count; i++) {
    const route: Route = { name: name(), match: routeMatch(rng), backend: rng.pick(backendNames) };
    if (listenerNames.length > 1 && rng.chance(0.4)) route.listeners = sized(rng.subset(listenerNames));
    if (rng.chance(0.6)) route.websocket = websocketPolicy(rng);
    if (rng.chance(0.3)) {
      const origins = new Set<string>();
      const n = rng.chance(0.1) ? rng.int(30, 100) : rng.int(1, 3);
      for (let o = 0; o < n; o++) origins.add(origin(rng));
      route.allowedOrigins = sized([...origins]);
    }
    const auth = rng.weighted<RouteAuth | undefined>([
      [4, () => undefined],
      [providers.length > 0 ? 4 : 0, () => ({ jwt: rng.pick(providers).name })],
      [2, () => ({ bearer: { tokensFile: rng.pick(files.tokens) } })],
    ]);
    if (auth) route.auth = auth;
    if (rng.chance(0.4)) route.rateLimit = rateLimit(rng);
    out.push(route);
  }
  // a multi-tenant gateway: hundreds of routes cloned from a few templates (few distinct policies, as
  // in real fleets), so that a large spec is about as likely to be valid as its templates
  if (large) {
    const templates = [...out];
    const tenants = rng.int(100, 300);
    for (let i = 0; i < tenants; i++) out.push(tenantOf(rng.pick(templates), name(), i));
  }
  return out;
}

function endpoint(rng: Random): Endpoint {
  const address = rng.weighted([
    [5, () => ipv4(rng)],
    [2, () => ipv6(rng)],
    // DNS names: see dnsNamesToLocalhost in the test for why nginx sees these as localhost
    // (a host name never ends in a numeric label: the validator refuses one, URL parsers read it as IPv4)
    [2, () => (rng.chance(0.5) ? 'localhost' : hostname(rng, false).replace(/(^|\.)([0-9]*)[0-9]$/, '$1$2x'))],
    [invalidValues ? 0.1 : 0, () => rng.pick(['1.2.3', '256.1.1.1'])],
  ]);
  const ep: Endpoint = { address, port: port(rng) };
  if (rng.chance(0.4)) ep.weight = rng.chance(0.2) ? rng.pick([1, 100]) : rng.int(1, 100);
  return ep;
}

function affinity(rng: Random): Affinity {
  const type = rng.pick(['cookie', 'sourceIp', 'header', 'queryParam'] as const);
  const paramName = (): string => (rng.chance(0.15) ? rng.string(`${ALNUM}_`, 64) : rng.string(`${ALNUM}_`, rng.int(1, 12)));
  switch (type) {
    case 'cookie': {
      const cookie: NonNullable<Affinity['cookie']> = { name: paramName() };
      if (rng.chance(0.6)) cookie.ttl = duration(rng);
      return { type, cookie };
    }
    case 'header':
      return { type, header: { name: headerName(rng) } };
    case 'queryParam':
      return { type, queryParam: { name: paramName() } };
    default:
      return { type };
  }
}

function headerName(rng: Random): string {
  return rng.weighted([
    [4, () => rng.pick(['X-Session', 'X-Client-Id', 'X-Tenant', 'x-user', 'Sec-Shard'])],
    [3, () => `${rng.string(LOWER + LOWER.toUpperCase(), 1)}${rng.string(`${ALNUM}-`, rng.int(0, 15))}`],
    [1, () => `${rng.string(LOWER.toUpperCase(), 1)}${rng.string(`${ALNUM}-`, 63)}`],
  ]);
}

function healthCheck(rng: Random): HealthCheck {
  const hc: HealthCheck = {
    path: rng.weighted([
      [4, () => rng.pick(['/healthz', '/', '/status/ready'])],
      [2, () => `/${rng.string(PATH_CHARS, rng.int(0, 20))}${rng.chance(0.5) ? `?${rng.string(`${ALNUM}._~%=&+-`, rng.int(0, 20))}` : ''}`],
    ]),
  };
  if (rng.chance(0.5)) hc.interval = rng.pick(['1s', '5s', '10s', '30s', '1m', '100ms']);
  if (rng.chance(0.5)) hc.timeout = rng.pick(['1s', '2s', '100ms', '500ms']);
  if (rng.chance(0.4)) hc.healthyThreshold = rng.int(1, 100);
  if (rng.chance(0.4)) hc.unhealthyThreshold = rng.int(1, 100);
  if (rng.chance(0.5)) hc.expect = rng.pick(['websocket', 'http'] as const);
  return hc;
}

function backends(rng: Random, files: FixtureRefs): Backend[] {
  const name = nameSource(rng);
  const count = rng.int(1, 3);
  const out: Backend[] = [];
  for (let i = 0; i < count; i++) {
    const n = rng.weighted([
      [8, () => rng.int(1, 4)],
      [1, () => rng.int(40, 200)],
    ]);
    const backend: Backend = { name: name(), endpoints: sized(Array.from({ length: n }, () => endpoint(rng))) };
    if (rng.chance(0.5)) backend.balance = rng.pick(['roundRobin', 'leastConnections'] as const);
    if (rng.chance(0.45)) backend.affinity = affinity(rng);
    // nginx refuses health checks (NGINX Plus only), so keep them rare enough that nginx is checked often
    if (rng.chance(0.2)) backend.healthCheck = healthCheck(rng);
    if (rng.chance(0.4)) backend.connectTimeout = duration(rng);
    if (rng.chance(0.3)) backend.maxConnections = rng.chance(0.2) ? rng.pick([1, 1_000_000]) : rng.int(1, 10_000);
    if (rng.chance(0.3)) {
      const tls: BackendTls = { caFile: rng.pick(files.cas) };
      // nginx refuses upstream TLS to IP endpoints without serverName (WS0201): usually set it
      if (rng.chance(0.75)) tls.serverName = hostname(rng, false);
      backend.tls = tls;
    }
    out.push(backend);
  }
  return out;
}

function tokenSources(rng: Random): TokenSource[] {
  return Array.from({ length: rng.int(1, 4) }, () =>
    rng.weighted<TokenSource>([
      [2, () => ({ header: rng.pick(['Authorization', 'X-Token', 'Sec-WebSocket-Protocol']) })],
      [1, () => ({ header: headerName(rng) })],
      [2, () => ({ queryParam: rng.pick(['access_token', 'token', rng.string(`${ALNUM}_`, rng.int(1, 64))]) })],
    ]),
  );
}

function issuer(rng: Random): string {
  return rng.weighted([
    [4, () => rng.pick(['https://auth.example.com', 'https://issuer.example.org/realms/main', 'http://localhost:8080'])],
    [2, () => `${rng.pick(['https', 'urn+x', 'a.b-c'])}://${rng.string(`${ALNUM}.-`, rng.int(1, 30))}${rng.chance(0.3) ? `:${rng.int(0, 99999)}` : ''}${rng.chance(0.5) ? `/${rng.string(`${ALNUM}._~%/-`, rng.int(0, 40))}` : ''}`],
  ]);
}

function jwtProvider(rng: Random, files: FixtureRefs): JwtProvider {
  const jwt: JwtProvider = { issuer: issuer(rng) };
  if (rng.chance(0.6)) jwt.jwksFile = rng.pick(files.jwks);
  else jwt.hmacSecretFile = rng.pick(files.hmacSecrets);
  if (rng.chance(0.02)) jwt.jwksFile = rng.pick(files.jwks); // both key sources: refused
  if (rng.chance(0.5)) {
    const audiences = new Set<string>();
    for (let i = rng.int(1, rng.chance(0.1) ? 20 : 3); i > 0; i--) audiences.add(rng.chance(0.1) ? rng.string(`${ALNUM}._:/-`, 256) : rng.string(`${ALNUM}._:/-`, rng.int(1, 20)));
    jwt.audiences = sized([...audiences]);
  }
  if (rng.chance(0.5)) jwt.tokenFrom = sized(tokenSources(rng));
  if (rng.chance(0.5)) {
    const claims: Record<string, string> = {};
    const headers = new Set<string>();
    for (let i = rng.int(1, rng.chance(0.1) ? 20 : 3); i > 0; i--) {
      const claim = rng.weighted([
        [3, () => rng.pick(['sub', 'email', 'tenant_id', 'roles', 'scope', '_'])],
        [1, () => `${rng.string(`${LOWER}_`, 1)}${rng.string(`${ALNUM}_`, rng.chance(0.2) ? 63 : rng.int(0, 10))}`],
      ]);
      const header = `X-Claim-${rng.string(`${ALNUM}-`, rng.int(1, 20))}`;
      if (headers.has(header.toLowerCase())) continue;
      headers.add(header.toLowerCase());
      claims[claim] = header;
    }
    jwt.forwardClaims = claims;
  }
  if (rng.chance(0.3)) jwt.clockSkew = duration(rng, false);
  return jwt;
}

function limits(rng: Random): Limits {
  const out: Limits = {};
  if (rng.chance(0.6)) out.maxConnections = rng.chance(0.3) ? rng.pick([16, 1_000_000]) : rng.int(16, 100_000);
  if (rng.chance(0.5)) out.drainTimeout = duration(rng);
  return out;
}

function accessLog(rng: Random): AccessLog {
  const out: AccessLog = {};
  if (rng.chance(0.6)) out.format = rng.pick(['json', 'text'] as const);
  if (rng.chance(0.4)) out.enabled = rng.chance(0.7);
  return out;
}

function metrics(rng: Random): Metrics {
  const out: Metrics = { port: port(rng) };
  const address = listenerAddress(rng);
  if (address !== undefined) out.address = address;
  if (rng.chance(0.5)) out.path = rng.chance(0.5) ? '/metrics' : plainPath(rng);
  return out;
}

/** One random gateway spec drawn from the schema; `large` draws hundreds of routes instead of a few. */
export function generateGateway(rng: Random, files: FixtureRefs, large = false): Gateway {
  invalidValues = rng.chance(0.1);
  const providerName = nameSource(rng);
  const providers: AuthProvider[] = rng.chance(0.6)
    ? Array.from({ length: rng.int(1, 3) }, () => ({ name: providerName(), jwt: jwtProvider(rng, files) }))
    : [];
  const ls = listeners(rng, files);
  const bs = backends(rng, files);
  const rs = routes(
    rng,
    ls.map((l) => l.name),
    bs.map((b) => b.name),
    providers,
    files,
    large,
  );
  const gateway: Gateway = {
    apiVersion: 'wsctl/v1',
    kind: 'Gateway',
    metadata: { name: label(rng, labelLength(rng)) },
    spec: { listeners: sized(ls), routes: sized(rs), backends: sized(bs) },
  };
  if (providers.length > 0) gateway.spec.authProviders = providers;
  if (rng.chance(0.5)) gateway.spec.limits = limits(rng);
  if (rng.chance(0.5)) gateway.spec.accessLog = accessLog(rng);
  if (rng.chance(0.3)) gateway.spec.metrics = metrics(rng);
  return gateway;
}

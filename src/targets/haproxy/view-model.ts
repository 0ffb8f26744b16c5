/**
 * The typed view model the haproxy templates render. Every decision is made in TypeScript; the
 * templates only loop and fill values, and every value they print goes through the quoting helper.
 */

/** One haproxy config line made of words: action words, then an optional `if` condition. */
export interface RuleView {
  /** Keyword and arguments, e.g. ['deny', 'deny_status', '401']. */
  words: string[];
  /** ACL names (optionally prefixed with '!') that must all hold; empty = unconditional. */
  cond: string[];
}

/** A named ACL: `acl NAME FETCH FLAGS -- VALUES` (values quoted one by one). */
export interface AclView {
  /** ACL name (generated, never user text). */
  name: string;
  /** Sample fetch expression with converters. */
  fetch: string;
  /** Match flags and operators, e.g. ['-m', 'str'] or ['gt', '1']. */
  flags: string[];
  /** Patterns after `--`; empty for comparisons that carry their value in flags. */
  values: string[];
}

/** TLS options of a bind line. */
export interface BindTlsView {
  /** PEM bundle (certificate then key) path relative to haproxy.cfg. */
  bundle: string;
  /** ssl-min-ver value. */
  minVersion: 'TLSv1.2' | 'TLSv1.3';
  /** TLS 1.2 cipher list. */
  ciphers: string;
  /** TLS 1.3 cipher suites. */
  ciphersuites: string;
  /** Client CA path, or null without mTLS. */
  clientCa: string | null;
  /** verify value with mTLS. */
  verify: 'required' | 'optional' | null;
}

/** One frontend: a spec listener. */
export interface FrontendView {
  /** Proxy name. */
  name: string;
  /** bind address word (address:port). */
  bind: string;
  /** TLS, or null for plain ws://. */
  tls: BindTlsView | null;
  /** `tcp-request connection` words tracking each connection in the gateway-wide counter. */
  track: string[];
  /** Named ACLs used by the rules. */
  acls: AclView[];
  /** http-request rules, in evaluation order. */
  rules: RuleView[];
  /** The use_backend name expression (the route → backend map), or null for a frontend without routes. */
  useBackend: string | null;
}

/** One server line. */
export interface ServerView {
  /** Server name. */
  name: string;
  /** address:port word. */
  address: string;
  /** weight. */
  weight: number;
  /** Affinity cookie value, or null. */
  cookie: string | null;
  /** A DNS name: resolved at run time by the wsctl-dns resolvers, not at start. */
  resolve: boolean;
}

/** An active health check. */
export interface HealthCheckView {
  /** http-check send words after `send`. */
  send: string[];
  /** http-check expect words after `expect`. */
  expect: string[];
  /** inter. */
  inter: string;
  /** timeout check. */
  timeout: string;
  /** rise. */
  rise: number;
  /** fall. */
  fall: number;
}

/** One backend: a spec backend. */
export interface BackendView {
  /** Proxy name. */
  name: string;
  /** balance words. */
  balance: string[];
  /** hash-type consistent when the balance is a hash. */
  consistentHash: boolean;
  /** cookie line words after `cookie`, or null. */
  cookie: string[] | null;
  /** Timeouts. */
  timeouts: { connect: string; server: string; tunnel: string; serverFin: string };
  /** Named ACLs. */
  acls: AclView[];
  /** http-request rules (per-route timeouts, connection cap). */
  rules: RuleView[];
  /** Active health check, or null. */
  healthCheck: HealthCheckView | null;
  /** Words added to every server (TLS, checks). */
  serverOptions: string[];
  /** Servers. */
  servers: ServerView[];
}

/** A stick table kept in its own empty backend. */
export interface StickTableView {
  /** Backend (table) name. */
  name: string;
  /** stick-table words after `stick-table`. */
  words: string[];
}

/** The whole haproxy.cfg. */
export interface HaproxyView {
  /** Spec file name for the header. */
  specName: string;
  /** Global settings. */
  global: { maxconn: number; hardStopAfter: string | null };
  /** Timeouts shared by every proxy. */
  defaults: { client: string; clientFin: string; httpRequest: string; httpKeepAlive: string; queue: string; connect: string; server: string };
  /** log-format of the frontends' log lines. */
  logFormat: string;
  /** True with an access log (a line per stream); false: only refusals over limits.maxConnections are logged. */
  accessLog: boolean;
  /** True when some endpoint is a DNS name and needs the resolvers section. */
  resolvers: boolean;
  /** Unix socket of the stats + Prometheus listener, relative to haproxy.cfg. */
  metricsSocket: string;
  /** The Prometheus frontend of spec.metrics: bind word and scrape path, or null without metrics. */
  metrics: { bind: string; path: string } | null;
  /** Frontends, by listener name. */
  frontends: FrontendView[];
  /** Backends, by backend name. */
  backends: BackendView[];
  /** The gateway-wide connection counter. */
  gatewayTable: StickTableView;
  /** Stick tables of rate limits, by name. */
  stickTables: StickTableView[];
}

import type { NginxLines, NginxRegex, NginxText } from './quote.js';

/**
 * The typed view model templates/nginx/nginx.conf.hbs is filled from. Every decision is made in
 * TypeScript while building it; the template only prints values (each through quoteNginx) and loops.
 * Numbers are internal indices or sizes; strings come from the spec and are always quoted.
 */
export interface NginxView {
  /** Spec file name for the header comment (quoted; no user text reaches a comment unquoted). */
  specName: string;
  /** The file every proxied location includes (HTTP/1.1, the full header set, no buffering), relative to nginx.conf. */
  proxyInclude: string;
  /** Absolute path of the njs module to load, or null when no feature needs njs. */
  njsModulePath: string | null;
  /** Process-level settings. */
  main: MainView;
  /** Hash table sizes large enough for the longest map key and server name. */
  hashes: { mapBucketSize: number; mapMaxSize: number; serverNamesBucketSize: number; serverNamesMaxSize: number };
  /** Access log, or null when disabled. */
  accessLog: { json: boolean } | null;
  /** Origin allowlists, one map per route that has one. */
  originMaps: OriginMapView[];
  /** Static bearer token maps, one per route with bearer auth (tokens live in an included 0600 file). */
  bearerMaps: { index: number; file: string }[];
  /** Cookie-affinity key and Set-Cookie maps, per backend with cookie affinity. */
  cookieMaps: CookieMapView[];
  /** Header / query affinity keys with a fallback when the client sent none. */
  keyMaps: KeyMapView[];
  /** Per-client connection zones, per-client handshake-rate zones, per-backend connection zones. */
  zones: { conn: { index: number }[]; req: { index: number; rate: number }[]; backend: { index: number; key: string }[] };
  /** Upstream blocks, one per backend. */
  upstreams: UpstreamView[];
  /** Server blocks: per listener, one per group of host names plus the default server. */
  servers: ServerView[];
  /** Files of any-host locations shared by the server blocks of one listener (see servers.ts). */
  anyHostFiles: AnyHostFileView[];
  /** The Prometheus metrics server of spec.metrics, or null. */
  metrics: MetricsServerView | null;
}

/** The metrics server: one exact location answering Prometheus text. */
export interface MetricsServerView {
  /** listen address:port. */
  listen: string;
  /** Exact path of the metrics location. */
  path: string;
  /** The response body: Prometheus text with stub_status variables. */
  body: NginxLines;
}

/** Process-level settings. */
export interface MainView {
  /** worker_processes. */
  workers: number;
  /** worker_connections: two per socket of the worker's share, keep-alive and headroom. */
  workerConnections: number;
  /** worker_rlimit_nofile: file descriptors per worker. */
  rlimitNofile: number;
  /** worker_shutdown_timeout value, or null when drain is off (old workers wait for every socket). */
  shutdownTimeout: string | null;
}

/** map $http_origin: 1 for an allowed Origin, else 0. */
export interface OriginMapView {
  /** Map index (the route's). */
  index: number;
  /** Allowed Origin values. */
  origins: string[];
}

/** Cookie affinity maps of one backend. */
export interface CookieMapView {
  /** Backend index. */
  index: number;
  /** $cookie_NAME. */
  cookie: NginxText;
  /** Set-Cookie value (NAME=$wsctl_affinity_address; ...), attributes as the IR's cookie policy decided (Secure included). */
  setCookie: NginxText;
}

/** An affinity key map: the client's value, or $request_id (plain balancing) when it sent none. */
export interface KeyMapView {
  /** Backend index. */
  index: number;
  /** $http_NAME or $arg_NAME. */
  source: NginxText;
}

/** One upstream block. */
export interface UpstreamView {
  /** Upstream name (wsctl-<backend>). */
  name: string;
  /** Shared-memory zone: without it each worker keeps its own least_conn counts and round-robin turn. */
  zone: string;
  /** Zone size in KiB: grows with the number of endpoints. */
  zoneKib: number;
  /** `hash KEY consistent` key, or null. */
  hashKey: NginxText | null;
  /** least_conn when balancing by connections without affinity. */
  leastConn: boolean;
  /** Idle keep-alive connections to the backend per worker. */
  keepalive: number;
  /** server lines. */
  servers: { address: string; weight: number }[];
}

/** The exact and prefix (`^~`) any-host locations of one listener, written once and included by its server blocks. */
export interface AnyHostFileView {
  /** Path relative to nginx.conf (derived from the listener's index, no spec string). */
  file: string;
  /** The locations (never regex: their order matters, so regex locations stay in each server block). */
  locations: LocationView[];
}

/** One server block. */
export interface ServerView {
  /** listen address:port. */
  listen: string;
  /** TLS listener. */
  ssl: boolean;
  /** Catch-all server of the listener. */
  defaultServer: boolean;
  /** listen ... reuseport (once per address:port, on the default server): a socket per worker. */
  reuseport: boolean;
  /** server_name values (empty for the default server, which uses ""). */
  names: string[];
  /** TLS settings, or null. */
  tls: TlsView | null;
  /** Whether the gateway's own /healthz is served here. */
  healthz: boolean;
  /** Route locations written in this block, in nginx-equivalent precedence order. */
  locations: LocationView[];
  /** The listener's shared any-host locations file this block includes (after its own locations), or null. */
  anyHostInclude: string | null;
  /** Internal njs JWT verification locations needed by this server's routes. */
  jwtLocations: { index: number }[];
  /** A `location / { return 404; }` when no route covers "/". */
  catchAll: boolean;
}

/** Listener TLS. */
export interface TlsView {
  /** ssl_certificate path (relative to the prefix). */
  cert: string;
  /** ssl_certificate_key path. */
  key: string;
  /** ssl_protocols. */
  protocols: string[];
  /** ssl_ciphers (TLS 1.2 suites; 1.3 suites are OpenSSL's). */
  ciphers: string;
  /** Client CA and ssl_verify_client mode, or null. */
  client: { ca: string; verify: 'on' | 'optional' } | null;
}

/** One route's location. */
export interface LocationView {
  /** Location modifier: `=` exact, `^~` prefix (stops regex search), `~` regex; exactly one is true. */
  match: { exact: boolean; prefix: boolean; regex: boolean };
  /** Path or regex. */
  path: string | NginxRegex;
  /** Route name (for the access log). */
  route: string;
  /** Non-upgrade requests get 426. */
  rejectPlain: boolean;
  /** Origin map index, or null. */
  origin: { index: number } | null;
  /** Bearer map index, or null. */
  bearer: { index: number } | null;
  /** JWT: provider index, query-parameter copies for the subrequest, forwarded claims. */
  jwt: JwtLocationView | null;
  /** limit_conn zone index and count. */
  limitConn: { index: number; count: number } | null;
  /** limit_req zone index and burst (null for none). */
  limitReq: { index: number; burst: number | null } | null;
  /** Per-backend connection cap. */
  backendLimit: { index: number; count: number } | null;
  /** Gateway-wide socket cap (limits.maxConnections), counted in one shared zone; null above what limit_conn counts. */
  gatewayLimit: number | null;
  /** limit_conn_status / limit_req_status. */
  limitStatus: number;
  /** proxy_pass target. */
  proxyPass: string;
  /** Timeouts as nginx time strings. */
  timeouts: { connect: string; read: string; send: string };
  /** proxy_buffer_size: the backend's response headers must fit; two per upgraded socket (buffers.ts). */
  bufferSize: string;
  /** Upstream TLS settings, or null. */
  upstreamTls: { trusted: string; name: string } | null;
  /** Cookie affinity: the backend index whose Set-Cookie map applies. */
  cookie: { index: number } | null;
}

/** JWT settings of a location. */
export interface JwtLocationView {
  /** Provider index (internal location /_wsctl/jwt/N). */
  index: number;
  /** `set $wsctl_jwt_P_I $arg_NAME`: query tokens copied for the subrequest, where $arg_* is empty. */
  queryCopies: { variable: NginxText; source: NginxText }[];
  /** Claims: header name and the variable auth_request_set fills. */
  claims: { header: string; claim: number }[];
}

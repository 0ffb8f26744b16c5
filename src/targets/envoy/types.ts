/**
 * The Envoy v3 messages wsctl emits, in proto3-JSON form (snake_case field names, durations as "5s",
 * wrappers as bare values, Any as `{"@type": ..., ...fields}`). Only the fields wsctl sets are typed;
 * src/targets/envoy/validate checks every emitted object against the real protos.
 */

/** A proto3-JSON Duration, e.g. "5s" or "0.250s". */
export type Duration = `${string}s`;

/** A google.protobuf.Any: the message's type URL plus its fields. */
export type TypedConfig = { '@type': string } & { [field: string]: unknown };

/** envoy.config.core.v3.SocketAddress wrapped in an Address. */
export interface Address {
  /** A TCP socket address. */
  socket_address: { /** IP or host name. */ address: string; /** Port. */ port_value: number };
}

/** envoy.config.core.v3.Pipe wrapped in an Address (the static bootstrap's admin interface). */
export interface PipeAddress {
  /** A unix socket: path (relative to Envoy's working directory) and file mode. */
  pipe: { /** Socket path. */ path: string; /** File permissions, e.g. 0o600. */ mode: number };
}

/** envoy.config.core.v3.DataSource. */
export type DataSource = { /** A path Envoy reads. */ filename: string } | { /** Inline text. */ inline_string: string };

/** envoy.config.core.v3.ConfigSource for ADS. */
export interface AdsConfigSource {
  /** Use the aggregated discovery stream. */
  ads: Record<string, never>;
  /** Always V3. */
  resource_api_version: 'V3';
}

/** envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig. */
export interface SdsSecretConfig {
  /** Secret name. */
  name: string;
  /** Absent for static secrets (looked up in static_resources.secrets). */
  sds_config?: AdsConfigSource;
}

/** envoy.config.core.v3.TransportSocket. */
export interface TransportSocket {
  /** Extension name. */
  name: string;
  /** Its config. */
  typed_config: TypedConfig;
}

/** envoy.config.listener.v3.Filter or an HTTP filter: config inline, or from ECDS. */
export type NetworkFilter =
  | { /** Extension name. */ name: string; /** Its config. */ typed_config: TypedConfig }
  | {
      /** Extension name, also the ECDS resource name. */
      name: string;
      /** Where the config comes from. */
      config_discovery: { config_source: AdsConfigSource; type_urls: string[] };
    };

/** envoy.config.core.v3.TypedExtensionConfig: an ECDS resource. */
export interface TypedExtensionConfig {
  /** Resource name (the filter name that discovers it). */
  name: string;
  /** The config. */
  typed_config: TypedConfig;
}

/** envoy.config.listener.v3.FilterChain. */
export interface FilterChain {
  /** Network filters, HCM last. */
  filters: NetworkFilter[];
  /** TLS termination, when the listener has TLS. */
  transport_socket?: TransportSocket;
}

/** envoy.config.listener.v3.Listener. */
export interface Listener {
  /** Listener name (the spec's). */
  name: string;
  /** Bind address. */
  address: Address;
  /** One chain: every route of the listener is served by the same HCM. */
  filter_chains: FilterChain[];
  /** Stat prefix. */
  stat_prefix?: string;
}

/** envoy.config.route.v3.HeaderMatcher (the forms wsctl uses). */
export type HeaderMatcher =
  | { /** Header name. */ name: string; /** Value match. */ string_match: { exact: string; ignore_case?: boolean }; /** Negate. */ invert_match?: boolean }
  | { /** Header name. */ name: string; /** Value contains. */ string_match: { contains: string } }
  | { /** Header name. */ name: string; /** Presence. */ present_match: boolean };

/** envoy.config.route.v3.RouteMatch. */
export type RouteMatch = (
  | { /** Path prefix. */ prefix: string }
  | { /** Exact path. */ path: string }
  | { /** Full-path RE2 match. */ safe_regex: { regex: string } }
) & { /** Header conditions, all required. */ headers?: HeaderMatcher[] };

/** envoy.config.route.v3.RouteAction.HashPolicy. */
export type HashPolicy =
  | { /** Hash a cookie when present (no ttl: Envoy never sets it). */ cookie: { name: string }; /** Stop at this policy when it gave a hash. */ terminal: boolean }
  | { /** Hash a header. */ header: { header_name: string } }
  | { /** Hash a query parameter. */ query_parameter: { name: string } }
  | { /** Hash the client IP. */ connection_properties: { source_ip: boolean } };

/** envoy.config.route.v3.RouteAction. */
export interface RouteAction {
  /** Target cluster. */
  cluster: string;
  /** Upstream response timeout (the handshake on upgrade routes). */
  timeout: Duration;
  /** Stream idle timeout; 0s disables. */
  idle_timeout: Duration;
  /** Hard cap on a stream. */
  max_stream_duration?: { max_stream_duration: Duration };
  /** Upgrades enabled on this route. */
  upgrade_configs?: { upgrade_type: string }[];
  /** Replaces the matched path (or prefix) before forwarding. */
  prefix_rewrite?: string;
  /** Affinity hashing. */
  hash_policy?: HashPolicy[];
}

/** envoy.config.core.v3.HeaderValueOption. */
export interface HeaderValueOption {
  /** The header. */
  header: { key: string; value: string };
  /** Replace any existing value, or add one more (Set-Cookie). */
  append_action: 'OVERWRITE_IF_EXISTS_OR_ADD' | 'APPEND_IF_EXISTS_OR_ADD';
}

/** envoy.config.route.v3.Route. */
export interface Route {
  /** Route name (stats, access logs). */
  name: string;
  /** Conditions. */
  match: RouteMatch;
  /** Proxy to a cluster. */
  route?: RouteAction;
  /** Answer directly. */
  direct_response?: { status: number; body?: DataSource };
  /** Per-filter overrides, keyed by HTTP filter name. */
  typed_per_filter_config?: Record<string, TypedConfig>;
  /** Extra response headers. */
  response_headers_to_add?: HeaderValueOption[];
}

/** envoy.config.route.v3.VirtualHost. */
export interface VirtualHost {
  /** Unique within its route configuration. */
  name: string;
  /** Host names ("*" = any). */
  domains: string[];
  /** Routes, first match wins. */
  routes: Route[];
}

/** envoy.config.route.v3.RouteConfiguration. */
export interface RouteConfiguration {
  /** Name the listener's RDS refers to. */
  name: string;
  /** Virtual hosts. */
  virtual_hosts: VirtualHost[];
  /** Routes are validated against known clusters at load. */
  validate_clusters?: boolean;
}

/** envoy.config.endpoint.v3.LbEndpoint. */
export interface LbEndpoint {
  /** The upstream address. */
  endpoint: { address: Address | PipeAddress };
  /** Relative weight. */
  load_balancing_weight: number;
  /** Transport-socket-match metadata, for per-endpoint TLS verification. */
  metadata?: { filter_metadata: Record<string, Record<string, string>> };
}

/** envoy.config.endpoint.v3.ClusterLoadAssignment. */
export interface ClusterLoadAssignment {
  /** Cluster it belongs to. */
  cluster_name: string;
  /** One locality with every endpoint. */
  endpoints: { lb_endpoints: LbEndpoint[] }[];
}

/** envoy.config.core.v3.HealthCheck (the forms wsctl uses). */
export interface HealthCheck {
  /** Time a check may take. */
  timeout: Duration;
  /** Time between checks. */
  interval: Duration;
  /** Interval before the cluster saw traffic (Envoy defaults it to 60s). */
  no_traffic_interval: Duration;
  /** Failures to mark down. */
  unhealthy_threshold: number;
  /** Passes to mark up. */
  healthy_threshold: number;
  /** A fresh connection per check (a 101 check leaves the connection upgraded). */
  reuse_connection?: boolean;
  /** 2xx checks. */
  http_health_check?: { path: string; host: string; expected_statuses: { start: number; end: number }[]; codec_client_type: 'HTTP1' };
  /** Raw-bytes checks: a WebSocket handshake expecting a 101 status line. */
  tcp_health_check?: { send: { text: string }; receive: { text: string }[] };
}

/** envoy.config.cluster.v3.Cluster. */
export interface Cluster {
  /** Backend name. */
  name: string;
  /** Discovery type. */
  type: 'EDS' | 'STATIC' | 'STRICT_DNS' | 'LOGICAL_DNS';
  /** Where EDS comes from (xDS, IP endpoints). */
  eds_cluster_config?: { eds_config: AdsConfigSource };
  /** Inline endpoints (static bootstrap, or host names). */
  load_assignment?: ClusterLoadAssignment;
  /** Connect timeout. */
  connect_timeout: Duration;
  /** Balancing. */
  lb_policy: 'ROUND_ROBIN' | 'LEAST_REQUEST' | 'MAGLEV';
  /** Random draws per pick of LEAST_REQUEST. */
  least_request_lb_config?: { choice_count: number };
  /** DNS family for host-name endpoints. */
  dns_lookup_family?: 'V4_PREFERRED';
  /** Connection/request caps (Envoy's default is 1024, far below a WebSocket fleet). */
  circuit_breakers: { thresholds: CircuitBreakerThreshold[] };
  /** Panic threshold and friends. */
  common_lb_config: { healthy_panic_threshold: { value: number } };
  /** Active health checks. */
  health_checks?: HealthCheck[];
  /** Upstream TLS (when every endpoint verifies the same name). */
  transport_socket?: TransportSocket;
  /** Upstream TLS per endpoint (verifying each endpoint's own address). */
  transport_socket_matches?: { name: string; match: Record<string, string>; transport_socket: TransportSocket }[];
  /** Upstream HTTP/1.1 options. */
  typed_extension_protocol_options: Record<string, TypedConfig>;
}

/** envoy.config.cluster.v3.CircuitBreakers.Thresholds. */
export interface CircuitBreakerThreshold {
  /** Priority. */
  priority: 'DEFAULT';
  /** Upstream connections. */
  max_connections: number;
  /** Requests waiting for a connection. */
  max_pending_requests: number;
  /** Concurrent requests (each WebSocket is one). */
  max_requests: number;
}

/** envoy.extensions.transport_sockets.tls.v3.Secret. */
export type Secret =
  | { /** Secret name. */ name: string; /** Certificate and key. */ tls_certificate: { certificate_chain: DataSource; private_key: DataSource } }
  | { /** Secret name. */ name: string; /** CA bundle. */ validation_context: { trusted_ca: DataSource } };

/** Every xDS resource of one gateway, each list sorted by name. */
export interface EnvoyResources {
  /** LDS. */
  listeners: Listener[];
  /** RDS. */
  routes: RouteConfiguration[];
  /** CDS. */
  clusters: Cluster[];
  /** EDS (clusters with IP endpoints). */
  endpoints: ClusterLoadAssignment[];
  /** SDS. */
  secrets: Secret[];
  /** ECDS: HTTP filter configs kept out of Listeners (jwt_authn). */
  extensions: TypedExtensionConfig[];
}

import type { CapabilityTable } from '../capabilities.js';

/** What the Envoy target honours, feature by feature (shown in docs/envoy.md and checked before emit). */
export const envoyCapabilities: CapabilityTable = {
  'websocket-upgrade': { level: 'yes', how: 'per-route upgrade_configs websocket; any other Upgrade value gets 403, HTTP/1.1 codec only (no h2c)' },
  'plain-http-reject': { level: 'yes', how: 'a direct_response 426 route after the Upgrade: websocket route' },
  'plain-http-proxy': { level: 'yes', how: 'a second route to the cluster without upgrade_configs' },
  'match-host': { level: 'yes', how: 'one virtual host per host name (exact, or *. suffix wildcard), port ignored' },
  'match-prefix': { level: 'yes', how: 'route match prefix' },
  'match-exact': { level: 'yes', how: 'route match path' },
  'match-regex': { level: 'yes', how: 'safe_regex (RE2), padded with .* to keep search semantics' },
  'idle-timeout': { level: 'yes', how: 'route idle_timeout (overrides the stream idle timeout; 0s for off)' },
  'max-duration': { level: 'yes', how: 'route max_stream_duration' },
  'handshake-timeout': {
    level: 'yes',
    how: 'route timeout of the upgrade route (Envoy >= 1.36 disarms it once upgraded, envoy#41075; measured on 1.40); plain requests on proxy routes wait up to idleTimeout',
  },
  'connect-timeout': { level: 'yes', how: 'cluster connect_timeout' },
  tls: { level: 'yes', how: 'DownstreamTlsContext with tls_minimum_protocol_version, certificates over SDS' },
  mtls: { level: 'yes', how: 'validation context over SDS, require_client_certificate for required' },
  'upstream-tls': { level: 'yes', how: 'UpstreamTlsContext: CA over SDS, SAN matcher and SNI (per endpoint when no serverName)' },
  'balance-round-robin': { level: 'yes', how: 'lb_policy ROUND_ROBIN' },
  'balance-least-connections': { level: 'yes', how: 'lb_policy LEAST_REQUEST (one request per socket) with 10 random draws per endpoint (default 2 missed the least busy of two endpoints a quarter of the time)' },
  'endpoint-weights': { level: 'yes', how: 'load_balancing_weight' },
  'affinity-source-ip': { level: 'yes', how: 'hash_policy connection_properties.source_ip with MAGLEV' },
  'affinity-header': { level: 'yes', how: 'hash_policy header with MAGLEV' },
  'affinity-query-param': { level: 'yes', how: 'hash_policy query_parameter with MAGLEV' },
  'affinity-cookie': {
    level: 'yes',
    how: 'hash_policy cookie (terminal) else source IP, with MAGLEV; a cookieless request gets Set-Cookie with its IP, which hashes like the source IP (Envoy\'s own generated cookie hashes address:port)',
  },
  'origin-allowlist': { level: 'yes', how: 'per-route RBAC exact match on Origin (duplicates are joined with "," and never match); the plain-HTTP route also allows a request without Origin' },
  'auth-jwt-hs256': { level: 'yes', how: 'jwt_authn with the secret as an inline JWKS oct key' },
  'auth-jwt-rs256': { level: 'yes', how: 'jwt_authn with the JWKS inline' },
  'auth-jwt-es256': { level: 'yes', how: 'jwt_authn with the JWKS inline' },
  'auth-jwt-forward-claims': { level: 'yes', how: 'jwt_authn claim_to_headers; client copies removed first by header_mutation' },
  'auth-bearer': { level: 'yes', how: 'per-route RBAC exact match on "Authorization: Bearer <token>" (403 otherwise)' },
  'rate-limit-connections': {
    level: 'degraded',
    why:
      'Envoy has no per-client concurrent-connection limit: connection_limit and the overload manager count all clients together, ' +
      'and local_ratelimit counts requests, not open sockets, in buckets that cannot be keyed by client IP',
    fallback:
      'no per-client cap; the total stays bounded by limits.maxConnections (overload manager) and each backend\'s circuit breakers, ' +
      'and handshakesPerSecondPerClient (if set) slows down how fast sockets are opened',
  },
  'rate-limit-handshakes': {
    level: 'degraded',
    why:
      'local_ratelimit cannot keep one token bucket per client IP (descriptor entries need literal values in the Envoy v3 API wsctl ' +
      'targets); a per-client limit needs the external global rate-limit service',
    fallback:
      'one token bucket per route shared by all clients, refilled at handshakesPerSecondPerClient per second with room for burst more: ' +
      'stricter than asked, since one busy client can use up the handshakes of all',
  },
  'backend-max-connections': {
    level: 'yes',
    how: 'cluster circuit_breakers max_connections/max_requests/max_pending_requests; a socket over the cap waits for a free slot until handshakeTimeout (then 504), at most maxConnections waiting (then 503)',
  },
  'gateway-max-connections': { level: 'yes', how: 'the overload manager\'s global_downstream_max_connections monitor: a connection over the cap is closed at once with no HTTP answer (counted in downstream_global_cx_overflow); under xDS it comes from the bootstrap (wsctl bootstrap --spec or --max-connections)' },
  'health-check-http': { level: 'yes', how: 'http_health_check expecting 200-299' },
  'health-check-websocket': { level: 'yes', how: 'tcp_health_check sending a WebSocket handshake and expecting "HTTP/1.1 101", fresh connection each time' },
  'access-log': { level: 'yes', how: 'file access log on stdout per closed stream (= socket), JSON or text, path without query' },
  drain: {
    level: 'yes',
    how: 'hot restart (run.sh --restart-epoch N): the old epoch keeps its live sockets for --drain-time-s = drainTimeout, then exits; over xDS, route edits leave Listeners byte-identical (no drain at all)',
  },
  'drain-repeated-reloads': {
    level: 'degraded',
    why:
      'Envoy keeps one draining generation per hot restart: when epoch N+1 starts, epoch N terminates epoch N-1 at once, ' +
      'closing the sockets it was still draining (measured on 1.40: the first socket died at the second hot restart)',
    fallback:
      'space hot restarts at least drainTimeout apart, or serve the gateway over xDS (wsctl serve), where route and endpoint ' +
      'changes drain nothing and each changed listener drains on its own',
  },
  metrics: { level: 'yes', how: 'a listener on spec.metrics whose route rewrites the path to /stats/prometheus on the admin interface (127.0.0.1)' },
};

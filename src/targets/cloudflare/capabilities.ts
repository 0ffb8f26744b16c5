import type { CapabilityTable } from '../capabilities.js';

/**
 * What a Cloudflare Worker (workerd) honours, feature by feature. A Worker sees requests after
 * Cloudflare's edge has accepted the connection and terminated TLS, and it keeps no state shared across
 * isolates: what belongs to the edge or needs shared counters degrades or is refused.
 */
export const cloudflareCapabilities: CapabilityTable = {
  'websocket-upgrade': { level: 'yes', how: 'fetch() to the endpoint with Upgrade: websocket, the 101 and its webSocket handed back; any other Upgrade value (h2c) is dropped and the request treated as plain HTTP' },
  'plain-http-reject': { level: 'yes', how: '426 when the single Upgrade value is not websocket (without an Upgrade header: workerd drops that hop-by-hop header from a Worker\'s responses)' },
  'plain-http-proxy': { level: 'yes', how: 'fetch() to the endpoint without Upgrade, body streamed, redirects passed through' },
  'match-host': { level: 'yes', how: 'Host without port, lower-cased: exact names, then the longest *.wildcard, then host-less routes (as Envoy\'s virtual hosts); wrangler.toml routes one pattern per host to the Worker' },
  'match-prefix': { level: 'yes', how: 'string prefix of the URL path' },
  'match-exact': { level: 'yes', how: 'URL path equality' },
  'match-regex': { level: 'yes', how: 'JavaScript RegExp search on the URL path (the validator\'s RE2-compatible subset; one that V8 does not take is a compile error)' },
  'idle-timeout': {
    level: 'degraded',
    why: 'a proxied WebSocket is spliced by the Workers runtime, and Cloudflare closes idle WebSockets on its own schedule',
    fallback: 'not set by wsctl: clients keep sockets alive with pings; idleTimeout is not enforced',
  },
  'max-duration': {
    level: 'degraded',
    why: 'the Worker hands the upgraded socket to the runtime and sees no more of it',
    fallback: 'not enforced: a session ends on a close from either side or when Cloudflare ends it',
  },
  'handshake-timeout': {
    level: 'yes',
    how: 'the upgrade\'s fetch() is aborted (504) when the endpoint has not answered within handshakeTimeout, connect included; plain requests on proxy routes wait up to idleTimeout for the answer',
  },
  'connect-timeout': {
    level: 'degraded',
    why: 'a Worker\'s fetch() has no connect-timeout setting: connecting and answering are one step',
    fallback: 'the connect is bounded together with the answer: by handshakeTimeout for upgrades, idleTimeout for plain requests, and Cloudflare\'s own connect timeout; connectTimeout is not used',
  },
  tls: {
    level: 'degraded',
    why: 'Cloudflare\'s edge terminates TLS with the zone\'s edge certificate before the Worker runs; a Worker cannot present the spec\'s certFile/keyFile',
    fallback: 'served over https/wss by the zone\'s edge certificate (upload certFile/keyFile as a custom certificate to use it); set the zone\'s Minimum TLS Version to minVersion',
  },
  mtls: { level: 'no', why: 'client certificates are checked by Cloudflare\'s edge (mTLS with an uploaded CA, per zone), which a Worker cannot configure' },
  'upstream-tls': {
    level: 'degraded',
    why: 'a Worker\'s fetch() verifies https: origins against public CAs and the URL\'s host name only: caFile and serverName cannot be given',
    fallback: 'https:// to each endpoint, verified against public CAs with the endpoint address as name',
  },
  'balance-round-robin': { level: 'yes', how: 'smooth weighted round robin per isolate (Cloudflare runs many isolates, each rotating on its own)' },
  'balance-least-connections': {
    level: 'degraded',
    why: 'the runtime splices upgraded sockets and isolates share no counters, so a Worker cannot know how many sockets each endpoint holds',
    fallback: 'weighted round robin per isolate',
  },
  'endpoint-weights': { level: 'yes', how: 'smooth weighted round robin; weighted rendezvous hashing under affinity' },
  'affinity-source-ip': { level: 'yes', how: 'weighted rendezvous (consistent) hash of CF-Connecting-IP onto the endpoints' },
  'affinity-header': { level: 'yes', how: 'weighted rendezvous (consistent) hash of the header value; without the header, plain balancing' },
  'affinity-query-param': { level: 'yes', how: 'weighted rendezvous (consistent) hash of the parameter; without it, plain balancing' },
  'affinity-cookie': { level: 'yes', how: 'rendezvous hash of the cookie, or without it of a SHA-256 digest of the client address, which is then set as the cookie (on the 101 too)' },
  'origin-allowlist': { level: 'yes', how: 'exact compare of the Origin header, which the runtime joins with ", " when repeated (so two never match): an upgrade needs exactly one allowed Origin, a plain request is refused (403) only with a wrong or repeated one' },
  'auth-jwt-hs256': { level: 'yes', how: 'WebCrypto HMAC verify (constant time), alg pinned to HS256; exp/nbf with clock skew, iss, aud' },
  'auth-jwt-rs256': { level: 'yes', how: 'WebCrypto RSASSA-PKCS1-v1_5 with the JWKS keys as SPKI, alg and kid matched; exp/nbf, iss, aud' },
  'auth-jwt-es256': { level: 'yes', how: 'WebCrypto ECDSA P-256 with the JWKS keys as SPKI, the JOSE r||s signature verified as is (64 bytes, never DER); exp/nbf, iss, aud' },
  'auth-jwt-forward-claims': { level: 'yes', how: 'claims set as request headers on the subrequest, client copies removed first; a non-printable claim refuses the token' },
  'auth-bearer': { level: 'yes', how: 'SHA-256 of the Authorization: Bearer token against the digests of the listed tokens (the Worker holds no token), 401' },
  'rate-limit-connections': {
    level: 'degraded',
    why: 'isolates share no counters and the runtime splices sockets: concurrent sockets per client cannot be counted by a Worker (per-client limits need the Rate Limiting binding or a Durable Object)',
    fallback: 'not enforced by the Worker; use Cloudflare rate limiting rules on the zone',
  },
  'rate-limit-handshakes': {
    level: 'degraded',
    why: 'per-client request rates need the Rate Limiting binding (periods of 10 or 60 s only, counted per Cloudflare location) that wsctl does not bind',
    fallback: 'not enforced by the Worker; use Cloudflare rate limiting rules on the zone',
  },
  'backend-max-connections': {
    level: 'degraded',
    why: 'isolates share no counters, so no Worker knows how many sockets a backend holds',
    fallback: 'not enforced; the backend must protect itself',
  },
  'gateway-max-connections': {
    level: 'degraded',
    why: 'a Worker keeps no count shared across isolates and machines, and Cloudflare\'s edge accepts the connections',
    fallback: 'not enforced by the Worker: every socket is accepted (Cloudflare\'s own limits apply); the backends must protect themselves',
  },
  'health-check-http': { level: 'no', why: 'a Worker runs per request and cannot probe endpoints in the background (Cloudflare health checks belong to its Load Balancing product)' },
  'health-check-websocket': { level: 'no', why: 'a Worker runs per request and cannot probe endpoints in the background (Cloudflare health checks belong to its Load Balancing product)' },
  'access-log': {
    level: 'degraded',
    why: 'the Worker hands the upgraded socket to the runtime and never sees it close, so no duration or byte counts',
    fallback: 'one console.log line per request when the answer is known (Workers Logs, wrangler tail): route, status, path without the query, endpoint',
  },
  drain: {
    level: 'degraded',
    why: 'Cloudflare decides what happens to sockets of a Worker version when a new one is deployed',
    fallback: 'drainTimeout is not used; clients must reconnect when Cloudflare closes a socket',
  },
  'drain-repeated-reloads': {
    level: 'degraded',
    why: 'Cloudflare decides what happens to sockets of a Worker version when a new one is deployed',
    fallback: 'drainTimeout is not used; clients must reconnect when Cloudflare closes a socket',
  },
  metrics: {
    level: 'degraded',
    why: 'a Worker serves no second listener for Prometheus to scrape',
    fallback: 'Cloudflare\'s Workers analytics (requests, errors, CPU per Worker; dashboard and GraphQL API); no metrics endpoint',
  },
};

import type { IrBackend, IrGateway } from '../../ir/types.js';
import { msToDuration } from './duration.js';
import { buildLoadAssignment } from './endpoints.js';
import { buildHealthCheck } from './health-check.js';
import { clusterName, typeUrl } from './names.js';
import { ADS, type SecretMode } from './secret.js';
import type { Cluster } from './types.js';
import { distinctAddresses, perEndpointTls, upstreamTlsSocket } from './upstream-tls.js';

/** Envoy has no "no connect timeout" (it must be > 0): 'off' becomes this, with a warning from the target. */
export const CONNECT_TIMEOUT_OFF_MS = 3_600_000;

/** True when every endpoint is an IP literal: only those can come from EDS (EDS does not resolve names). */
export function usesEds(backend: IrBackend): boolean {
  return backend.endpoints.every((e) => e.kind !== 'dns');
}

function lbPolicy(backend: IrBackend): Cluster['lb_policy'] {
  // affinity needs a consistent hash over the route's hash_policy; maglev honours endpoint weights
  if (backend.affinity) return 'MAGLEV';
  return backend.balance === 'roundRobin' ? 'ROUND_ROBIN' : 'LEAST_REQUEST';
}

/**
 * Envoy's LEAST_REQUEST draws choice_count endpoints at random, with replacement, and takes the least
 * busy (default 2): with two endpoints a quarter of the picks saw only one, and the parity scenario
 * caught a socket sent to the busier endpoint. Ten draws per endpoint (at most 100) miss the least busy
 * one with a chance of (1 - 1/n)^10n, under 0.01 %.
 */
export function leastRequestChoices(backend: IrBackend): number {
  return Math.min(100, Math.max(2, 10 * backend.endpoints.length));
}

function discovery(backend: IrBackend, mode: SecretMode): Pick<Cluster, 'type' | 'eds_cluster_config' | 'load_assignment' | 'dns_lookup_family'> {
  if (!usesEds(backend)) return { type: 'STRICT_DNS', dns_lookup_family: 'V4_PREFERRED', load_assignment: buildLoadAssignment(backend) };
  return mode === 'xds' ? { type: 'EDS', eds_cluster_config: { eds_config: ADS } } : { type: 'STATIC', load_assignment: buildLoadAssignment(backend) };
}

function tls(backend: IrBackend, mode: SecretMode): Pick<Cluster, 'transport_socket' | 'transport_socket_matches'> {
  if (!backend.tls) return {};
  if (!perEndpointTls(backend)) return { transport_socket: upstreamTlsSocket(backend, backend.tls.serverName ?? '', mode) };
  const addresses = distinctAddresses(backend);
  return {
    // never reached (every endpoint carries a match), but a miss must still verify rather than go plaintext
    transport_socket: upstreamTlsSocket(backend, addresses[0] ?? '', mode),
    transport_socket_matches: addresses.map((address) => ({ name: `endpoint-${address}`, match: { endpoint: address }, transport_socket: upstreamTlsSocket(backend, address, mode) })),
  };
}

/** A Cluster for a backend: discovery, balancing, circuit breakers, health checks and TLS. */
export function buildCluster(backend: IrBackend, ir: IrGateway, mode: SecretMode): Cluster {
  const connect = backend.connectTimeout;
  // every socket is one upstream connection and one request; Envoy's default cap of 1024 would refuse the rest
  const cap = backend.maxConnections ?? ir.limits.maxConnections;
  return {
    name: clusterName(backend.name),
    ...discovery(backend, mode),
    connect_timeout: msToDuration(connect === 'off' ? CONNECT_TIMEOUT_OFF_MS : connect),
    lb_policy: lbPolicy(backend),
    ...(lbPolicy(backend) === 'LEAST_REQUEST' ? { least_request_lb_config: { choice_count: leastRequestChoices(backend) } } : {}),
    circuit_breakers: { thresholds: [{ priority: 'DEFAULT', max_connections: cap, max_pending_requests: cap, max_requests: cap }] },
    // no panic routing to endpoints the health checks marked down (nginx and HAProxy do not either)
    common_lb_config: { healthy_panic_threshold: { value: 0 } },
    ...(backend.healthCheck ? { health_checks: [buildHealthCheck(backend, backend.healthCheck)] } : {}),
    ...tls(backend, mode),
    typed_extension_protocol_options: {
      'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
        '@type': typeUrl('envoy.extensions.upstreams.http.v3.HttpProtocolOptions'),
        // WebSockets upgrade HTTP/1.1 connections
        explicit_http_config: { http_protocol_options: {} },
      },
    },
  };
}

import type { IrMetrics } from '../../ir/types.js';
import { msToDuration } from './duration.js';
import { routerFilter } from './filters/router.js';
import type { RouteSource } from './http-connection-manager.js';
import { typeUrl } from './names.js';
import { ADS } from './secret.js';
import type { Address, Cluster, Listener, PipeAddress, RouteConfiguration } from './types.js';

/** Listener and route configuration of spec.metrics; underscore so no spec name (a DNS label) can clash. */
export const METRICS_LISTENER = 'wsctl_metrics';
/** Static cluster pointing at Envoy's own admin interface on 127.0.0.1. */
export const ADMIN_CLUSTER = 'wsctl_admin';
/** Where the admin interface serves Prometheus text. */
const ADMIN_PROMETHEUS_PATH = '/stats/prometheus';

/**
 * The metrics listener: plain HTTP/1.1 on spec.metrics with only the router, so none of the gateway's
 * policies apply. Its routes come over RDS like every listener's, and nothing in it depends on the
 * gateway's routes, so route edits leave it byte-identical.
 */
export function buildMetricsListener(metrics: IrMetrics, routes: RouteSource): Listener {
  return {
    name: METRICS_LISTENER,
    address: { socket_address: { address: metrics.address, port_value: metrics.port } },
    filter_chains: [
      {
        filters: [
          {
            name: 'envoy.filters.network.http_connection_manager',
            typed_config: {
              '@type': typeUrl('envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager'),
              stat_prefix: METRICS_LISTENER,
              codec_type: 'HTTP1',
              ...(routes.kind === 'rds' ? { rds: { route_config_name: METRICS_LISTENER, config_source: ADS } } : { route_config: routes.config }),
              http_filters: [routerFilter()],
            },
          },
        ],
      },
    ],
  };
}

/** The one route of the metrics listener: exactly spec.metrics.path, rewritten to the admin's /stats/prometheus (any other path: 404). */
export function buildMetricsRouteConfig(metrics: IrMetrics): RouteConfiguration {
  return {
    name: METRICS_LISTENER,
    virtual_hosts: [
      {
        name: METRICS_LISTENER,
        domains: ['*'],
        routes: [
          {
            name: 'prometheus',
            match: { path: metrics.path },
            route: { cluster: ADMIN_CLUSTER, prefix_rewrite: ADMIN_PROMETHEUS_PATH, timeout: msToDuration(10_000), idle_timeout: msToDuration(30_000) },
          },
        ],
      },
    ],
  };
}

/**
 * The admin interface as a cluster: the static bootstrap's admin unix socket, or over xDS 127.0.0.1 on
 * the bootstrap's admin port (`wsctl bootstrap --admin-port`), which must then equal adminPort(ir), 9901
 * unless the gateway binds that port.
 */
export function buildAdminCluster(address: Address | PipeAddress): Cluster {
  return {
    name: ADMIN_CLUSTER,
    type: 'STATIC',
    load_assignment: {
      cluster_name: ADMIN_CLUSTER,
      endpoints: [{ lb_endpoints: [{ endpoint: { address }, load_balancing_weight: 1 }] }],
    },
    connect_timeout: msToDuration(1_000),
    lb_policy: 'ROUND_ROBIN',
    circuit_breakers: { thresholds: [{ priority: 'DEFAULT', max_connections: 16, max_pending_requests: 16, max_requests: 16 }] },
    common_lb_config: { healthy_panic_threshold: { value: 50 } },
    typed_extension_protocol_options: {
      'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
        '@type': typeUrl('envoy.extensions.upstreams.http.v3.HttpProtocolOptions'),
        explicit_http_config: { http_protocol_options: {} },
      },
    },
  };
}

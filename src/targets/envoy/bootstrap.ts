import { isIP } from 'node:net';
import type { IrGateway } from '../../ir/types.js';
import { buildCluster } from './cluster.js';
import { buildListener } from './listener.js';
import { buildAdminCluster, buildMetricsListener, buildMetricsRouteConfig } from './metrics.js';
import { typeUrl, XDS_CLUSTER } from './names.js';
import { adminPort, DEFAULT_ADMIN_PORT, overloadManager } from './infra.js';
import { buildRouteConfig } from './route-config.js';
import { ADS, buildSecrets, type StaticPath } from './secret.js';
import { yamlFile } from './serialize.js';
import type { Address, Cluster, Listener, PipeAddress, Secret, TypedConfig } from './types.js';
import { formatIssue, validateBootstrap } from './validate/index.js';
import { xdsTlsSocket, type XdsTlsOptions } from './xds-tls.js';

/**
 * The static bootstrap's admin interface: a unix socket in the envoy/ directory, readable by its owner
 * only. No TCP port to collide on, so Envoys compiled into different directories run side by side, and
 * no other local user can reach the admin endpoints (which can stop Envoy or change its runtime).
 */
export const ADMIN_SOCKET: PipeAddress = { pipe: { path: 'admin.sock', mode: 0o600 } };

/** An envoy.config.bootstrap.v3.Bootstrap in proto3-JSON form. */
export interface Bootstrap {
  /** Node identity. */
  node: { id: string; cluster: string };
  /** Admin interface: loopback only (xDS bootstrap), or a unix socket beside envoy.yaml (static). */
  admin: { address: Address | PipeAddress };
  /** Resources known at start. */
  static_resources: { listeners?: Listener[]; clusters: Cluster[]; secrets?: Secret[] };
  /** Where dynamic resources come from (xDS). */
  dynamic_resources?: TypedConfigFree;
  /** Gateway-wide connection cap. */
  overload_manager?: { resource_monitors: { name: string; typed_config: TypedConfig }[] };
}

/** A plain nested object (for dynamic_resources, whose shape is fixed below). */
type TypedConfigFree = Record<string, unknown>;

export { DEFAULT_ADMIN_PORT } from './infra.js';

function loopback(port: number): { address: Address } {
  return { address: { socket_address: { address: '127.0.0.1', port_value: port } } };
}

/**
 * The static bootstrap of `wsctl compile --target envoy`: the same builders as xDS, with routes inline
 * in each listener (a static file has no RDS), endpoints inline in clusters and secrets read from files.
 */
export function buildStaticBootstrap(ir: IrGateway, staticPath: StaticPath): Bootstrap {
  const secrets = buildSecrets(ir, staticPath);
  const metrics = ir.metrics;
  return {
    node: { id: ir.name, cluster: ir.name },
    admin: { address: ADMIN_SOCKET },
    static_resources: {
      listeners: [
        ...ir.listeners.map((l) => buildListener(l, ir, { kind: 'inline', config: buildRouteConfig(l, ir) }, 'static')),
        ...(metrics ? [buildMetricsListener(metrics, { kind: 'inline', config: buildMetricsRouteConfig(metrics) })] : []),
      ],
      clusters: [...ir.backends.map((b) => buildCluster(b, ir, 'static')), ...(metrics ? [buildAdminCluster(ADMIN_SOCKET)] : [])],
      ...(secrets.length ? { secrets } : {}),
    },
    overload_manager: overloadManager(ir.limits.maxConnections),
  };
}

/** Options of `wsctl bootstrap`. */
export interface XdsBootstrapOptions {
  /** Gateway name: the node cluster, which is how `wsctl serve` picks the gateway to send. */
  gateway: string;
  /** HOST:PORT of `wsctl serve`'s xDS port ([v6]:port for IPv6). */
  xdsAddress: string;
  /** Node id (default: the gateway name; give each Envoy its own to see per-node rollout status). */
  nodeId?: string;
  /** Delta xDS (default) or state of the world. */
  delta?: boolean;
  /** Admin port on 127.0.0.1 (default 9901). */
  adminPort?: number;
  /** Gateway-wide connection cap (limits.maxConnections of the gateway; the spec default when not known). */
  maxConnections: number;
  /** Reach the xDS port over TLS (wsctl serve --xds-tls-cert), with a client certificate for mTLS. */
  tls?: XdsTlsOptions;
}

/** Splits HOST:PORT (or [IPv6]:PORT); throws with a message naming the expected form. */
export function parseHostPort(text: string): { host: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+)):([0-9]{1,5})$/.exec(text);
  const port = Number(match?.[3]);
  const host = match?.[1] ?? match?.[2];
  if (!match || !host || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`--xds-address must be HOST:PORT (or [IPv6]:PORT), got "${text}"`);
  }
  return { host, port };
}

/**
 * The bootstrap an Envoy uses to subscribe to `wsctl serve`: ADS (delta by default) for listeners and
 * clusters (routes, endpoints and secrets follow over the same stream), node cluster = gateway name.
 */
export function buildXdsBootstrap(options: XdsBootstrapOptions): Bootstrap {
  const { host, port } = parseHostPort(options.xdsAddress);
  const controlPlane: Cluster = {
    name: XDS_CLUSTER,
    type: isIP(host) !== 0 ? 'STATIC' : 'LOGICAL_DNS',
    connect_timeout: '5s',
    lb_policy: 'ROUND_ROBIN',
    load_assignment: { cluster_name: XDS_CLUSTER, endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: host, port_value: port } } }, load_balancing_weight: 1 }] }] },
    circuit_breakers: { thresholds: [{ priority: 'DEFAULT', max_connections: 1024, max_pending_requests: 1024, max_requests: 1024 }] },
    common_lb_config: { healthy_panic_threshold: { value: 50 } },
    ...(options.tls ? { transport_socket: xdsTlsSocket(host, options.tls) } : {}),
    typed_extension_protocol_options: {
      'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
        '@type': typeUrl('envoy.extensions.upstreams.http.v3.HttpProtocolOptions'),
        // xDS is gRPC: HTTP/2, with keepalives so a dead control plane is noticed
        explicit_http_config: { http2_protocol_options: { connection_keepalive: { interval: '30s', timeout: '5s' } } },
      },
    },
  };
  return {
    node: { id: options.nodeId ?? options.gateway, cluster: options.gateway },
    admin: loopback(options.adminPort ?? DEFAULT_ADMIN_PORT),
    static_resources: { clusters: [controlPlane] },
    dynamic_resources: {
      ads_config: {
        api_type: options.delta === false ? 'GRPC' : 'DELTA_GRPC',
        transport_api_version: 'V3',
        grpc_services: [{ envoy_grpc: { cluster_name: XDS_CLUSTER } }],
        set_node_on_first_message_only: true,
      },
      lds_config: ADS,
      cds_config: ADS,
    },
    overload_manager: overloadManager(options.maxConnections),
  };
}

/** The xDS bootstrap as a YAML file, refused (throws) if Envoy's protos or rules would reject it. */
export function renderXdsBootstrap(options: XdsBootstrapOptions): string {
  const bootstrap = buildXdsBootstrap(options);
  const issues = validateBootstrap(bootstrap);
  if (issues.length) throw new Error(`the bootstrap would be rejected by Envoy: ${issues.map(formatIssue).join('; ')}`);
  return yamlFile(
    [
      `Generated by wsctl bootstrap: Envoy subscribes to gateway "${options.gateway}" at ${options.xdsAddress} over ADS. Do not edit.`,
      'Give each Envoy its own node id (--node-id, or envoy --service-node) to see per-node rollout status.',
    ],
    bootstrap,
  );
}

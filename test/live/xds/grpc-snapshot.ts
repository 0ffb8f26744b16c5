/** A gRPC-flavoured xDS snapshot (API listener, routes, clusters, endpoints) as real gRPC xDS clients consume it. */
import { referencesOf } from '../../../src/xds/references.js';
import { buildSnapshot, type ResourceInput, type Snapshot } from '../../../src/xds/snapshot.js';
import { TYPE_URL_PREFIX, TYPE_URLS } from '../../../src/xds/type-urls.js';
import { validateEnvoyMessage } from '../../../src/targets/envoy/validate/index.js';

/** Where the route sends calls: one cluster, or a weighted split. */
export type RouteTarget = { cluster: string } | { split: { cluster: string; weight: number }[] };

/** The snapshot: listener `service` (the xds:/// target), its routes, and one EDS cluster per entry of `clusters` (name → backend ports). */
export interface GrpcShape {
  service: string;
  route: RouteTarget;
  clusters: Record<string, number[]>;
}

const ADS_SOURCE = { ads: {}, resource_api_version: 'V3' };

function encoded(typeUrl: string, name: string, json: unknown): ResourceInput {
  const checked = validateEnvoyMessage(typeUrl.slice(TYPE_URL_PREFIX.length), json);
  if (!checked.bytes) throw new Error(JSON.stringify(checked.issues));
  return { typeUrl, name, body: checked.bytes, references: referencesOf(typeUrl, json) };
}

/** Builds (and checks) the snapshot. */
export function grpcSnapshot(shape: GrpcShape): Snapshot {
  const routeName = `${shape.service}-routes`;
  const action =
    'cluster' in shape.route
      ? { cluster: shape.route.cluster }
      : { weighted_clusters: { clusters: shape.route.split.map((c) => ({ name: c.cluster, weight: c.weight })) } };
  const inputs: ResourceInput[] = [
    encoded(TYPE_URLS.listener, shape.service, {
      name: shape.service,
      api_listener: {
        api_listener: {
          '@type': `${TYPE_URL_PREFIX}envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager`,
          stat_prefix: shape.service,
          rds: { config_source: ADS_SOURCE, route_config_name: routeName },
          http_filters: [{ name: 'router', typed_config: { '@type': `${TYPE_URL_PREFIX}envoy.extensions.filters.http.router.v3.Router` } }],
        },
      },
    }),
    encoded(TYPE_URLS.route, routeName, {
      name: routeName,
      virtual_hosts: [{ name: shape.service, domains: ['*'], routes: [{ match: { prefix: '' }, route: action }] }],
    }),
    ...Object.entries(shape.clusters).flatMap(([name, ports]) => [
      encoded(TYPE_URLS.cluster, name, { name, type: 'EDS', eds_cluster_config: { eds_config: ADS_SOURCE }, lb_policy: 'ROUND_ROBIN' }),
      encoded(TYPE_URLS.endpoint, name, {
        cluster_name: name,
        endpoints: [
          {
            locality: { region: 'local' },
            load_balancing_weight: 1,
            lb_endpoints: ports.map((port) => ({ endpoint: { address: { socket_address: { address: '127.0.0.1', port_value: port } } } })),
          },
        ],
      }),
    ]),
  ];
  const built = buildSnapshot(inputs);
  if (!built.ok) throw new Error(built.problems.join('; '));
  return built.snapshot;
}

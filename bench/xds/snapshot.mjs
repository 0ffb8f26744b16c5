// The benchmark's resource set: 50 EDS clusters and their ClusterLoadAssignments (3 endpoints each),
// encoded with Envoy's protos; `generation` changes one cluster's connect_timeout.
import { validateEnvoyMessage } from '../../dist/targets/envoy/validate/index.js';

export const CLUSTERS = 50;
export const CHANGED = 7;
const CDS = 'type.googleapis.com/envoy.config.cluster.v3.Cluster';
const EDS = 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment';
const names = Array.from({ length: CLUSTERS }, (_, i) => `cluster-${String(i).padStart(3, '0')}`);

function encode(type, json) {
  const result = validateEnvoyMessage(type, json);
  if (!result.bytes) throw new Error(JSON.stringify(result.issues));
  return result.bytes;
}

const endpointBodies = names.map((name, i) =>
  encode('envoy.config.endpoint.v3.ClusterLoadAssignment', {
    cluster_name: name,
    endpoints: [{ lb_endpoints: [1, 2, 3].map((k) => ({ endpoint: { address: { socket_address: { address: `10.0.${i}.${k}`, port_value: 8080 } } }, load_balancing_weight: 1 })) }],
  }),
);

function clusterBody(name, timeoutSeconds) {
  return encode('envoy.config.cluster.v3.Cluster', {
    name,
    type: 'EDS',
    eds_cluster_config: { eds_config: { ads: {}, resource_api_version: 'V3' } },
    connect_timeout: `${timeoutSeconds}s`,
    lb_policy: 'LEAST_REQUEST',
    circuit_breakers: { thresholds: [{ priority: 'DEFAULT', max_connections: 10000, max_pending_requests: 10000, max_requests: 10000 }] },
  });
}

/** Snapshot inputs of one generation. */
export function inputs(generation) {
  return names.flatMap((name, i) => [
    { typeUrl: CDS, name, body: clusterBody(name, i === CHANGED ? 5 + generation : 5), references: [{ typeUrl: EDS, name }] },
    { typeUrl: EDS, name, body: endpointBodies[i] },
  ]);
}

import type { IrBackend } from '../../ir/types.js';
import { clusterName } from './names.js';
import type { ClusterLoadAssignment, LbEndpoint } from './types.js';
import { perEndpointTls, TRANSPORT_SOCKET_MATCH_KEY } from './upstream-tls.js';

/** The endpoints of a backend (one locality), with weights and, when needed, TLS match metadata. */
export function buildLoadAssignment(backend: IrBackend): ClusterLoadAssignment {
  const tagged = perEndpointTls(backend);
  const lbEndpoints: LbEndpoint[] = backend.endpoints.map((e) => ({
    endpoint: { address: { socket_address: { address: e.address, port_value: e.port } } },
    load_balancing_weight: e.weight,
    ...(tagged ? { metadata: { filter_metadata: { [TRANSPORT_SOCKET_MATCH_KEY]: { endpoint: e.address } } } } : {}),
  }));
  return { cluster_name: clusterName(backend.name), endpoints: [{ lb_endpoints: lbEndpoints }] };
}

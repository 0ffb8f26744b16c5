import type { IrGateway, IrListener } from '../../ir/types.js';
import { downstreamTls } from './downstream-tls.js';
import { httpConnectionManager, type RouteSource } from './http-connection-manager.js';
import type { SecretMode } from './secret.js';
import type { Listener } from './types.js';

/** A Listener: one filter chain with the HTTP connection manager, TLS when the spec says so. */
export function buildListener(listener: IrListener, ir: IrGateway, routes: RouteSource, mode: SecretMode): Listener {
  const tls = downstreamTls(listener, mode);
  return {
    name: listener.name,
    address: { socket_address: { address: listener.address, port_value: listener.port } },
    filter_chains: [
      {
        filters: [{ name: 'envoy.filters.network.http_connection_manager', typed_config: httpConnectionManager(listener, ir, routes, mode) }],
        ...(tls ? { transport_socket: tls } : {}),
      },
    ],
  };
}

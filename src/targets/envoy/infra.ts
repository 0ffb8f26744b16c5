import type { IrGateway } from '../../ir/types.js';
import { typeUrl } from './names.js';
import type { TypedConfig } from './types.js';

/** Default port of Envoy's admin interface (always bound to 127.0.0.1). */
export const DEFAULT_ADMIN_PORT = 9901;

/**
 * What an Envoy process needs besides the xDS resources: set in its bootstrap and command line, not
 * over xDS. Both the static file and `wsctl bootstrap` derive from it, so neither drops a setting.
 */
export interface EnvoyInfra {
  /** Admin port on 127.0.0.1 (also serves spec.metrics through the metrics listener). */
  adminPort: number;
  /** Gateway-wide cap on downstream connections (limits.maxConnections), via the overload manager. */
  maxConnections: number;
  /** --drain-time-s: how long live sockets may finish after a hot restart or listener change. */
  drainSeconds: number;
}

/** The admin port: 9901 unless a listener (or the metrics listener) of the gateway uses it, then the next free one. */
export function adminPort(ir: IrGateway): number {
  const used = new Set([...ir.listeners.map((l) => l.port), ...(ir.metrics ? [ir.metrics.port] : [])]);
  let port = DEFAULT_ADMIN_PORT;
  while (used.has(port)) port += 1;
  return port;
}

/** Seconds Envoy keeps draining live sockets (its --drain-time-s); 'off' becomes a year. */
export function drainSeconds(ir: IrGateway): number {
  const drain = ir.limits.drainTimeout;
  return drain === 'off' ? 365 * 24 * 3600 : Math.ceil(drain / 1000);
}

/** The Envoy process settings of a gateway. */
export function envoyInfra(ir: IrGateway): EnvoyInfra {
  return { adminPort: adminPort(ir), maxConnections: ir.limits.maxConnections, drainSeconds: drainSeconds(ir) };
}

/** limits.maxConnections as Envoy's global downstream connection limit (all listeners together). */
export function overloadManager(maxConnections: number): { resource_monitors: { name: string; typed_config: TypedConfig }[] } {
  return {
    resource_monitors: [
      {
        name: 'envoy.resource_monitors.global_downstream_max_connections',
        typed_config: {
          '@type': typeUrl('envoy.extensions.resource_monitors.downstream_connections.v3.DownstreamConnectionsConfig'),
          max_active_downstream_connections: maxConnections,
        },
      },
    ],
  };
}

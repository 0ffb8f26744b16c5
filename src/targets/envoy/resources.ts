import type { IrGateway } from '../../ir/types.js';
import { buildCluster, usesEds } from './cluster.js';
import { buildLoadAssignment } from './endpoints.js';
import { jwtAuthnConfig } from './filters/jwt-authn.js';
import { adminPort } from './infra.js';
import { buildListener } from './listener.js';
import { buildAdminCluster, buildMetricsListener, buildMetricsRouteConfig } from './metrics.js';
import { HTTP_FILTERS } from './names.js';
import { buildRouteConfig } from './route-config.js';
import { buildSecrets } from './secret.js';
import type { EnvoyResources } from './types.js';

function byName<T>(name: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0);
}

/**
 * Every Envoy resource of a gateway as plain proto3-JSON data, each list sorted by name: what
 * `wsctl serve` sends over xDS. Pure and node-independent: the IR in, the same resources out, no file
 * read. Listeners never contain routes (RDS) nor JWT providers (ECDS), so a route edit changes
 * RouteConfigurations (and the jwt_authn extension config) only.
 */
export function xdsResources(ir: IrGateway): EnvoyResources {
  const metrics = ir.metrics;
  return {
    listeners: [
      ...ir.listeners.map((l) => buildListener(l, ir, { kind: 'rds' }, 'xds')),
      ...(metrics ? [buildMetricsListener(metrics, { kind: 'rds' })] : []),
    ].sort(byName((l) => l.name)),
    routes: [...ir.listeners.map((l) => buildRouteConfig(l, ir)), ...(metrics ? [buildMetricsRouteConfig(metrics)] : [])].sort(byName((r) => r.name)),
    clusters: [...ir.backends.map((b) => buildCluster(b, ir, 'xds')), ...(metrics ? [buildAdminCluster({ socket_address: { address: '127.0.0.1', port_value: adminPort(ir) } })] : [])].sort(byName((c) => c.name)),
    endpoints: ir.backends.filter(usesEds).map(buildLoadAssignment).sort(byName((e) => e.cluster_name)),
    secrets: buildSecrets(ir, null),
    extensions: [{ name: HTTP_FILTERS.jwtAuthn, typed_config: jwtAuthnConfig(ir.authProviders) }],
  };
}

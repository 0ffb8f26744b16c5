import type { Gateway } from '../spec/types.generated.js';
import { lowerAuthProviders } from './passes/auth.js';
import { lowerBackends } from './passes/backends.js';
import { lowerListeners } from './passes/listeners.js';
import { lowerMetrics } from './passes/metrics.js';
import { lowerRoutes } from './passes/routes.js';
import { sortGateway } from './sort.js';
import { toTimeout } from './timeout.js';
import type { IrGateway } from './types.js';

/** A lowering pass: fills some fields of the IR from the spec. Passes run in the order listed below. */
type Pass = (gateway: Gateway, ir: IrGateway) => IrGateway;

const passes: readonly Pass[] = [
  (g, ir) => ({ ...ir, listeners: lowerListeners(g) }),
  (g, ir) => ({ ...ir, backends: lowerBackends(g) }),
  (g, ir) => ({ ...ir, authProviders: lowerAuthProviders(g) }),
  (g, ir) => ({ ...ir, routes: lowerRoutes(g) }),
  (g, ir) => ({
    ...ir,
    limits: { maxConnections: g.spec.limits?.maxConnections ?? 4096, drainTimeout: toTimeout(g.spec.limits?.drainTimeout) },
    accessLog: { enabled: g.spec.accessLog?.enabled ?? true, format: g.spec.accessLog?.format ?? 'json' },
  }),
  (g, ir) => ({ ...ir, metrics: lowerMetrics(g) }),
  (_g, ir) => sortGateway(ir),
];

/** Lowers a validated gateway spec into the IR: ordered passes, then a canonical sort. */
export function lowerGateway(gateway: Gateway): IrGateway {
  const empty: IrGateway = {
    name: gateway.metadata.name,
    listeners: [],
    routes: [],
    backends: [],
    authProviders: [],
    limits: { maxConnections: 4096, drainTimeout: 'default' },
    accessLog: { enabled: true, format: 'json' },
    metrics: null,
  };
  return passes.reduce((ir, pass) => pass(gateway, ir), empty);
}

import type { Gateway } from '../spec/types.generated.js';
import { DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_DRAINING_GENERATIONS, TimeoutDefaults } from './defaults.js';
import type { BundleFiles } from './files.js';
import { lowerAuthProviders } from './passes/auth.js';
import { lowerBackends } from './passes/backends.js';
import { lowerListeners } from './passes/listeners.js';
import { lowerMetrics } from './passes/metrics.js';
import { lowerRoutes } from './passes/routes.js';
import { sortGateway } from './sort.js';
import { toTimeout } from './timeout.js';
import type { IrGateway } from './types.js';

/** A lowering pass: fills some fields of the IR from the spec (and what earlier passes filled). Passes run in the order listed below. */
type Pass = (gateway: Gateway, ir: IrGateway, files: BundleFiles) => IrGateway;

const passes: readonly Pass[] = [
  (g, ir, files) => ({ ...ir, listeners: lowerListeners(g, files) }),
  (g, ir, files) => ({ ...ir, routes: lowerRoutes(g, files) }),
  // after listeners and routes: the affinity cookie's Secure depends on which listeners serve a backend
  (g, ir, files) => ({ ...ir, backends: lowerBackends(g, files, ir.routes, ir.listeners) }),
  (g, ir, files) => ({ ...ir, authProviders: lowerAuthProviders(g, files) }),
  (g, ir) => ({
    ...ir,
    limits: {
      maxConnections: g.spec.limits?.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
      drainTimeout: toTimeout(g.spec.limits?.drainTimeout, TimeoutDefaults.drainTimeoutMs),
      maxDrainingGenerations: g.spec.limits?.maxDrainingGenerations ?? DEFAULT_MAX_DRAINING_GENERATIONS,
    },
    accessLog: { enabled: g.spec.accessLog?.enabled ?? true, format: g.spec.accessLog?.format ?? 'json' },
  }),
  (g, ir) => ({ ...ir, metrics: lowerMetrics(g) }),
  (_g, ir) => sortGateway(ir),
];

/**
 * Lowers a validated gateway and the contents of the files it references into the IR: ordered passes,
 * then a canonical sort. Every default and derived choice is made here, once, for every target.
 */
export function lowerGateway(gateway: Gateway, files: BundleFiles = {}): IrGateway {
  const empty: IrGateway = {
    name: gateway.metadata.name,
    listeners: [],
    routes: [],
    backends: [],
    authProviders: [],
    limits: { maxConnections: DEFAULT_MAX_CONNECTIONS, drainTimeout: TimeoutDefaults.drainTimeoutMs, maxDrainingGenerations: DEFAULT_MAX_DRAINING_GENERATIONS },
    accessLog: { enabled: true, format: 'json' },
    metrics: null,
  };
  return passes.reduce((ir, pass) => pass(gateway, ir, files), empty);
}

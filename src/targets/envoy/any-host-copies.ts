import { Codes } from '../../diag/codes.js';
import type { Diagnostic } from '../../diag/diagnostic.js';
import type { IrGateway } from '../../ir/types.js';
import type { EmitContext } from '../target.js';

/**
 * Copies of any-host routes above which the Envoy target warns. Each copy is a full Route (about 3 KiB
 * of YAML, about 80 KiB of Envoy memory once loaded, measured by bench/scale.mjs anyhost): 10,000
 * copies are about 30 MiB of envoy.yaml and 800 MiB of Envoy.
 */
export const ENVOY_ANY_HOST_COPIES_WARN = 10_000;

/**
 * Envoy picks one virtual host per request and a route cannot be shared between virtual hosts, so each
 * host's virtual host holds its own copy of every route for any host (see route-config.ts): the output
 * grows with hosts × any-host routes. A warning, per listener, when that product is large.
 */
export function anyHostCopyWarnings(ir: IrGateway, ctx: EmitContext): Diagnostic[] {
  return ir.listeners.flatMap((listener) => {
    const routes = ir.routes.filter((r) => r.listeners.includes(listener.name));
    const anyHost = routes.filter((r) => r.hosts.length === 0).length;
    const hosts = new Set(routes.flatMap((r) => r.hosts)).size;
    const copies = anyHost * hosts;
    if (copies <= ENVOY_ANY_HOST_COPIES_WARN) return [];
    return [
      ctx.diagnostic(
        Codes.HOST_LIMIT,
        'warning',
        `target envoy: listener ${listener.name}: ${anyHost} routes for any host are copied into the virtual host of each of ${hosts} host names (${copies} route copies, more than ${ENVOY_ANY_HOST_COPIES_WARN}); envoy.yaml and Envoy's memory grow with that product. Give those routes match.hosts, or move them to their own listener`,
        { element: 'listener', name: listener.name, field: ['name'] },
      ),
    ];
  });
}

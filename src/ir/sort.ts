import type { IrEndpoint, IrGateway, IrRoute } from './types.js';

/** Code-point order, independent of locale: the same bytes on every machine. */
export function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const PATH_TYPE_RANK = { Exact: 0, Prefix: 1, Regex: 2 } as const;

/**
 * Match precedence: exact paths, then prefixes longest first, then regexes in spec order (first match
 * wins for regexes, so their order is the user's). Ties break on hosts then name, so output is stable.
 */
export function compareRoutes(a: IrRoute & { specIndex: number }, b: IrRoute & { specIndex: number }): number {
  const rank = PATH_TYPE_RANK[a.path.type] - PATH_TYPE_RANK[b.path.type];
  if (rank !== 0) return rank;
  if (a.path.type === 'Regex') return a.specIndex - b.specIndex;
  return (
    b.path.value.length - a.path.value.length ||
    byString(a.path.value, b.path.value) ||
    byString(a.hosts.join(','), b.hosts.join(',')) ||
    byString(a.name, b.name)
  );
}

function compareEndpoints(a: IrEndpoint, b: IrEndpoint): number {
  return byString(a.address, b.address) || a.port - b.port;
}

/** Sorts every list of the IR into its canonical order (the last lowering pass). */
export function sortGateway(ir: IrGateway): IrGateway {
  const byName = <T extends { name: string }>(list: T[]): T[] => [...list].sort((a, b) => byString(a.name, b.name));
  const routes = ir.routes.map((route, specIndex) => ({ ...route, specIndex }));
  routes.sort(compareRoutes);
  return {
    ...ir,
    listeners: byName(ir.listeners),
    routes: routes.map(({ specIndex: _drop, ...route }) => route),
    backends: byName(ir.backends).map((b) => ({ ...b, endpoints: [...b.endpoints].sort(compareEndpoints) })),
    authProviders: byName(ir.authProviders),
  };
}

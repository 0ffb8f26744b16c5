import type { IrGateway, IrRoute } from '../../ir/types.js';

/**
 * Routes with the same list share one nginx map: each route's map index is the index of the first route
 * (in IR order) with an identical list, so a list a thousand tenants share is one map, evaluated once.
 */
export interface SharedMapIndex {
  /** Map index per route index (absent: the route has no list). */
  indexOf: Map<number, number>;
  /** The distinct lists: the map index (its first route's index) and the values. */
  maps: { index: number; values: string[] }[];
}

/** One map per distinct list picked from the routes. */
export function sharedMapIndex(routes: readonly IrRoute[], pick: (route: IrRoute) => string[] | null): SharedMapIndex {
  const indexOf = new Map<number, number>();
  const byList = new Map<string, number>();
  const maps: SharedMapIndex['maps'] = [];
  routes.forEach((route, i) => {
    const values = pick(route);
    if (!values) return;
    const key = JSON.stringify(values);
    let index = byList.get(key);
    if (index === undefined) {
      index = i;
      byList.set(key, i);
      maps.push({ index, values });
    }
    indexOf.set(i, index);
  });
  return { indexOf, maps };
}

/** The shared Origin and bearer-token maps of a gateway. */
export interface SharedMaps {
  /** Origin allowlists. */
  origins: SharedMapIndex;
  /** Static bearer token lists. */
  tokens: SharedMapIndex;
}

/** Origin and token maps, one per distinct list. */
export function buildSharedMaps(ir: IrGateway): SharedMaps {
  return {
    origins: sharedMapIndex(ir.routes, (r) => r.allowedOrigins),
    tokens: sharedMapIndex(ir.routes, (r) => (r.auth.type === 'bearer' ? r.auth.tokens : null)),
  };
}

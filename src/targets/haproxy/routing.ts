import type { IrGateway } from '../../ir/types.js';
import type { OutputFile } from '../target.js';
import { HAPROXY_DIR, type HelperRefs } from './helper-files.js';
import { backendName, frontendName } from './names.js';
import { groupPolicies, type RoutePolicy } from './policies.js';
import { argToken, mapKey, mapValue } from './quote.js';
import { buildRouteMaps, renderMapFile, type MapFile, type RouteMaps } from './route-maps.js';

/** Folder of a frontend's route maps, relative to haproxy.cfg. */
export const routeMapDir = (listener: string): string => `maps/${frontendName(argToken(listener, 'listener name'))}`;

/** How requests find their route, checks and backend: map files plus the policies their rules test. */
export interface GatewayRouting {
  /** Shared pattern and key files the rules refer to. */
  refs: HelperRefs;
  /** Route maps per listener name. */
  routeMaps: Map<string, RouteMaps>;
  /** Routes grouped by their checks. */
  policies: RoutePolicy[];
  /** Route -> policy, or null when no route has a check. */
  policyMap: MapFile | null;
  /** Route -> backend proxy name (use_backend looks it up). */
  backendMap: MapFile;
}

/** The routing of a whole gateway, decided once for every frontend. */
export function buildRouting(ir: IrGateway, refs: HelperRefs): GatewayRouting {
  const routeMaps = new Map<string, RouteMaps>();
  for (const listener of ir.listeners) {
    routeMaps.set(listener.name, buildRouteMaps(ir.routes.filter((r) => r.listeners.includes(listener.name)), routeMapDir(listener.name)));
  }
  const { policies, map: policyMap } = groupPolicies(ir.routes, refs.origins, refs.tokens, 'maps/policies.map');
  const backendMap: MapFile = {
    path: 'maps/backends.map',
    title: 'route -> backend',
    entries: ir.routes.map((r) => [mapKey(r.name, 'route name'), mapValue(backendName(r.backend), 'backend name')]),
  };
  return { refs, routeMaps, policies, policyMap, backendMap };
}

/** Every map file of the routing, as output files under the haproxy folder. */
export function routingFiles(routing: GatewayRouting): OutputFile[] {
  const maps: MapFile[] = [routing.backendMap];
  if (routing.policyMap) maps.push(routing.policyMap);
  for (const m of routing.routeMaps.values()) for (const file of [m.hosts, m.wildcards, m.exact, m.prefix]) if (file) maps.push(file);
  return maps.map((m) => ({ path: `${HAPROXY_DIR}/${m.path}`, content: renderMapFile(m) }));
}

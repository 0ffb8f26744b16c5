import type { IrRoute } from '../../ir/types.js';
import type { MapFile } from './route-maps.js';
import { mapKey, mapValue } from './quote.js';

/** Pattern files shared by routes with the same list: route name -> file path, one file per distinct list. */
export interface SharedLists {
  /** Path (relative to haproxy.cfg) of each route's list file. */
  pathOf: Map<string, string>;
  /** Each distinct list once: its path and its values. */
  files: { path: string; values: string[] }[];
}

/**
 * One pattern file per distinct list, named after the first route (in IR order) that has it, so a
 * list that a thousand tenants share is written, loaded and kept in memory once.
 */
export function sharedLists(routes: IrRoute[], pick: (route: IrRoute) => string[] | null, dir: string): SharedLists {
  const pathOf = new Map<string, string>();
  const byList = new Map<string, string>();
  const files: SharedLists['files'] = [];
  for (const route of routes) {
    const values = pick(route);
    if (!values) continue;
    const key = JSON.stringify(values);
    let path = byList.get(key);
    if (!path) {
      path = `${dir}/${route.name}.lst`;
      byList.set(key, path);
      files.push({ path, values });
    }
    pathOf.set(route.name, path);
  }
  return { pathOf, files };
}

/** Routes that share every per-route check (426, Origin list, limits, auth): their rules are emitted once. */
export interface RoutePolicy {
  /** Value of the route -> policy map. */
  id: string;
  /** ACL true for a request on a route of this policy. */
  acl: string;
  /** The first member: its settings are every member's. */
  route: IrRoute;
  /** Names of the member routes. */
  members: Set<string>;
}

/** What a route's checks depend on; null for a route with none. */
function policySignature(route: IrRoute, origins: SharedLists, tokens: SharedLists): string | null {
  const parts = {
    reject: route.websocket.plainHttp === 'reject',
    origins: origins.pathOf.get(route.name) ?? null,
    limit: route.rateLimit,
    auth: route.auth.type === 'jwt' ? `jwt:${route.auth.provider}` : route.auth.type === 'bearer' ? `bearer:${tokens.pathOf.get(route.name) ?? ''}` : null,
  };
  if (!parts.reject && !parts.origins && !parts.limit && !parts.auth) return null;
  return JSON.stringify(parts);
}

/** Routes grouped by their checks, in IR order of each group's first route, and the route -> policy map. */
export function groupPolicies(routes: IrRoute[], origins: SharedLists, tokens: SharedLists, path: string): { policies: RoutePolicy[]; map: MapFile | null } {
  const bySignature = new Map<string, RoutePolicy>();
  const entries: [string, string][] = [];
  for (const route of routes) {
    const signature = policySignature(route, origins, tokens);
    if (signature === null) continue;
    let policy = bySignature.get(signature);
    if (!policy) {
      const n = bySignature.size;
      policy = { id: `p${n}`, acl: `wsctl_policy_${n}`, route, members: new Set() };
      bySignature.set(signature, policy);
    }
    policy.members.add(route.name);
    entries.push([mapKey(route.name, 'route name'), mapValue(policy.id, 'policy')]);
  }
  const map = entries.length ? { path, title: 'route -> the policy (426, Origin, limits, auth) its checks share', entries } : null;
  return { policies: [...bySignature.values()], map };
}

import type { IrRoute } from '../../ir/types.js';
import { mapKey, mapValue } from './quote.js';

/** A haproxy map file: its path relative to haproxy.cfg and its key/value lines in file order. */
export interface MapFile {
  /** Path relative to haproxy.cfg (and to the haproxy output folder). */
  path: string;
  /** What the file maps, for its header comment. */
  title: string;
  /** Key and value per line, in lookup order. */
  entries: [string, string][];
}

/** Separates a host class from the request path in the lookup key; class ids never contain it. */
export const CLASS_SEPARATOR = '@';

/**
 * How one frontend picks its route with a few map lookups instead of a rule per route. A request's
 * host selects a host class (the routes that can serve that host, in IR order); `class@path` is then
 * looked up among the exact paths of the class, then its prefixes (longest first: haproxy keeps
 * prefixes in a tree and returns the longest match). Regex routes, which the IR orders after every
 * exact path and prefix, stay ordinary rules evaluated after the maps.
 */
export interface RouteMaps {
  /** Exact host -> class, or null when no route names an exact host. */
  hosts: MapFile | null;
  /** Host suffix of a `*.` wildcard -> class, longest first, or null without wildcards. */
  wildcards: MapFile | null;
  /** Class of a host no route names (the any-host routes), or null when there are none. */
  defaultClass: string | null;
  /** `class@path` -> route name for Exact paths, or null when there are none. */
  exact: MapFile | null;
  /** `class@prefix` -> route name for Prefix paths, longest first, or null when there are none. */
  prefix: MapFile | null;
  /** Regex routes, in IR order: matched by rules after the maps. */
  regexRoutes: IrRoute[];
}

const mapFile = (path: string, title: string, entries: [string, string][]): MapFile | null => (entries.length ? { path, title, entries } : null);

/** Every suffix of a host that starts at a dot (".b.example.com", ".example.com", ".com"), longest first. */
function dotSuffixes(host: string): string[] {
  const out: string[] = [];
  for (let i = host.indexOf('.'); i >= 0; i = host.indexOf('.', i + 1)) out.push(host.slice(i));
  return out;
}

/** Appends a route index to a list in a map of lists. */
function push(index: Map<string, number[]>, key: string, value: number): void {
  const list = index.get(key);
  if (list) list.push(value);
  else index.set(key, [value]);
}

/**
 * The route maps of one frontend. `routes` are the frontend's routes in IR order (exact paths, then
 * prefixes longest first, then regexes); `dir` is the folder of its map files. Linear in the routes
 * and hosts, plus the any-host routes once per distinct host class.
 */
export function buildRouteMaps(routes: IrRoute[], dir: string): RouteMaps {
  const regexRoutes = routes.filter((r) => r.path.type === 'Regex');
  const plain = routes.filter((r) => r.path.type !== 'Regex');
  const byHost = new Map<string, number[]>();
  const bySuffix = new Map<string, number[]>();
  const anyHost: number[] = [];
  plain.forEach((route, i) => {
    if (!route.hosts.length) anyHost.push(i);
    for (const host of new Set(route.hosts)) {
      if (host.startsWith('*.')) push(bySuffix, host.slice(1), i);
      else push(byHost, host, i);
    }
  });
  // a class is an ordered set of routes; hosts that reach the same routes share it
  const classes = new Map<string, { id: string; members: number[] }>();
  const classOf = (members: number[]): string => {
    const sorted = [...new Set(members)].sort((a, b) => a - b);
    const key = sorted.join(',');
    let found = classes.get(key);
    if (!found) {
      found = { id: `c${classes.size}`, members: sorted };
      classes.set(key, found);
    }
    return found.id;
  };
  const wildcardMembers = (host: string): number[] => dotSuffixes(host).flatMap((s) => bySuffix.get(s) ?? []);
  const hostEntries: [string, string][] = [...byHost.keys()].sort().map((host) => [mapKey(host, 'host'), classOf([...(byHost.get(host) ?? []), ...wildcardMembers(host), ...anyHost])]);
  const suffixes = [...bySuffix.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  const wildcardEntries: [string, string][] = suffixes.map((suffix) => [mapKey(suffix, 'host suffix'), classOf([...wildcardMembers(suffix), ...anyHost])]);
  const defaultClass = anyHost.length ? classOf(anyHost) : null;
  const exact: [string, string][] = [];
  const prefix: [string, string][] = [];
  const seen = new Set<string>();
  for (const { id, members } of classes.values()) {
    for (const i of members) {
      const route = plain[i];
      if (!route) continue;
      const key = mapKey(`${id}${CLASS_SEPARATOR}${route.path.value}`, 'route path');
      // two routes of one class with the same path: the first in IR order wins, as it did rule by rule
      const seenKey = `${route.path.type} ${key}`;
      if (seen.has(seenKey)) continue;
      seen.add(seenKey);
      (route.path.type === 'Exact' ? exact : prefix).push([key, mapValue(route.name, 'route name')]);
    }
  }
  // longest prefix first, so that the file reads in match order (haproxy's prefix tree picks the longest)
  prefix.sort((a, b) => b[0].length - a[0].length || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return {
    hosts: mapFile(`${dir}/hosts.map`, 'exact request host (lower case, without port) -> host class', hostEntries),
    wildcards: mapFile(`${dir}/wildcards.map`, 'host suffix of a *. wildcard -> host class, longest first', wildcardEntries),
    defaultClass,
    exact: mapFile(`${dir}/exact.map`, 'host class @ exact path -> route', exact),
    prefix: mapFile(`${dir}/prefix.map`, 'host class @ path prefix -> route, longest first', prefix),
    regexRoutes,
  };
}

/** A map file's text: a header comment, then one `key value` line per entry. */
export function renderMapFile(map: MapFile): string {
  return `# Generated by wsctl: ${map.title}\n${map.entries.map(([k, v]) => `${k} ${v}\n`).join('')}`;
}

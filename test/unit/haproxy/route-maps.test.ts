/**
 * The haproxy route maps choose the same route as the IR's precedence (the first route in IR order whose
 * host and path match), checked on random overlapping route sets against a model of haproxy's lookups:
 * map_str (exact key), map_end and map_beg (first matching line in file order).
 */
import { describe, expect, it } from 'vitest';
import { compareRoutes } from '../../../src/ir/sort.js';
import type { IrRoute } from '../../../src/ir/types.js';
import { buildRouteMaps, CLASS_SEPARATOR, type MapFile } from '../../../src/targets/haproxy/route-maps.js';
import { createRandom } from '../../property/random.js';

const HOSTS = ['a.test', 'b.a.test', 'x.b.a.test', '*.a.test', '*.b.a.test', 'c.test'];
const PATHS = ['/', '/ws', '/ws/x', '/w', '/feed'];
const REQUEST_HOSTS = ['a.test', 'b.a.test', 'x.b.a.test', 'y.a.test', 'z.b.a.test', 'c.test', 'other.test', ''];
const REQUEST_PATHS = ['/', '/ws', '/ws/x', '/ws/xy', '/wsx', '/w', '/feed', '/feed/1', '/other', '/rooms/7'];

function route(name: string, hosts: string[], type: IrRoute['path']['type'], value: string): IrRoute {
  return {
    name,
    listeners: ['public'],
    hosts: [...hosts].sort(),
    path: { type, value },
    backend: 'app',
    websocket: { idleTimeout: 'off', maxDuration: 'off', handshakeTimeout: 'off', handshakeTimeoutExplicit: false, plainHttp: 'reject' },
    allowedOrigins: null,
    auth: { type: 'none' },
    rateLimit: null,
  } as IrRoute;
}

const hostMatches = (route: IrRoute, host: string): boolean =>
  route.hosts.length === 0 || route.hosts.some((h) => (h.startsWith('*.') ? host.endsWith(h.slice(1)) : h === host));
const pathMatches = (route: IrRoute, path: string): boolean =>
  route.path.type === 'Exact' ? path === route.path.value : route.path.type === 'Prefix' ? path.startsWith(route.path.value) : new RegExp(route.path.value).test(path);

/** What the IR says: the first route in IR order matching host and path. */
const reference = (routes: IrRoute[], host: string, path: string): string | undefined => routes.find((r) => hostMatches(r, host) && pathMatches(r, path))?.name;

const lookup = (map: MapFile | null, match: (key: string) => boolean): string | undefined => map?.entries.find(([key]) => match(key))?.[1];

/** What haproxy does with the maps (and the rules of the regex routes after them). */
function viaMaps(routes: IrRoute[], host: string, path: string): string | undefined {
  const maps = buildRouteMaps(routes, 'maps/fe-public');
  const cls = lookup(maps.hosts, (k) => k === host) ?? lookup(maps.wildcards, (k) => host.endsWith(k)) ?? maps.defaultClass ?? undefined;
  const key = cls === undefined ? undefined : `${cls}${CLASS_SEPARATOR}${path}`;
  const chosen = key === undefined ? undefined : (lookup(maps.exact, (k) => k === key) ?? lookup(maps.prefix, (k) => key.startsWith(k)));
  return chosen ?? maps.regexRoutes.find((r) => hostMatches(r, host) && pathMatches(r, path))?.name;
}

describe('haproxy route maps', () => {
  it('choose the route the IR precedence chooses, on 300 random overlapping route sets', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rnd = createRandom(seed);
      const routes = Array.from({ length: rnd.int(1, 12) }, (_, i) => {
        const type = rnd.weighted<IrRoute['path']['type']>([[3, () => 'Prefix'], [2, () => 'Exact'], [1, () => 'Regex']]);
        const value = type === 'Regex' ? rnd.pick(['^/rooms/[0-9]+$', '/w', '^/feed']) : rnd.pick(PATHS);
        return { ...route(`r${i}`, rnd.chance(0.3) ? [] : rnd.subset(HOSTS, 1).slice(0, 3), type, value), specIndex: i };
      });
      routes.sort(compareRoutes);
      for (const host of REQUEST_HOSTS) {
        for (const path of REQUEST_PATHS) {
          expect(viaMaps(routes, host, path), `seed ${seed}: ${host}${path}`).toBe(reference(routes, host, path));
        }
      }
    }
  });

  it('refuses a path or host that would split a map line', () => {
    expect(() => buildRouteMaps([route('r', [], 'Prefix', '/a b')], 'maps/x')).toThrow(/map key/);
    expect(() => buildRouteMaps([route('r', ['a.test\nb.test'], 'Prefix', '/')], 'maps/x')).toThrow(/map key/);
    expect(() => buildRouteMaps([route('r', ['#a.test'], 'Prefix', '/')], 'maps/x')).toThrow(/map key/);
  });
});

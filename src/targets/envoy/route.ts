import type { IrBackend, IrCookiePolicy, IrGateway, IrPathMatch, IrRoute } from '../../ir/types.js';
import { timeoutOrZero, msToDuration } from './duration.js';
import { carriesCookie, hashPolicy, setAffinityCookie } from './hash-policy.js';
import { perRouteFilterConfig } from './http-filters.js';
import { clusterName } from './names.js';
import type { Route, RouteAction, RouteMatch } from './types.js';

/** `Upgrade: websocket`, any case; any other Upgrade value (h2c, ...) never reaches this route. */
const UPGRADE_WEBSOCKET = { name: 'upgrade', string_match: { exact: 'websocket', ignore_case: true } };
const ANY_UPGRADE = { name: 'upgrade', present_match: true };

/**
 * Envoy's safe_regex must match the whole path, while a spec regex is searched in it (as nginx and
 * HAProxy do): keep the user's anchors and pad the unanchored ends with `.*`.
 */
export function searchToFullMatch(regex: string): string {
  const start = regex.startsWith('^');
  const end = regex.endsWith('$') && !regex.endsWith('\\$');
  const body = regex.slice(start ? 1 : 0, end ? -1 : undefined);
  return `${start ? '' : '.*'}(?:${body})${end ? '' : '.*'}`;
}

/** The path part of a route match. */
export function pathMatch(path: IrPathMatch): RouteMatch {
  switch (path.type) {
    case 'Prefix':
      return { prefix: path.value };
    case 'Exact':
      return { path: path.value };
    case 'Regex':
      return { safe_regex: { regex: searchToFullMatch(path.value) } };
  }
}

function action(route: IrRoute, backend: IrBackend | undefined, upgrade: boolean): RouteAction {
  const ws = route.websocket;
  const hash = hashPolicy(backend?.affinity ?? null);
  return {
    cluster: clusterName(route.backend),
    // upgrades: bounds the wait for the backend's answer (the 101); Envoy >= 1.36 disarms it once
    // upgraded (envoy#41075). Plain requests (long-polling holds them open) wait up to idleTimeout.
    timeout: timeoutOrZero(upgrade ? ws.handshakeTimeout : ws.idleTimeout),
    idle_timeout: timeoutOrZero(ws.idleTimeout),
    ...(typeof ws.maxDuration === 'number' ? { max_stream_duration: { max_stream_duration: msToDuration(ws.maxDuration) } } : {}),
    ...(upgrade ? { upgrade_configs: [{ upgrade_type: 'websocket' }] } : {}),
    ...(hash ? { hash_policy: hash } : {}),
  };
}

function withFilters(route: Route, filters: Record<string, unknown>): Route {
  return Object.keys(filters).length ? { ...route, typed_per_filter_config: filters as Route['typed_per_filter_config'] } : route;
}

/**
 * The Envoy routes of one spec route, in match order:
 * 1. `Upgrade: websocket` → the backend, with upgrades enabled on this route only;
 * 2. any other Upgrade → 403 (no h2c or other protocol smuggled through);
 * 3. everything else → 426 Upgrade Required (plainHttp: reject) or the backend without upgrades (proxy).
 */
export function buildRoutes(route: IrRoute, ir: IrGateway, tokens: readonly string[]): Route[] {
  const backend = ir.backends.find((b) => b.name === route.backend);
  const path = pathMatch(route.path);
  const socket = withFilters(
    { name: route.name, match: { ...path, headers: [UPGRADE_WEBSOCKET] }, route: action(route, backend, true) },
    perRouteFilterConfig(route, ir, tokens, true),
  );
  const otherUpgrade: Route = {
    name: `${route.name}/other-upgrade`,
    match: { ...path, headers: [ANY_UPGRADE] },
    direct_response: { status: 403, body: { inline_string: 'only WebSocket upgrades are accepted here\n' } },
  };
  const plain: Route =
    route.websocket.plainHttp === 'reject'
      ? {
          name: `${route.name}/plain-http`,
          match: path,
          direct_response: { status: 426, body: { inline_string: 'this endpoint accepts WebSocket connections only\n' } },
          response_headers_to_add: [{ header: { key: 'upgrade', value: 'websocket' }, append_action: 'OVERWRITE_IF_EXISTS_OR_ADD' }],
        }
      : withFilters({ name: `${route.name}/plain-http`, match: path, route: action(route, backend, false) }, perRouteFilterConfig(route, ir, tokens, false));
  const cookie = backend?.affinity?.type === 'cookie' ? backend.affinity : null;
  return cookie ? [...withAffinityCookie(socket, cookie), otherUpgrade, ...(plain.route ? withAffinityCookie(plain, cookie) : [plain])] : [socket, otherUpgrade, plain];
}

/**
 * A proxying route of a cookie-affinity backend as two: with the cookie (hashed), and without it (the
 * client IP is hashed and becomes the cookie Envoy sets, on the 101 or on a long-polling response).
 */
function withAffinityCookie(route: Route, cookie: IrCookiePolicy): Route[] {
  const headers = route.match.headers ?? [];
  return [
    { ...route, match: { ...route.match, headers: [...headers, carriesCookie(cookie)] } },
    { ...route, name: `${route.name}/new-cookie`, response_headers_to_add: [...(route.response_headers_to_add ?? []), setAffinityCookie(cookie)] },
  ];
}

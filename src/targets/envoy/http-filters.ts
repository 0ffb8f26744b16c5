import type { IrGateway, IrRoute } from '../../ir/types.js';
import { headerMutationFilter, headerMutationPerRoute } from './filters/header-mutation.js';
import { jwtAuthnFilter, jwtAuthnPerRoute } from './filters/jwt-authn.js';
import { localRateLimitFilter, localRateLimitPerRoute } from './filters/local-ratelimit.js';
import { bearerFilters, bearerPerRoute, rbacFilter, rbacPerRoute } from './filters/rbac.js';
import { routerFilter } from './filters/router.js';
import { HTTP_FILTERS } from './names.js';
import type { SecretMode } from './secret.js';
import type { NetworkFilter, TypedConfig } from './types.js';

/**
 * The HTTP filter chain of every listener, in order. Decided here and nowhere else:
 * 1. header_mutation: strip client-sent copies of JWT claim headers (before jwt_authn sets them);
 * 2. local_ratelimit: count handshakes before any other work (like nginx's preaccess phase);
 * 3. rbac: Origin allowlist (cheap, 403);
 * 4. wsctl.bearer_tokens_probe and wsctl.bearer_tokens, two more rbac: static tokens (401 through the
 *    local reply mapper; the probe runs after the Origin check so that an Origin refusal stays 403);
 * 5. jwt_authn: token verification (401); over xDS always present with its config from ECDS, in the
 *    static file only when some route uses a JWT provider;
 * 6. router.
 * Over xDS every filter is present whatever the routes say, with route-level config only in
 * typed_per_filter_config, so toggling a policy on a route changes RDS (and ECDS) and never the Listener.
 */
export function httpFilters(ir: IrGateway, mode: SecretMode): NetworkFilter[] {
  const jwt = jwtAuthnFilter(ir.authProviders, mode);
  return [headerMutationFilter(), localRateLimitFilter(), rbacFilter(), ...bearerFilters(), ...(jwt ? [jwt] : []), routerFilter()];
}

/** What the WebSocket route of `route` configures per filter, keyed by filter name (only filters it uses). */
export function perRouteFilterConfig(route: IrRoute, ir: IrGateway, tokens: readonly string[], handshake: boolean): Record<string, TypedConfig> {
  const entries: [string, TypedConfig | undefined][] = [
    [HTTP_FILTERS.headerMutation, headerMutationPerRoute(route, ir.authProviders)],
    // only upgrades count as handshakes; plain requests on a proxy route are not limited
    [HTTP_FILTERS.localRateLimit, handshake ? localRateLimitPerRoute(route) : undefined],
    // plain requests may come without Origin: browsers send none on same-origin GETs
    [HTTP_FILTERS.rbac, rbacPerRoute(route, handshake)],
    ...Object.entries(bearerPerRoute(route, tokens)),
    [HTTP_FILTERS.jwtAuthn, jwtAuthnPerRoute(route)],
  ];
  const out: Record<string, TypedConfig> = {};
  for (const [name, config] of entries) if (config) out[name] = config;
  return out;
}

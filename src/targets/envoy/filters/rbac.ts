import type { IrRoute } from '../../../ir/types.js';
import { HTTP_FILTERS, typeUrl } from '../names.js';
import type { NetworkFilter, TypedConfig } from '../types.js';

type Principal = Record<string, unknown>;

/**
 * Name of the DENY policy that refuses a request without a listed static token. Envoy 1.40's RBAC filter
 * writes its dynamic metadata only after its 403 went out, too late for the local reply mapper; so a
 * first RBAC instance holds the policy as a shadow rule only (it records the match in
 * envoy.filters.http.rbac / shadow_effective_policy_id and lets the request through), and the next one
 * enforces it. The mapper turns a 403 with that record into the 401 the other targets answer
 * (local-reply.ts).
 */
export const BEARER_POLICY = 'wsctl-bearer-token';

const RBAC = typeUrl('envoy.extensions.filters.http.rbac.v3.RBAC');
const RBAC_PER_ROUTE = typeUrl('envoy.extensions.filters.http.rbac.v3.RBACPerRoute');

/** The Origin RBAC filter with no rules (allows everything): routes carry their own policy. */
export function rbacFilter(): NetworkFilter {
  return { name: HTTP_FILTERS.rbac, typed_config: { '@type': RBAC } };
}

/** The two RBAC filters for static bearer tokens (shadow probe, then enforcement), after the Origin one, without rules of their own. */
export function bearerFilters(): NetworkFilter[] {
  return [HTTP_FILTERS.bearerProbe, HTTP_FILTERS.bearer].map((name) => ({ name, typed_config: { '@type': RBAC } }));
}

/**
 * Any of the exact values of one header. Envoy matches a repeated header against its values joined
 * with ",", so a duplicated Origin (or "a, b" in one header) never equals an allowed value: refused.
 */
function headerIsOneOf(header: string, values: readonly string[]): Principal {
  return { or_ids: { ids: values.map((exact) => ({ header: { name: header, string_match: { exact } } })) } };
}

/** No such header at all. */
function headerAbsent(header: string): Principal {
  return { not_id: { header: { name: header, present_match: true } } };
}

/**
 * Per route: an ALLOW policy requiring an allowed Origin (403 otherwise). CORS does not protect
 * WebSockets, so the Origin check has to be an access rule. An upgrade (the `handshake` route) needs an
 * allowed Origin; a plain request passes without one (same-origin browser GETs send none) and is
 * refused only with a wrong or repeated one.
 */
export function rbacPerRoute(route: IrRoute, handshake: boolean): TypedConfig | undefined {
  if (!route.allowedOrigins) return undefined;
  const allowed = headerIsOneOf('origin', route.allowedOrigins);
  const principal = handshake ? allowed : { or_ids: { ids: [headerAbsent('origin'), allowed] } };
  return {
    '@type': RBAC_PER_ROUTE,
    rbac: { rules: { action: 'ALLOW', policies: { [route.name]: { permissions: [{ any: true }], principals: [principal] } } } },
  };
}

/**
 * Per route, keyed by filter name: a DENY policy matching any request whose Authorization is not
 * "Bearer <listed token>", as a shadow rule in the probe and enforced in the next filter (401).
 */
export function bearerPerRoute(route: IrRoute, tokens: readonly string[]): Record<string, TypedConfig> {
  if (route.auth.type !== 'bearer') return {};
  const listed = headerIsOneOf('authorization', tokens.map((t) => `Bearer ${t}`));
  const rules = { action: 'DENY', policies: { [BEARER_POLICY]: { permissions: [{ any: true }], principals: [{ not_id: listed }] } } };
  return {
    [HTTP_FILTERS.bearerProbe]: { '@type': RBAC_PER_ROUTE, rbac: { shadow_rules: rules } },
    [HTTP_FILTERS.bearer]: { '@type': RBAC_PER_ROUTE, rbac: { rules } },
  };
}

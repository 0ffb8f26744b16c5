import type { IrRoute } from '../../../ir/types.js';
import { HTTP_FILTERS, typeUrl } from '../names.js';
import type { NetworkFilter, TypedConfig } from '../types.js';

type Principal = Record<string, unknown>;

/** The RBAC filter with no rules (allows everything): routes carry their own policy. */
export function rbacFilter(): NetworkFilter {
  return { name: HTTP_FILTERS.rbac, typed_config: { '@type': typeUrl('envoy.extensions.filters.http.rbac.v3.RBAC') } };
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
 * Per route: an ALLOW policy requiring an allowed Origin and/or a known static token (403 otherwise).
 * CORS does not protect WebSockets, so the Origin check has to be an access rule. An upgrade (the
 * `handshake` route) needs an allowed Origin; a plain request passes without one (same-origin browser
 * GETs send none) and is refused only with a wrong or repeated one.
 */
export function rbacPerRoute(route: IrRoute, tokens: readonly string[], handshake: boolean): TypedConfig | undefined {
  const principals: Principal[] = [];
  if (route.allowedOrigins) {
    const allowed = headerIsOneOf('origin', route.allowedOrigins);
    principals.push(handshake ? allowed : { or_ids: { ids: [headerAbsent('origin'), allowed] } });
  }
  if (route.auth.type === 'bearer') principals.push(headerIsOneOf('authorization', tokens.map((t) => `Bearer ${t}`)));
  if (!principals.length) return undefined;
  const principal = principals.length === 1 ? (principals[0] as Principal) : { and_ids: { ids: principals } };
  return {
    '@type': typeUrl('envoy.extensions.filters.http.rbac.v3.RBACPerRoute'),
    rbac: { rules: { action: 'ALLOW', policies: { [route.name]: { permissions: [{ any: true }], principals: [principal] } } } },
  };
}

import type { IrJwtProvider, IrRoute } from '../../../ir/types.js';
import { HTTP_FILTERS, typeUrl } from '../names.js';
import type { NetworkFilter, TypedConfig } from '../types.js';

/** The header_mutation filter with no mutations of its own: routes add theirs (keeps the listener route-free). */
export function headerMutationFilter(): NetworkFilter {
  return { name: HTTP_FILTERS.headerMutation, typed_config: { '@type': typeUrl('envoy.extensions.filters.http.header_mutation.v3.HeaderMutation') } };
}

/**
 * Per route: removes client-sent copies of the headers JWT claims are forwarded in, before jwt_authn
 * adds the verified values, so a client cannot smuggle its own X-User-Id past the gateway.
 */
export function headerMutationPerRoute(route: IrRoute, providers: readonly IrJwtProvider[]): TypedConfig | undefined {
  if (route.auth.type !== 'jwt') return undefined;
  const providerName = route.auth.provider;
  const provider = providers.find((p) => p.name === providerName);
  const headers = [...new Set((provider?.forwardClaims ?? []).map((c) => c.header.toLowerCase()))].sort();
  if (!headers.length) return undefined;
  return {
    '@type': typeUrl('envoy.extensions.filters.http.header_mutation.v3.HeaderMutationPerRoute'),
    mutations: { request_mutations: headers.map((remove) => ({ remove })) },
  };
}

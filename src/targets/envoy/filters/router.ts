import { HTTP_FILTERS, typeUrl } from '../names.js';
import type { NetworkFilter } from '../types.js';

/** The router, last in the chain; x-envoy-* headers stay inside the gateway. */
export function routerFilter(): NetworkFilter {
  return { name: HTTP_FILTERS.router, typed_config: { '@type': typeUrl('envoy.extensions.filters.http.router.v3.Router'), suppress_envoy_headers: true } };
}

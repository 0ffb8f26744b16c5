import type { IrRoute } from '../../../ir/types.js';
import { HTTP_FILTERS, typeUrl } from '../names.js';
import type { NetworkFilter, TypedConfig } from '../types.js';

const LOCAL_RATE_LIMIT = 'envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit';

/** Always 100%: the runtime fraction defaults to 0% (filter off) when left out. */
function fullyOn(key: string): { runtime_key: string; default_value: { numerator: number; denominator: 'HUNDRED' } } {
  return { runtime_key: key, default_value: { numerator: 100, denominator: 'HUNDRED' } };
}

/** The local_ratelimit filter without a bucket of its own: it only acts on routes that configure one. */
export function localRateLimitFilter(): NetworkFilter {
  return { name: HTTP_FILTERS.localRateLimit, typed_config: { '@type': typeUrl(LOCAL_RATE_LIMIT), stat_prefix: 'wsctl_handshakes' } };
}

/**
 * Per WebSocket route: a token bucket of handshakesPerSecondPerClient (+ burst) per second. Envoy's
 * local rate limit cannot key buckets by client IP (descriptor values must be literals in this API),
 * so the bucket is shared by every client of the route: the degraded fallback the capability table declares.
 */
export function localRateLimitPerRoute(route: IrRoute): TypedConfig | undefined {
  const rate = route.rateLimit?.handshakesPerSecondPerClient;
  if (!rate) return undefined;
  return {
    '@type': typeUrl(LOCAL_RATE_LIMIT),
    stat_prefix: `wsctl_handshakes_${route.name.replace(/-/g, '_')}`,
    token_bucket: { max_tokens: rate + (route.rateLimit?.burst ?? 0), tokens_per_fill: rate, fill_interval: '1s' },
    filter_enabled: fullyOn('wsctl.handshake_limit.enabled'),
    filter_enforced: fullyOn('wsctl.handshake_limit.enforced'),
  };
}

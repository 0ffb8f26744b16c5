import type { IrJwtProvider, IrPublicKey, IrRoute } from '../../../ir/types.js';
import { HTTP_FILTERS, typeUrl } from '../names.js';
import { ADS, type SecretMode } from '../secret.js';
import type { NetworkFilter, TypedConfig } from '../types.js';

/** The HS256 secret as a one-key JWKS (kty oct): jwt_authn reads HMAC keys only that way. */
export function hmacJwks(secret: string): string {
  return JSON.stringify({ keys: [{ kty: 'oct', alg: 'HS256', k: Buffer.from(secret, 'utf8').toString('base64url') }] });
}

/** The provider's public keys as a compact JWKS (public members only, parsed once in lowering). */
function inlineJwks(keys: readonly IrPublicKey[]): string {
  return JSON.stringify({ keys: keys.map((k) => k.jwk) });
}

/**
 * Dynamic-metadata key (namespace envoy.filters.http.jwt_authn) where jwt_authn writes why a token
 * failed. jwt_authn answers 403 for a wrong audience and 401 otherwise; the local reply mapper turns
 * any of its 403s into 401, what the other targets answer for every invalid token (local-reply.ts).
 */
export const JWT_FAILURE_METADATA = 'wsctl_jwt_failure';

function provider(p: IrJwtProvider): Record<string, unknown> {
  const keys = p.keys.type === 'hmac' ? hmacJwks(p.keys.secret) : inlineJwks(p.keys.keys);
  const headers = p.tokenFrom.filter((s) => s.type === 'header');
  const params = p.tokenFrom.filter((s) => s.type === 'queryParam');
  return {
    issuer: p.issuer,
    ...(p.audiences.length ? { audiences: p.audiences } : {}),
    require_expiration: true,
    local_jwks: { inline_string: keys },
    ...(headers.length
      ? { from_headers: headers.map((h) => (h.type === 'header' && h.bearer ? { name: h.name, value_prefix: 'Bearer ' } : { name: h.name })) }
      : {}),
    ...(params.length ? { from_params: params.map((q) => q.name) } : {}),
    // the backend sees the same Authorization header it would behind the other targets
    forward: true,
    clock_skew_seconds: Math.ceil(p.clockSkewMs / 1000),
    failed_status_in_metadata: JWT_FAILURE_METADATA,
    ...(p.forwardClaims.length ? { claim_to_headers: p.forwardClaims.map((c) => ({ header_name: c.header, claim_name: c.claim })) } : {}),
  };
}

/** Type URL of the jwt_authn filter config. */
const JWT_AUTHENTICATION = typeUrl('envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication');

/**
 * The jwt_authn config: every provider a route uses and one named requirement per provider; routes
 * pick theirs by name (an unknown name is refused with 403 by Envoy, so it fails closed).
 */
export function jwtAuthnConfig(providers: readonly IrJwtProvider[]): TypedConfig {
  const byName: Record<string, unknown> = {};
  const requirements: Record<string, unknown> = {};
  for (const p of providers) {
    byName[p.name] = provider(p);
    requirements[p.name] = { provider_name: p.name };
  }
  return { '@type': JWT_AUTHENTICATION, ...(providers.length ? { providers: byName, requirement_map: requirements } : {}) };
}

/**
 * The jwt_authn filter of a listener. Over xDS its config comes from ECDS (an extension config named
 * after the filter), present whether or not a route uses JWT: providers and keys then change without
 * touching the Listener, which Envoy would drain. The static file inlines it, only when needed.
 */
export function jwtAuthnFilter(providers: readonly IrJwtProvider[], mode: SecretMode): NetworkFilter | undefined {
  if (mode === 'xds') {
    return { name: HTTP_FILTERS.jwtAuthn, config_discovery: { config_source: ADS, type_urls: [JWT_AUTHENTICATION] } };
  }
  return providers.length ? { name: HTTP_FILTERS.jwtAuthn, typed_config: jwtAuthnConfig(providers) } : undefined;
}

/** Per route: the provider whose token is required (401 without a valid one). */
export function jwtAuthnPerRoute(route: IrRoute): TypedConfig | undefined {
  if (route.auth.type !== 'jwt') return undefined;
  return { '@type': typeUrl('envoy.extensions.filters.http.jwt_authn.v3.PerRouteConfig'), requirement_name: route.auth.provider };
}

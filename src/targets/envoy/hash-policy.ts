import type { IrAffinity, IrCookiePolicy } from '../../ir/types.js';
import type { HashPolicy } from './types.js';

/** The attributes the IR decided besides Path and Max-Age (Envoy's generated cookie is HttpOnly already). */
function cookieAttributes(policy: IrCookiePolicy): { name: string; value?: string }[] {
  return [{ name: 'SameSite', value: policy.sameSite }, ...(policy.secure ? [{ name: 'Secure' }] : [])];
}

/**
 * The route hash policy of a backend's affinity (the cluster uses a consistent-hash balancer).
 * A cookie policy with a ttl makes Envoy set the cookie itself when the client has none; ttl 0s gives a
 * session cookie.
 */
export function hashPolicy(affinity: IrAffinity | null): HashPolicy[] | undefined {
  if (!affinity) return undefined;
  switch (affinity.type) {
    case 'cookie':
      // a session cookie (no Max-Age) is ttl 0s: Envoy then still generates the cookie, without an expiry
      return [{ cookie: { name: affinity.name, ttl: `${affinity.maxAgeSeconds ?? 0}s`, path: affinity.path, attributes: cookieAttributes(affinity) } }];
    case 'header':
      return [{ header: { header_name: affinity.name } }];
    case 'queryParam':
      return [{ query_parameter: { name: affinity.name } }];
    case 'sourceIp':
      return [{ connection_properties: { source_ip: true } }];
  }
}

import type { IrAffinity, IrCookiePolicy } from '../../ir/types.js';
import type { HashPolicy, HeaderMatcher, HeaderValueOption } from './types.js';

/**
 * The route hash policy of a backend's affinity (the cluster uses a consistent-hash balancer).
 * Cookie affinity hashes the cookie when the client sends it (terminal), else the client IP: a client
 * that keeps no cookie still stays on one endpoint. Envoy's own cookie generation (ttl) is not used:
 * it hashes the client's address *with its port*, so every cookieless connection landed elsewhere.
 */
export function hashPolicy(affinity: IrAffinity | null): HashPolicy[] | undefined {
  if (!affinity) return undefined;
  switch (affinity.type) {
    case 'cookie':
      return [{ cookie: { name: affinity.name }, terminal: true }, { connection_properties: { source_ip: true } }];
    case 'header':
      return [{ header: { header_name: affinity.name } }];
    case 'queryParam':
      return [{ query_parameter: { name: affinity.name } }];
    case 'sourceIp':
      return [{ connection_properties: { source_ip: true } }];
  }
}

/** Matches a request that carries the affinity cookie (routes without it also set it). */
export function carriesCookie(policy: IrCookiePolicy): HeaderMatcher {
  return { name: 'cookie', string_match: { contains: `${policy.name}=` } };
}

/**
 * The Set-Cookie of a cookieless request: the client IP as the value. Envoy hashes a cookie value and a
 * source IP the same way (xxHash64 of the text), so a client that keeps it stays on the endpoint its
 * address chose, whatever address it comes from next.
 */
export function setAffinityCookie(policy: IrCookiePolicy): HeaderValueOption {
  const attributes = [
    `Path=${policy.path}`,
    ...(policy.maxAgeSeconds === null ? [] : [`Max-Age=${policy.maxAgeSeconds}`]),
    'HttpOnly',
    `SameSite=${policy.sameSite}`,
    ...(policy.secure ? ['Secure'] : []),
  ];
  return {
    header: { key: 'set-cookie', value: [`${policy.name}=%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%`, ...attributes].join('; ') },
    append_action: 'APPEND_IF_EXISTS_OR_ADD',
  };
}

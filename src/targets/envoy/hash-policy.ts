import type { IrAffinity } from '../../ir/types.js';
import { msToDuration } from './duration.js';
import type { HashPolicy } from './types.js';

/**
 * The route hash policy of a backend's affinity (the cluster uses a consistent-hash balancer).
 * A cookie policy with a ttl makes Envoy set the cookie itself when the client has none; ttl 0s gives a
 * session cookie.
 */
export function hashPolicy(affinity: IrAffinity | null): HashPolicy[] | undefined {
  if (!affinity) return undefined;
  switch (affinity.type) {
    case 'cookie':
      return [{ cookie: { name: affinity.name, ttl: affinity.ttl === 'off' ? '0s' : msToDuration(affinity.ttl), path: '/' } }];
    case 'header':
      return [{ header: { header_name: affinity.name } }];
    case 'queryParam':
      return [{ query_parameter: { name: affinity.name } }];
    case 'sourceIp':
      return [{ connection_properties: { source_ip: true } }];
  }
}

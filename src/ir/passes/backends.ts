import { parseDuration } from '../../spec/duration.js';
import type { Affinity, Backend, Gateway } from '../../spec/types.generated.js';
import { toMs, toTimeout } from '../timeout.js';
import type { IrAffinity, IrBackend } from '../types.js';

function lowerAffinity(affinity: Affinity | undefined): IrAffinity | null {
  if (!affinity) return null;
  switch (affinity.type) {
    case 'cookie': {
      // the semantic checks guarantee the settings of the chosen type are present
      const cookie = affinity.cookie ?? { name: 'WSAFFINITY' };
      return { type: 'cookie', name: cookie.name, ttl: cookie.ttl ? parseDuration(cookie.ttl) : 'off' };
    }
    case 'sourceIp':
      return { type: 'sourceIp' };
    case 'header':
      return { type: 'header', name: affinity.header?.name ?? '' };
    case 'queryParam':
      return { type: 'queryParam', name: affinity.queryParam?.name ?? '' };
  }
}

function lowerBackend(b: Backend): IrBackend {
  const hc = b.healthCheck;
  return {
    name: b.name,
    endpoints: b.endpoints.map((e) => ({ address: e.address, port: e.port, weight: e.weight ?? 1 })),
    balance: b.balance ?? 'leastConnections',
    affinity: lowerAffinity(b.affinity),
    healthCheck: hc
      ? {
          path: hc.path,
          intervalMs: toMs(hc.interval, 5_000),
          timeoutMs: toMs(hc.timeout, 2_000),
          healthyThreshold: hc.healthyThreshold ?? 2,
          unhealthyThreshold: hc.unhealthyThreshold ?? 3,
          expect: hc.expect ?? 'http',
        }
      : null,
    connectTimeout: toTimeout(b.connectTimeout),
    maxConnections: b.maxConnections ?? null,
    tls: b.tls ? { caFile: b.tls.caFile, serverName: b.tls.serverName ?? null } : null,
  };
}

/** Backends with balance, weights, affinity and health-check defaults resolved. */
export function lowerBackends(gateway: Gateway): IrBackend[] {
  return gateway.spec.backends.map(lowerBackend);
}

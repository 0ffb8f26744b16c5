import { isIP } from 'node:net';
import { parseDuration } from '../../spec/duration.js';
import type { Affinity, Backend, Gateway } from '../../spec/types.generated.js';
import { cookiePolicy, cookieSecure } from '../cookie.js';
import { TimeoutDefaults } from '../defaults.js';
import { irFile, type BundleFiles } from '../files.js';
import { toMs, toTimeout } from '../timeout.js';
import type { IrAffinity, IrBackend, IrEndpoint, IrListener, IrRoute } from '../types.js';

function lowerAffinity(b: Backend, affinity: Affinity | undefined, routes: readonly IrRoute[], listeners: readonly IrListener[]): IrAffinity | null {
  if (!affinity) return null;
  switch (affinity.type) {
    case 'cookie': {
      // the semantic checks guarantee the settings of the chosen type are present, and a ttl above 0
      const cookie = affinity.cookie ?? { name: 'WSAFFINITY' };
      const ttl = cookie.ttl === undefined ? undefined : parseDuration(cookie.ttl);
      return { type: 'cookie', ...cookiePolicy(cookie.name, ttl, cookieSecure(b.name, routes, listeners)) };
    }
    case 'sourceIp':
      return { type: 'sourceIp' };
    case 'header':
      return { type: 'header', name: affinity.header?.name ?? '' };
    case 'queryParam':
      return { type: 'queryParam', name: affinity.queryParam?.name ?? '' };
  }
}

/** IPv4, IPv6 or DNS: the one rule every target follows (node's isIP, the same parser the validator uses). */
function endpointKind(address: string): IrEndpoint['kind'] {
  const version = isIP(address);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : 'dns';
}

function lowerBackend(b: Backend, files: BundleFiles, routes: readonly IrRoute[], listeners: readonly IrListener[]): IrBackend {
  const hc = b.healthCheck;
  return {
    name: b.name,
    endpoints: b.endpoints.map((e) => ({ address: e.address, kind: endpointKind(e.address), port: e.port, weight: e.weight ?? 1 })),
    balance: b.balance ?? 'leastConnections',
    affinity: lowerAffinity(b, b.affinity, routes, listeners),
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
    connectTimeout: toTimeout(b.connectTimeout, TimeoutDefaults.connectTimeoutMs),
    maxConnections: b.maxConnections ?? null,
    tls: b.tls ? { caFile: irFile(files, b.tls.caFile), serverName: b.tls.serverName ?? null } : null,
  };
}

/** Backends with balance, weights, affinity (one cookie policy) and health-check defaults resolved. */
export function lowerBackends(gateway: Gateway, files: BundleFiles, routes: readonly IrRoute[], listeners: readonly IrListener[]): IrBackend[] {
  return gateway.spec.backends.map((b) => lowerBackend(b, files, routes, listeners));
}

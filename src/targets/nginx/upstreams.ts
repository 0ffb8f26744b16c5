import type { IrBackend, IrGateway, IrCookiePolicy } from '../../ir/types.js';
import { nginxText, nginxVar, type NginxText } from './quote.js';
import { UPSTREAM_KEEPALIVE } from './sizing.js';
import type { CookieMapView, KeyMapView, UpstreamView } from './view.js';

/** Upstream block name of a backend: prefixed so it never shadows a real host name in proxy_pass. */
export function upstreamName(backend: IrBackend): string {
  return `wsctl-${backend.name}`;
}

/** `address:port` for a server line; IPv6 addresses in brackets. */
export function hostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** nginx variable suffix of a header: lowercase, '-' as '_' ($http_x_session). */
function headerVarName(header: string): string {
  return header.toLowerCase().replace(/-/g, '_');
}

/** The hash key of a backend with affinity; header/query/cookie keys go through a map (see below). */
function hashKey(backend: IrBackend, index: number): NginxText | null {
  if (!backend.affinity) return null;
  if (backend.affinity.type === 'sourceIp') return nginxVar('remote_addr');
  return nginxVar('wsctl_affinity_key', String(index));
}

/**
 * Size of an upstream's shared zone in KiB: nginx keeps about 1 KiB per peer there (measured with
 * nginx 1.22; a long DNS name costs more) and a DNS name may resolve to several peers, so 3 KiB per
 * endpoint in 64 KiB steps, at least 64 KiB. A fixed 64k zone ran out of memory at about 70 endpoints.
 */
export function upstreamZoneKib(endpoints: number): number {
  return Math.max(1, Math.ceil((3 * endpoints) / 64)) * 64;
}

/** One upstream block per backend: consistent hash for affinity, least_conn or round robin otherwise. */
export function buildUpstreams(ir: IrGateway): UpstreamView[] {
  return ir.backends.map((backend, index) => ({
    name: upstreamName(backend),
    zone: `wsctl_upstream_${index}`,
    zoneKib: upstreamZoneKib(backend.endpoints.length),
    hashKey: hashKey(backend, index),
    leastConn: !backend.affinity && backend.balance === 'leastConnections',
    keepalive: UPSTREAM_KEEPALIVE,
    servers: backend.endpoints.map((e) => ({ address: e.kind === 'ipv6' ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`, weight: e.weight })),
  }));
}

/**
 * Set-Cookie value: the key a cookieless request was hashed on (a digest of the client address) as the
 * cookie, so the cookie leads to the same endpoint; attributes as the IR decided them (src/ir/cookie.ts).
 */
function setCookieValue(policy: IrCookiePolicy): NginxText {
  const maxAge = policy.maxAgeSeconds === null ? '' : `; Max-Age=${policy.maxAgeSeconds}`;
  const attributes = `; Path=${policy.path}${maxAge}${policy.httpOnly ? '; HttpOnly' : ''}; SameSite=${policy.sameSite}${policy.secure ? '; Secure' : ''}`;
  return nginxText(policy.name, '=', nginxVar('wsctl_affinity_address'), attributes);
}

/** Cookie-affinity maps: key = cookie or the address digest; Set-Cookie only when the cookie was absent. */
export function buildCookieMaps(ir: IrGateway): CookieMapView[] {
  const maps: CookieMapView[] = [];
  ir.backends.forEach((backend, index) => {
    const a = backend.affinity;
    if (a?.type !== 'cookie') return;
    maps.push({
      index,
      cookie: nginxVar('cookie', a.name),
      setCookie: setCookieValue(a),
    });
  });
  return maps;
}

/** Header and query-parameter affinity keys, falling back to $request_id when the client sent none. */
export function buildKeyMaps(ir: IrGateway): KeyMapView[] {
  const maps: KeyMapView[] = [];
  ir.backends.forEach((backend, index) => {
    const a = backend.affinity;
    if (a?.type === 'header') maps.push({ index, source: nginxVar('http', headerVarName(a.name)) });
    if (a?.type === 'queryParam') maps.push({ index, source: nginxVar('arg', a.name) });
  });
  return maps;
}

/** Per-backend connection zones: a constant key, so the zone counts every socket to the backend. */
export function buildBackendZones(ir: IrGateway): { index: number; key: string }[] {
  return ir.backends.flatMap((backend, index) => (backend.maxConnections === null ? [] : [{ index, key: `backend-${backend.name}` }]));
}

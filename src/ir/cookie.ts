import type { IrCookiePolicy, IrListener, IrRoute } from './types.js';

/** Max-Age from a spec ttl: whole seconds rounded up (1400 ms → 2), so no target shortens a cookie's life. */
export function cookieMaxAge(ttlMs: number | 'off' | undefined): number | null {
  if (ttlMs === undefined || ttlMs === 'off') return null;
  return Math.max(1, Math.ceil(ttlMs / 1000));
}

/**
 * Secure only when every listener that serves a route to the backend is TLS: a Secure cookie set on
 * a plain ws:// listener would never come back, and the client would lose its endpoint.
 */
export function cookieSecure(backend: string, routes: readonly IrRoute[], listeners: readonly IrListener[]): boolean {
  const serving = new Set(routes.filter((r) => r.backend === backend).flatMap((r) => r.listeners));
  const tls = listeners.filter((l) => serving.has(l.name));
  return tls.length > 0 && tls.every((l) => l.tls !== null);
}

/** The one affinity cookie every target sets. */
export function cookiePolicy(name: string, ttlMs: number | 'off' | undefined, secure: boolean): IrCookiePolicy {
  return { name, maxAgeSeconds: cookieMaxAge(ttlMs), secure, httpOnly: true, sameSite: 'Lax', path: '/' };
}

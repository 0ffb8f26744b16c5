import type { Gateway, Route } from '../../spec/types.generated.js';
import { toTimeout } from '../timeout.js';
import type { IrRoute, IrRouteAuth } from '../types.js';
import { byString } from '../sort.js';

function lowerAuth(route: Route): IrRouteAuth {
  if (route.auth?.jwt !== undefined) return { type: 'jwt', provider: route.auth.jwt };
  if (route.auth?.bearer !== undefined) return { type: 'bearer', tokensFile: route.auth.bearer.tokensFile };
  return { type: 'none' };
}

/** Routes with listeners, hosts, timeouts, auth and limits resolved. */
export function lowerRoutes(gateway: Gateway): IrRoute[] {
  const allListeners = gateway.spec.listeners.map((l) => l.name);
  return gateway.spec.routes.map((route) => {
    const ws = route.websocket ?? {};
    const rl = route.rateLimit;
    return {
      name: route.name,
      listeners: [...(route.listeners ?? allListeners)].sort(byString),
      hosts: [...(route.match.hosts ?? [])].sort(byString),
      path: { type: route.match.pathType ?? 'Prefix', value: route.match.path },
      backend: route.backend,
      websocket: {
        idleTimeout: toTimeout(ws.idleTimeout),
        maxDuration: ws.maxDuration === undefined ? 'off' : toTimeout(ws.maxDuration),
        handshakeTimeout: toTimeout(ws.handshakeTimeout),
        plainHttp: ws.plainHttp ?? 'reject',
      },
      allowedOrigins: route.allowedOrigins ? [...route.allowedOrigins].sort(byString) : null,
      auth: lowerAuth(route),
      rateLimit: rl
        ? {
            connectionsPerClient: rl.connectionsPerClient ?? null,
            handshakesPerSecondPerClient: rl.handshakesPerSecondPerClient ?? null,
            burst: rl.burst ?? 0,
          }
        : null,
    };
  });
}

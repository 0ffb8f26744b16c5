import type { Gateway, Route } from '../../spec/types.generated.js';
import { parseTokens } from '../../spec/tokens.js';
import { TimeoutDefaults } from '../defaults.js';
import type { BundleFiles } from '../files.js';
import { toTimeout } from '../timeout.js';
import type { IrRoute, IrRouteAuth } from '../types.js';
import { byString } from '../sort.js';

function lowerAuth(route: Route, files: BundleFiles): IrRouteAuth {
  if (route.auth?.jwt !== undefined) return { type: 'jwt', provider: route.auth.jwt };
  if (route.auth?.bearer !== undefined) {
    const text = files[route.auth.bearer.tokensFile] ?? '';
    // distinct and sorted: file order and repeats never change a config (nginx refuses duplicate map keys)
    const tokens = [...new Set(parseTokens(text).map((t) => t.token))].sort(byString);
    return { type: 'bearer', tokens };
  }
  return { type: 'none' };
}

/** Routes with listeners, hosts, timeouts, auth and limits resolved. */
export function lowerRoutes(gateway: Gateway, files: BundleFiles): IrRoute[] {
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
        idleTimeout: toTimeout(ws.idleTimeout, TimeoutDefaults.idleTimeoutMs),
        maxDuration: ws.maxDuration === undefined ? 'off' : toTimeout(ws.maxDuration, 0),
        handshakeTimeout: toTimeout(ws.handshakeTimeout, TimeoutDefaults.handshakeTimeoutMs),
        handshakeTimeoutExplicit: ws.handshakeTimeout !== undefined,
        plainHttp: ws.plainHttp ?? 'reject',
      },
      allowedOrigins: route.allowedOrigins ? [...route.allowedOrigins].sort(byString) : null,
      auth: lowerAuth(route, files),
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

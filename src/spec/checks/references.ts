import { Codes } from '../../diag/codes.js';
import type { Check } from './context.js';
import { didYouMean } from './suggest.js';

/** Routes name listeners, backends and auth providers that exist. */
export const references: Check = (ctx) => {
  const { spec } = ctx.gateway;
  const listeners = spec.listeners.map((l) => l.name);
  const backends = spec.backends.map((b) => b.name);
  const providers = (spec.authProviders ?? []).map((p) => p.name);
  spec.routes.forEach((route, r) => {
    (route.listeners ?? []).forEach((name, i) => {
      if (!listeners.includes(name)) {
        ctx.report(Codes.UNKNOWN_LISTENER, ['spec', 'routes', r, 'listeners', i], `no listener named "${name}"${didYouMean(name, listeners)}`);
      }
    });
    if (!backends.includes(route.backend)) {
      ctx.report(Codes.UNKNOWN_BACKEND, ['spec', 'routes', r, 'backend'], `no backend named "${route.backend}"${didYouMean(route.backend, backends)}`);
    }
    const jwt = route.auth?.jwt;
    if (jwt !== undefined && !providers.includes(jwt)) {
      ctx.report(Codes.UNKNOWN_AUTH_PROVIDER, ['spec', 'routes', r, 'auth', 'jwt'], `no auth provider named "${jwt}"${didYouMean(jwt, providers)}`);
    }
  });
};

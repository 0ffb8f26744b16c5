import { callSite } from './call-site.js';
import { brand } from './mark.js';
import type { BackendProps, GatewayProps, JwtProviderProps, ListenerProps, RouteProps } from './props.generated.js';
import type { DslBackend, DslGateway, DslJwtProvider, DslListener, DslRoute } from './refs.js';

/** A port the gateway listens on, with optional TLS (`tls: { certFile: file('tls/chat.crt'), ... }`). */
export function listener(props: ListenerProps): DslListener {
  return brand('listener', { name: props.name, props, site: callSite(listener, 'listener') });
}

/** A WebSocket route; `backend` takes the object backend() returned or its name. */
export function route(props: RouteProps): DslRoute {
  return brand('route', { name: props.name, props, site: callSite(route, 'route') });
}

/** A group of upstream WebSocket servers. */
export function backend(props: BackendProps): DslBackend {
  return brand('backend', { name: props.name, props, site: callSite(backend, 'backend') });
}

/** A named JWT authentication provider (`authProviders[].jwt` in YAML); routes take it as `auth: { jwt: provider }`. */
export function jwtProvider(props: JwtProviderProps): DslJwtProvider {
  return brand('jwtProvider', { name: props.name, props, site: callSite(jwtProvider, 'jwtProvider') });
}

/**
 * A wsctl/v1 Gateway. Export it (or an array of them) as the default export of a gateway module;
 * `wsctl validate|compile gateway.ts` loads it and checks it exactly like the YAML it stands for.
 */
export function gateway(props: GatewayProps): DslGateway {
  return brand('gateway', { name: props.name, props, site: callSite(gateway, 'gateway') });
}

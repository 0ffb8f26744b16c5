import type { CallSite } from './call-site.js';
import type { Branded } from './mark.js';
import type { BackendProps, GatewayProps, JwtProviderProps, ListenerProps, RouteProps } from './props.generated.js';

/** An object a builder returned: its name, the options it was given, and (brand) where it was built. */
export interface Built<K extends 'gateway' | 'listener' | 'route' | 'backend' | 'jwtProvider', P> extends Branded<K> {
  /** The element's name (for a gateway, metadata.name). */
  readonly name: string;
  /** The options given to the builder. */
  readonly props: P;
  /** Where the builder was called. */
  readonly site: CallSite | undefined;
}

/** What gateway() returns: the default export of a gateway module (alone or in an array). */
export type DslGateway = Built<'gateway', GatewayProps>;
/** What listener() returns. */
export type DslListener = Built<'listener', ListenerProps>;
/** What route() returns. */
export type DslRoute = Built<'route', RouteProps>;
/** What backend() returns. */
export type DslBackend = Built<'backend', BackendProps>;
/** What jwtProvider() returns. */
export type DslJwtProvider = Built<'jwtProvider', JwtProviderProps>;

/** A listener by object or by name. */
export type ListenerRef = DslListener | string;
/** A backend by object or by name. */
export type BackendRef = DslBackend | string;
/** A JWT provider by object or by name. */
export type JwtProviderRef = DslJwtProvider | string;

/** A gateway's listener: built with listener(), or its options inline. */
export type ListenerInput = DslListener | ListenerProps;
/** A gateway's route: built with route(), or its options inline. */
export type RouteInput = DslRoute | RouteProps;
/** A gateway's backend: built with backend(), or its options inline. */
export type BackendInput = DslBackend | BackendProps;
/** A gateway's JWT provider: built with jwtProvider(), or its options inline. */
export type JwtProviderInput = DslJwtProvider | JwtProviderProps;

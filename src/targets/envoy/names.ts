/**
 * Names of generated Envoy objects and extension type URLs, in one place: listeners, route
 * configurations, clusters and secrets must refer to each other by exactly these strings.
 */

/** Prefix of every Any type URL. */
const TYPE_PREFIX = 'type.googleapis.com/';

/** The Any type URL of a message. */
export function typeUrl(messageType: string): string {
  return `${TYPE_PREFIX}${messageType}`;
}

/** Type URLs of the xDS resource kinds, as served by wsctl serve. */
export const RESOURCE_TYPES = {
  listener: 'envoy.config.listener.v3.Listener',
  route: 'envoy.config.route.v3.RouteConfiguration',
  cluster: 'envoy.config.cluster.v3.Cluster',
  endpoint: 'envoy.config.endpoint.v3.ClusterLoadAssignment',
  secret: 'envoy.extensions.transport_sockets.tls.v3.Secret',
  extension: 'envoy.config.core.v3.TypedExtensionConfig',
  bootstrap: 'envoy.config.bootstrap.v3.Bootstrap',
} as const;

/** HTTP filter names: typed_per_filter_config keys must equal them. */
export const HTTP_FILTERS = {
  headerMutation: 'envoy.filters.http.header_mutation',
  localRateLimit: 'envoy.filters.http.local_ratelimit',
  rbac: 'envoy.filters.http.rbac',
  /** RBAC instance recording (shadow rule only) that a request lacks a listed static bearer token. */
  bearerProbe: 'wsctl.bearer_tokens_probe',
  /** RBAC instance refusing it; the recorded probe makes that 403 a 401 (Origin refusals stay 403). */
  bearer: 'wsctl.bearer_tokens',
  jwtAuthn: 'envoy.filters.http.jwt_authn',
  router: 'envoy.filters.http.router',
} as const;

/** The RouteConfiguration served to one listener. */
export function routeConfigName(listener: string): string {
  return listener;
}

/** The cluster of one backend. */
export function clusterName(backend: string): string {
  return backend;
}

/** The SDS secret holding a listener's certificate and key. */
export function listenerCertSecret(listener: string): string {
  return `listener-${listener}-cert`;
}

/** The SDS secret holding the CA that client certificates of a listener must chain to. */
export function listenerClientCaSecret(listener: string): string {
  return `listener-${listener}-client-ca`;
}

/** The SDS secret holding the CA a backend's certificates must chain to. */
export function backendCaSecret(backend: string): string {
  return `backend-${backend}-ca`;
}

/** The static cluster of the xDS control plane; underscore so no spec name (a DNS label) can clash. */
export const XDS_CLUSTER = 'wsctl_xds';

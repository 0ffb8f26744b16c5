/** xDS resource type URLs and the order in which a push sends them. */

/** Prefix of every Any type URL. */
export const TYPE_URL_PREFIX = 'type.googleapis.com/';

/** The type URLs wsctl serves, by xDS service. */
export const TYPE_URLS = {
  listener: `${TYPE_URL_PREFIX}envoy.config.listener.v3.Listener`,
  route: `${TYPE_URL_PREFIX}envoy.config.route.v3.RouteConfiguration`,
  cluster: `${TYPE_URL_PREFIX}envoy.config.cluster.v3.Cluster`,
  endpoint: `${TYPE_URL_PREFIX}envoy.config.endpoint.v3.ClusterLoadAssignment`,
  secret: `${TYPE_URL_PREFIX}envoy.extensions.transport_sockets.tls.v3.Secret`,
  extension: `${TYPE_URL_PREFIX}envoy.config.core.v3.TypedExtensionConfig`,
} as const;

/**
 * Order of a push over ADS: CDS → EDS → LDS → RDS (Envoy warms clusters on EDS and listeners on RDS),
 * with SDS before the clusters and listeners that use secrets and ECDS before the listeners whose
 * filters it configures. Types not listed come last, by name.
 */
export const PUSH_ORDER: readonly string[] = [TYPE_URLS.secret, TYPE_URLS.cluster, TYPE_URLS.endpoint, TYPE_URLS.extension, TYPE_URLS.listener, TYPE_URLS.route];

/** Sorts type URLs into push order. */
export function inPushOrder(typeUrls: Iterable<string>): string[] {
  const rank = (t: string): number => {
    const i = PUSH_ORDER.indexOf(t);
    return i === -1 ? PUSH_ORDER.length : i;
  };
  return [...typeUrls].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Types whose state-of-the-world responses carry every resource (absence means deletion). */
export function isFullStateType(typeUrl: string): boolean {
  return typeUrl === TYPE_URLS.listener || typeUrl === TYPE_URLS.cluster;
}

/** The type whose resources must be resent after a push of this one: an updated cluster waits for EDS again. */
export function dependentType(typeUrl: string): string | undefined {
  return typeUrl === TYPE_URLS.cluster ? TYPE_URLS.endpoint : undefined;
}

/** The short name of a type URL, e.g. Cluster. */
export function typeName(typeUrl: string): string {
  return typeUrl.slice(typeUrl.lastIndexOf('.') + 1);
}

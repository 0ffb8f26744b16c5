import { TYPE_URLS } from './type-urls.js';

/** One xDS gRPC service: its full name, method names, and the type it serves (none for ADS). */
export interface XdsService {
  /** Fully qualified service name. */
  service: string;
  /** State-of-the-world streaming method. */
  stream: string;
  /** Delta streaming method. */
  delta: string;
  /** Unary fetch method (per-type services only). */
  fetch?: string;
  /** The one type a per-type service serves. */
  typeUrl?: string;
}

/** Aggregated discovery (every type on one stream) and the per-type services, as in envoy/service/<kind>/v3. */
export const XDS_SERVICES: readonly XdsService[] = [
  { service: 'envoy.service.discovery.v3.AggregatedDiscoveryService', stream: 'StreamAggregatedResources', delta: 'DeltaAggregatedResources' },
  { service: 'envoy.service.listener.v3.ListenerDiscoveryService', stream: 'StreamListeners', delta: 'DeltaListeners', fetch: 'FetchListeners', typeUrl: TYPE_URLS.listener },
  { service: 'envoy.service.route.v3.RouteDiscoveryService', stream: 'StreamRoutes', delta: 'DeltaRoutes', fetch: 'FetchRoutes', typeUrl: TYPE_URLS.route },
  { service: 'envoy.service.cluster.v3.ClusterDiscoveryService', stream: 'StreamClusters', delta: 'DeltaClusters', fetch: 'FetchClusters', typeUrl: TYPE_URLS.cluster },
  { service: 'envoy.service.endpoint.v3.EndpointDiscoveryService', stream: 'StreamEndpoints', delta: 'DeltaEndpoints', fetch: 'FetchEndpoints', typeUrl: TYPE_URLS.endpoint },
  { service: 'envoy.service.secret.v3.SecretDiscoveryService', stream: 'StreamSecrets', delta: 'DeltaSecrets', fetch: 'FetchSecrets', typeUrl: TYPE_URLS.secret },
  {
    service: 'envoy.service.extension.v3.ExtensionConfigDiscoveryService',
    stream: 'StreamExtensionConfigs',
    delta: 'DeltaExtensionConfigs',
    fetch: 'FetchExtensionConfigs',
    typeUrl: TYPE_URLS.extension,
  },
];

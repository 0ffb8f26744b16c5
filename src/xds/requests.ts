import protobuf from 'protobufjs';
import { DISCOVERY_DESCRIPTOR_JSON } from './discovery-descriptor.generated.js';

/** The identity a client sends in its first request (envoy.config.core.v3.Node, the fields wsctl reads). */
export interface NodeInfo {
  /** Node id (unique per Envoy, for status). */
  id: string;
  /** Node cluster: the gateway name this node subscribes to. */
  cluster: string;
}

/** A NACK's error (google.rpc.Status). */
export interface ErrorDetail {
  /** gRPC status code. */
  code: number;
  /** What the client rejected and why. */
  message: string;
}

/** envoy.service.discovery.v3.DiscoveryRequest (state of the world). */
export interface SotwRequest {
  /** Last version the client accepted for this type ('' at first). */
  versionInfo: string;
  /** Present on the first request of a stream (or every request, per client setting). */
  node?: NodeInfo;
  /** Names asked for; empty or '*' means every resource for LDS and CDS. */
  resourceNames: string[];
  /** Resource type; may be empty on a per-type service. */
  typeUrl: string;
  /** Nonce of the response this request answers ('' at first). */
  responseNonce: string;
  /** Set when the client rejected that response (a NACK). */
  errorDetail?: ErrorDetail;
}

/** envoy.service.discovery.v3.DeltaDiscoveryRequest (incremental). */
export interface DeltaRequest {
  /** Present on the first request of a stream. */
  node?: NodeInfo;
  /** Resource type; may be empty on a per-type service. */
  typeUrl: string;
  /** Names added to the subscription ('*' = wildcard). */
  subscribe: string[];
  /** Names removed from the subscription. */
  unsubscribe: string[];
  /** On a new stream: the versions the client already has, by name. */
  initialResourceVersions: Record<string, string>;
  /** Nonce of the response this request answers ('' when it answers none). */
  responseNonce: string;
  /** Set when the client rejected that response (a NACK). */
  errorDetail?: ErrorDetail;
}

interface Decoded {
  node?: { id?: string; cluster?: string } | null;
  error_detail?: { code?: number; message?: string } | null;
  [field: string]: unknown;
}

let types: { sotw: protobuf.Type; delta: protobuf.Type; response: protobuf.Type; deltaResponse: protobuf.Type } | undefined;

/** The discovery message types, loaded once from the generated descriptor. */
export function discoveryTypes(): NonNullable<typeof types> {
  if (!types) {
    const root = protobuf.Root.fromJSON(JSON.parse(DISCOVERY_DESCRIPTOR_JSON) as protobuf.INamespace);
    root.resolveAll();
    const type = (name: string): protobuf.Type => root.lookupType(`envoy.service.discovery.v3.${name}`);
    types = { sotw: type('DiscoveryRequest'), delta: type('DeltaDiscoveryRequest'), response: type('DiscoveryResponse'), deltaResponse: type('DeltaDiscoveryResponse') };
  }
  return types;
}

function node(decoded: Decoded): NodeInfo | undefined {
  return decoded.node ? { id: decoded.node.id ?? '', cluster: decoded.node.cluster ?? '' } : undefined;
}

function errorDetail(decoded: Decoded): ErrorDetail | undefined {
  const e = decoded.error_detail;
  return e ? { code: e.code ?? 0, message: e.message ?? '' } : undefined;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Decodes a DiscoveryRequest; throws on malformed bytes. */
export function decodeSotwRequest(bytes: Uint8Array): SotwRequest {
  const d = discoveryTypes().sotw.decode(bytes) as unknown as Decoded;
  return {
    versionInfo: text(d['version_info']),
    node: node(d),
    resourceNames: strings(d['resource_names']),
    typeUrl: text(d['type_url']),
    responseNonce: text(d['response_nonce']),
    errorDetail: errorDetail(d),
  };
}

/** Decodes a DeltaDiscoveryRequest; throws on malformed bytes. */
export function decodeDeltaRequest(bytes: Uint8Array): DeltaRequest {
  const d = discoveryTypes().delta.decode(bytes) as unknown as Decoded;
  const initial = d['initial_resource_versions'];
  return {
    node: node(d),
    typeUrl: text(d['type_url']),
    subscribe: strings(d['resource_names_subscribe']),
    unsubscribe: strings(d['resource_names_unsubscribe']),
    initialResourceVersions: typeof initial === 'object' && initial !== null ? { ...(initial as Record<string, string>) } : {},
    responseNonce: text(d['response_nonce']),
    errorDetail: errorDetail(d),
  };
}

/** The proto files the xDS server decodes requests with (their imports come along). */
export const DISCOVERY_PROTO_ROOTS = ['envoy/service/discovery/v3/discovery.proto'] as const;

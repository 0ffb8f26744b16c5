import { isIP } from 'node:net';
import type { IrBackend } from '../../ir/types.js';
import { backendCaSecret, typeUrl } from './names.js';
import { sdsRef, type SecretMode } from './secret.js';
import type { TransportSocket } from './types.js';

/** Endpoint metadata key Envoy matches transport_socket_matches against. */
export const TRANSPORT_SOCKET_MATCH_KEY = 'envoy.transport_socket_match';

/** TLS to one name: SNI for host names (never for IP literals, RFC 6066), SAN verified against the CA. */
export function upstreamTlsSocket(backend: IrBackend, name: string, mode: SecretMode): TransportSocket {
  const ip = isIP(name) !== 0;
  return {
    name: 'envoy.transport_sockets.tls',
    typed_config: {
      '@type': typeUrl('envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext'),
      ...(ip ? {} : { sni: name }),
      common_tls_context: {
        combined_validation_context: {
          default_validation_context: { match_typed_subject_alt_names: [{ san_type: ip ? 'IP_ADDRESS' : 'DNS', matcher: { exact: name } }] },
          validation_context_sds_secret_config: sdsRef(backendCaSecret(backend.name), mode),
        },
        alpn_protocols: ['http/1.1'],
      },
    },
  };
}

/**
 * Without a serverName each endpoint is verified against its own address, which one cluster-wide TLS
 * context cannot say: one transport socket per distinct address, picked by endpoint metadata.
 */
export function perEndpointTls(backend: IrBackend): boolean {
  return backend.tls !== null && backend.tls.serverName === null;
}

/** The distinct endpoint addresses of a backend, in IR (sorted) order. */
export function distinctAddresses(backend: IrBackend): string[] {
  return [...new Set(backend.endpoints.map((e) => e.address))];
}

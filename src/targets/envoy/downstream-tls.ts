import type { IrListener } from '../../ir/types.js';
import { listenerCertSecret, listenerClientCaSecret, typeUrl } from './names.js';
import { sdsRef, type SecretMode } from './secret.js';
import type { TransportSocket } from './types.js';

/** TLS termination for a listener: minimum version, HTTP/1.1 ALPN (WebSockets), optional or required mTLS. */
export function downstreamTls(listener: IrListener, mode: SecretMode): TransportSocket | undefined {
  const tls = listener.tls;
  if (!tls) return undefined;
  const mtls = tls.clientCert !== 'none';
  return {
    name: 'envoy.transport_sockets.tls',
    typed_config: {
      '@type': typeUrl('envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext'),
      common_tls_context: {
        tls_params: { tls_minimum_protocol_version: tls.minVersion === '1.3' ? 'TLSv1_3' : 'TLSv1_2', tls_maximum_protocol_version: 'TLSv1_3' },
        tls_certificate_sds_secret_configs: [sdsRef(listenerCertSecret(listener.name), mode)],
        ...(mtls ? { validation_context_sds_secret_config: sdsRef(listenerClientCaSecret(listener.name), mode) } : {}),
        // the listeners speak HTTP/1.1 only: WebSockets over HTTP/2 (RFC 8441) are not offered
        alpn_protocols: ['http/1.1'],
      },
      // optional mTLS: a presented certificate must still verify against the CA
      ...(mtls ? { require_client_certificate: tls.clientCert === 'required' } : {}),
    },
  };
}

import { isAbsolute } from 'node:path';
import { isIP } from 'node:net';
import { typeUrl } from './names.js';
import type { TransportSocket } from './types.js';

/** How the Envoy of `wsctl bootstrap` reaches a TLS xDS port: files Envoy reads where it runs. */
export interface XdsTlsOptions {
  /** PEM CA bundle that verifies `wsctl serve`'s xDS certificate (absolute path on the Envoy host). */
  caFile: string;
  /** PEM client certificate chain for mTLS (with keyFile), absolute path. */
  certFile?: string;
  /** PEM private key of certFile, absolute path. */
  keyFile?: string;
  /** Server name sent (SNI) and required in the certificate's SANs; default: the --xds-address host. */
  sni?: string;
}

const PATH = /^\/[A-Za-z0-9._@+/-]*$/;
const DNS = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** Refuses what the bootstrap must not carry: relative or odd paths (Envoy's working directory is unknown here), a half client pair, a bad SNI. */
export function checkXdsTls(tls: XdsTlsOptions): void {
  for (const [flag, path] of [['--xds-ca', tls.caFile], ['--xds-client-cert', tls.certFile], ['--xds-client-key', tls.keyFile]] as const) {
    if (path !== undefined && (!isAbsolute(path) || !PATH.test(path))) throw new Error(`${flag} must be an absolute path of letters, digits and . _ @ + - / (Envoy reads it where it runs), got ${JSON.stringify(path)}`);
  }
  if ((tls.certFile === undefined) !== (tls.keyFile === undefined)) throw new Error('--xds-client-cert and --xds-client-key go together (mTLS)');
  if (tls.sni !== undefined && !DNS.test(tls.sni)) throw new Error(`--xds-sni must be a DNS name, got ${JSON.stringify(tls.sni)}`);
}

/**
 * The xDS cluster's TLS: HTTP/2 by ALPN (gRPC), the server certificate verified against the CA and its
 * SANs against the expected name (SNI, else the address: a DNS SAN for a name, an IP SAN for an IP —
 * Envoy checks no host name by itself), and a client certificate for mTLS. SNI is sent for names only
 * (RFC 6066 forbids IP literals).
 */
export function xdsTlsSocket(host: string, tls: XdsTlsOptions): TransportSocket {
  checkXdsTls(tls);
  const name = tls.sni ?? host;
  const ip = isIP(name) !== 0;
  return {
    name: 'envoy.transport_sockets.tls',
    typed_config: {
      '@type': typeUrl('envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext'),
      ...(ip ? {} : { sni: name }),
      common_tls_context: {
        alpn_protocols: ['h2'],
        validation_context: {
          trusted_ca: { filename: tls.caFile },
          match_typed_subject_alt_names: [{ san_type: ip ? 'IP_ADDRESS' : 'DNS', matcher: { exact: name } }],
        },
        ...(tls.certFile && tls.keyFile ? { tls_certificates: [{ certificate_chain: { filename: tls.certFile }, private_key: { filename: tls.keyFile } }] } : {}),
      },
    },
  };
}

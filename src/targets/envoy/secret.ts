import type { IrFile, IrGateway } from '../../ir/types.js';
import { backendCaSecret, listenerCertSecret, listenerClientCaSecret } from './names.js';
import type { AdsConfigSource, DataSource, Secret, SdsSecretConfig } from './types.js';

/** Where secrets live: inline in SDS resources (xDS), or files next to the static bootstrap. */
export type SecretMode = 'xds' | 'static';

/** Where a static bootstrap finds a referenced file: its path relative to DIR/envoy. */
export type StaticPath = (file: IrFile) => string;

/** The ADS config source every dynamic resource comes from. */
export const ADS: AdsConfigSource = { ads: {}, resource_api_version: 'V3' };

function data(file: IrFile, staticPath: StaticPath | null): DataSource {
  // a remote Envoy cannot read our files; a local one reads them relative to DIR/envoy (see run.sh)
  return staticPath ? { filename: staticPath(file) } : { inline_string: file.content };
}

/** A reference to a secret: by name from ADS, or from static_resources.secrets. */
export function sdsRef(name: string, mode: SecretMode): SdsSecretConfig {
  return mode === 'xds' ? { name, sds_config: ADS } : { name };
}

/** Every secret the gateway needs (listener certificates and CAs, backend CAs), sorted by name: inline for xDS, file paths with staticPath. */
export function buildSecrets(ir: IrGateway, staticPath: StaticPath | null): Secret[] {
  const secrets: Secret[] = [];
  for (const l of ir.listeners) {
    if (!l.tls) continue;
    secrets.push({ name: listenerCertSecret(l.name), tls_certificate: { certificate_chain: data(l.tls.certFile, staticPath), private_key: data(l.tls.keyFile, staticPath) } });
    if (l.tls.clientCaFile) secrets.push({ name: listenerClientCaSecret(l.name), validation_context: { trusted_ca: data(l.tls.clientCaFile, staticPath) } });
  }
  for (const b of ir.backends) {
    if (b.tls) secrets.push({ name: backendCaSecret(b.name), validation_context: { trusted_ca: data(b.tls.caFile, staticPath) } });
  }
  return secrets.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

import type { Gateway } from '../../spec/types.generated.js';
import { irFile, type BundleFiles } from '../files.js';
import type { IrListener } from '../types.js';

/** Listeners with addresses and TLS defaults resolved, certificates and keys carried as contents. */
export function lowerListeners(gateway: Gateway, files: BundleFiles): IrListener[] {
  return gateway.spec.listeners.map((l) => ({
    name: l.name,
    address: l.address ?? '0.0.0.0',
    port: l.port,
    tls: l.tls
      ? {
          certFile: irFile(files, l.tls.certFile),
          keyFile: irFile(files, l.tls.keyFile),
          minVersion: l.tls.minVersion ?? '1.2',
          clientCaFile: l.tls.clientCaFile ? irFile(files, l.tls.clientCaFile) : null,
          clientCert: l.tls.clientCaFile ? (l.tls.clientCert ?? 'required') : 'none',
        }
      : null,
  }));
}

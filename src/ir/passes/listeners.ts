import type { Gateway } from '../../spec/types.generated.js';
import type { IrListener } from '../types.js';

/** Listeners with addresses and TLS defaults resolved. */
export function lowerListeners(gateway: Gateway): IrListener[] {
  return gateway.spec.listeners.map((l) => ({
    name: l.name,
    address: l.address ?? '0.0.0.0',
    port: l.port,
    tls: l.tls
      ? {
          certFile: l.tls.certFile,
          keyFile: l.tls.keyFile,
          minVersion: l.tls.minVersion ?? '1.2',
          clientCaFile: l.tls.clientCaFile ?? null,
          clientCert: l.tls.clientCaFile ? (l.tls.clientCert ?? 'required') : 'none',
        }
      : null,
  }));
}

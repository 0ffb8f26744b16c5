import { startEchoBackend, type EchoBackend } from './echo-backend.js';

/** A wss:// echo backend (for upstream-TLS tests): the echo backend behind TLS. */
export type TlsEchoBackend = EchoBackend;

/** Starts a WebSocket echo server behind TLS with the given PEM certificate and key files. */
export function startTlsEchoBackend(id: string, certFile: string, keyFile: string): Promise<TlsEchoBackend> {
  return startEchoBackend(id, { certFile, keyFile });
}

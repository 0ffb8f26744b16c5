/** One xDS stream's protocol state machine, independent of the transport. */
export interface XdsStream<Request> {
  /** Handles one request from the client. */
  onRequest(request: Request): void;
  /** The stream ended: stop watching. */
  close(): void;
}

/** Writes one encoded response on the stream. */
export type Send = (bytes: Uint8Array) => void;

/** A per-stream nonce source: "1", "2", ... (a nonce only has to be unique within its stream). */
export function nonces(): () => string {
  let next = 0;
  return () => String(++next);
}

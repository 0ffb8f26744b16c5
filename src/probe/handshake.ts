/** The WebSocket handshake's key and accept values (RFC 6455 section 4). */
import { createHash, randomBytes } from 'node:crypto';

export type { ProbeTarget } from './session.js';

/** The GUID RFC 6455 section 1.3 appends to the key. */
const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** A fresh random Sec-WebSocket-Key (16 random bytes, base64). */
export function newWebSocketKey(): string {
  return randomBytes(16).toString('base64');
}

/** The Sec-WebSocket-Accept a server must answer for a key (RFC 6455 section 4.2.2). */
export function expectedAccept(key: string): string {
  return createHash('sha1').update(key + WEBSOCKET_GUID).digest('base64');
}

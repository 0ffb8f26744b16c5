import type { IncomingHttpHeaders } from 'node:http';
import WebSocket, { type ClientOptions } from 'ws';

/** Outcome of an attempted WebSocket handshake. */
export type Handshake =
  | { /** Upgraded. */ ok: true; /** The open socket. */ ws: WebSocket; /** 101 response headers. */ headers: IncomingHttpHeaders }
  | { /** Refused. */ ok: false; /** HTTP status of the refusal (0 when the connection failed). */ status: number; /** Response headers. */ headers: IncomingHttpHeaders; /** Response body. */ body: string; /** Network error, if any. */ error?: string };

/** Opens a WebSocket and reports the 101 or the refusal status, never throwing for an HTTP refusal. */
export function connect(url: string, options: ClientOptions = {}): Promise<Handshake> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { handshakeTimeout: 5_000, ...options });
    let headers: IncomingHttpHeaders = {};
    ws.once('upgrade', (res) => (headers = res.headers));
    ws.once('open', () => resolve({ ok: true, ws, headers }));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ ok: false, status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', () => resolve({ ok: false, status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    ws.once('error', (error) => resolve({ ok: false, status: 0, headers: {}, body: '', error: error.message }));
  });
}

/** Opens a WebSocket and fails the test when the handshake is refused. */
export async function mustConnect(url: string, options: ClientOptions = {}): Promise<{ ws: WebSocket; headers: IncomingHttpHeaders }> {
  const result = await connect(url, options);
  if (!result.ok) throw new Error(`handshake to ${url} refused: status ${result.status} ${result.error ?? result.body}`);
  return result;
}

/** Sends a message and resolves with the next message received. */
export function roundTrip(ws: WebSocket, data: string | Buffer): Promise<{ data: Buffer; isBinary: boolean }> {
  return new Promise((resolve, reject) => {
    ws.once('message', (message, isBinary) => resolve({ data: message as Buffer, isBinary }));
    ws.once('close', (code) => reject(new Error(`socket closed (${code}) before a reply`)));
    ws.send(data, { binary: Buffer.isBuffer(data) });
  });
}

/** Asks an echo backend which backend it is and which headers it saw. */
export async function whoami(ws: WebSocket): Promise<{ id: string; url: string; headers: IncomingHttpHeaders }> {
  const reply = await roundTrip(ws, 'whoami');
  return JSON.parse(reply.data.toString()) as { id: string; url: string; headers: IncomingHttpHeaders };
}

/** Resolves with the close code when the socket closes, or 'open' if still open after ms. */
export function closedWithin(ws: WebSocket, ms: number): Promise<number | 'open'> {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) return resolve(1006);
    const timer = setTimeout(() => resolve('open'), ms);
    ws.once('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

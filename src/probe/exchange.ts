import { createHash, randomBytes } from 'node:crypto';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { ProbeRequest, ProbeResponse } from './types.js';

/** The GUID RFC 6455 section 1.3 appends to the key. */
const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** Where to connect: the --url's scheme, host and port. */
export interface ProbeTarget {
  /** True for wss:// (TLS). */
  tls: boolean;
  /** Host name or IP to connect to. */
  host: string;
  /** TCP port. */
  port: number;
  /** Skip certificate verification (--insecure). */
  insecure: boolean;
}

/** A fresh random Sec-WebSocket-Key (16 random bytes, base64). */
export function newWebSocketKey(): string {
  return randomBytes(16).toString('base64');
}

/** The Sec-WebSocket-Accept a server must answer for a key (RFC 6455 section 4.2.2). */
export function expectedAccept(key: string): string {
  return createHash('sha1').update(key + WEBSOCKET_GUID).digest('base64');
}

/** A masked close frame (code 1000), so a backend sees a clean close instead of a reset. */
const CLOSE_FRAME = ((): Buffer => {
  const mask = randomBytes(4);
  const payload = Buffer.from([0x03, 0xe8]).map((b, i) => b ^ (mask[i] ?? 0));
  return Buffer.concat([Buffer.from([0x88, 0x82]), mask, payload]);
})();

function openSocket(target: ProbeTarget, sniHost: string): Socket {
  if (!target.tls) return netConnect({ host: target.host, port: target.port });
  const servername = isIP(sniHost) === 0 ? sniHost : undefined;
  return tlsConnect({ host: target.host, port: target.port, servername, rejectUnauthorized: !target.insecure, ALPNProtocols: ['http/1.1'] });
}

function parseHead(head: string): Pick<ProbeResponse, 'status' | 'headers'> {
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return { status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0), headers };
}

/**
 * Sends one HTTP/1.1 request exactly as given (raw, so a duplicated header goes out twice) and reads
 * the response head; a 101 is closed with a close frame at once. Never throws: errors and time-outs
 * come back as status 0 with the error.
 */
export function exchange(target: ProbeTarget, request: ProbeRequest, timeoutMs: number): Promise<ProbeResponse> {
  return new Promise((resolve) => {
    const sni = request.headers.find(([name]) => name.toLowerCase() === 'host')?.[1].replace(/:\d+$/, '') ?? target.host;
    const socket = openSocket(target, sni);
    let data = '';
    let settled = false;
    const finish = (response: ProbeResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (response.status === 101) {
        socket.end(CLOSE_FRAME);
        setTimeout(() => socket.destroy(), 1_000).unref();
      } else socket.destroy();
      resolve(response);
    };
    const timer = setTimeout(() => finish({ status: 0, headers: {}, error: `no response head within ${timeoutMs} ms` }), timeoutMs);
    socket.on('error', (error: Error) => finish({ status: 0, headers: {}, error: error.message }));
    socket.on('data', (chunk: Buffer) => {
      data += chunk.toString('latin1');
      const end = data.indexOf('\r\n\r\n');
      if (end >= 0) finish({ ...parseHead(data.slice(0, end)), error: null });
    });
    socket.on('end', () => finish({ status: 0, headers: {}, error: 'connection closed before a complete response head' }));
    const lines = [`GET ${request.path} HTTP/1.1`, ...request.headers.map(([name, value]) => `${name}: ${value}`)];
    socket.write(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  });
}

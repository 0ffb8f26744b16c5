import { createHash, randomBytes } from 'node:crypto';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { clientFrame, readFrame } from './frames.js';
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

/** Opcodes of RFC 6455 section 5.2. */
const PING = 0x9;
const PONG = 0xa;
const CLOSE = 0x8;

/**
 * Sends one HTTP/1.1 request exactly as given (raw, so a duplicated header goes out twice) and reads
 * the response head. After a 101 it sends a ping and waits for the pong (any RFC 6455 endpoint answers
 * one), so the tunnel is known to carry frames both ways; then it closes with a close frame. Never
 * throws: errors and time-outs come back as status 0 (or as `frames` after a 101).
 */
export function exchange(target: ProbeTarget, request: ProbeRequest, timeoutMs: number): Promise<ProbeResponse> {
  return new Promise((resolve) => {
    const sni = request.headers.find(([name]) => name.toLowerCase() === 'host')?.[1].replace(/:\d+$/, '') ?? target.host;
    const socket = openSocket(target, sni);
    const marker = Buffer.from(`wsctl-probe-${randomBytes(4).toString('hex')}`);
    let data = Buffer.alloc(0);
    let head: Pick<ProbeResponse, 'status' | 'headers'> | null = null;
    let pingSent = 0;
    let settled = false;
    const finish = (response: ProbeResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (response.status === 101) {
        socket.end(clientFrame(CLOSE, Buffer.from([0x03, 0xe8])));
        setTimeout(() => socket.destroy(), 1_000).unref();
      } else socket.destroy();
      resolve(response);
    };
    const fail = (error: string): void => finish(head ? { ...head, error: null, frames: `no pong: ${error}` } : { status: 0, headers: {}, error, frames: null });
    const timer = setTimeout(() => fail(`nothing within ${timeoutMs} ms`), timeoutMs);
    const readFrames = (): void => {
      for (let frame = readFrame(data); frame; frame = readFrame(data)) {
        data = data.subarray(frame.size);
        if (frame.opcode === PONG && frame.payload.equals(marker)) {
          finish({ ...(head ?? { status: 101, headers: {} }), error: null, frames: `pong after ${Date.now() - pingSent} ms` });
          return;
        }
        if (frame.opcode === CLOSE) {
          const code = frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : 1005;
          fail(`the gateway sent a close frame (${code}) instead of a pong`);
          return;
        }
      }
    };
    socket.on('error', (error: Error) => fail(error.message));
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      if (!head) {
        const end = data.indexOf('\r\n\r\n');
        if (end < 0) return;
        head = parseHead(data.subarray(0, end).toString('latin1'));
        data = data.subarray(end + 4);
        if (head.status !== 101) {
          finish({ ...head, error: null, frames: null });
          return;
        }
        pingSent = Date.now();
        socket.write(clientFrame(PING, marker));
      }
      readFrames();
    });
    socket.on('end', () => fail('the connection was closed'));
    const lines = [`GET ${request.path} HTTP/1.1`, ...request.headers.map(([name, value]) => `${name}: ${value}`)];
    socket.write(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  });
}

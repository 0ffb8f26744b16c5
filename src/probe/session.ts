import { randomBytes } from 'node:crypto';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { clientFrame, readFrame } from './frames.js';
import type { ProbeRequest } from './types.js';

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

/** Opcodes of RFC 6455 section 5.2. */
const TEXT = 0x1;
const BINARY = 0x2;
const CLOSE = 0x8;
const PING = 0x9;
const PONG = 0xa;

/** The response head of one request: status (0 when none came), headers, or the connection error. */
export interface ResponseHead {
  /** HTTP status, or 0 when no status line came back (connection error, time-out). */
  status: number;
  /** Response header names (lowercase) and values, repeated names joined with ', '. */
  headers: Record<string, string>;
  /** The connection error or time-out, or null. */
  error: string | null;
}

/** An open WebSocket after a 101: just what the probe's checks need. */
export interface WsSession {
  /** Sends a ping with a fresh payload; resolves with the milliseconds until its pong, or why none came. */
  ping(timeoutMs: number): Promise<{ ok: true; ms: number } | { ok: false; why: string }>;
  /** Sends one text message. */
  sendText(text: string): void;
  /** The next data message (binary shown as `<N bytes>`), or null when none came in time or the socket closed. */
  nextMessage(timeoutMs: number): Promise<string | null>;
  /** Resolves with the time of the close (Date.now()) once the gateway closes the socket, or null after timeoutMs. */
  waitClosed(timeoutMs: number): Promise<number | null>;
  /** Why the socket closed ("the connection was closed", "close frame 1001", an error), or null while open. */
  closedWhy(): string | null;
  /** Time of the last frame received (Date.now()). */
  lastReceivedAt(): number;
  /** Closes with a close frame and resolves once the TCP connection is gone (at most 1 s). */
  close(): Promise<void>;
}

function openSocket(target: ProbeTarget, sniHost: string): Socket {
  if (!target.tls) return netConnect({ host: target.host, port: target.port });
  const servername = isIP(sniHost) === 0 ? sniHost : undefined;
  return tlsConnect({ host: target.host, port: target.port, servername, rejectUnauthorized: !target.insecure, ALPNProtocols: ['http/1.1'] });
}

/** Parses a response head (status line and header lines). */
export function parseHead(head: string): Pick<ResponseHead, 'status' | 'headers'> {
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

type Waiter<T> = { resolve: (value: T) => void; timer: NodeJS.Timeout };

/** The session side of a socket after its 101: frame parsing, waiters for pongs, messages and the close. */
function sessionOn(socket: Socket, initial: Buffer): WsSession {
  let data = initial;
  let closed: string | null = null;
  let closedAt = 0;
  let lastReceived = Date.now();
  const messages: string[] = [];
  const pongs = new Map<string, Waiter<number>>();
  const messageWaiters: Waiter<string | null>[] = [];
  const closeWaiters: Waiter<number | null>[] = [];
  const markClosed = (why: string): void => {
    if (closed !== null) return;
    closed = why;
    closedAt = Date.now();
    for (const w of [...pongs.values()]) (clearTimeout(w.timer), w.resolve(-1));
    pongs.clear();
    for (const w of messageWaiters.splice(0)) (clearTimeout(w.timer), w.resolve(null));
    for (const w of closeWaiters.splice(0)) (clearTimeout(w.timer), w.resolve(closedAt));
  };
  const readFrames = (): void => {
    for (let frame = readFrame(data); frame; frame = readFrame(data)) {
      data = data.subarray(frame.size);
      lastReceived = Date.now();
      if (frame.opcode === PONG) {
        const key = frame.payload.toString('latin1');
        const waiter = pongs.get(key);
        if (waiter) (pongs.delete(key), clearTimeout(waiter.timer), waiter.resolve(Date.now()));
      } else if (frame.opcode === PING) {
        if (!socket.destroyed) socket.write(clientFrame(PONG, frame.payload.subarray(0, 125)));
      } else if (frame.opcode === CLOSE) {
        markClosed(`the gateway sent a close frame (${frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : 1005})`);
      } else if (frame.opcode === TEXT || frame.opcode === BINARY || frame.opcode === 0) {
        const text = frame.opcode === BINARY ? `<${frame.payload.length} bytes>` : frame.payload.toString('utf8');
        const waiter = messageWaiters.shift();
        if (waiter) (clearTimeout(waiter.timer), waiter.resolve(text));
        else messages.push(text);
      }
    }
  };
  socket.on('data', (chunk: Buffer) => {
    data = Buffer.concat([data, chunk]);
    readFrames();
  });
  socket.on('end', () => markClosed('the connection was closed'));
  socket.on('close', () => markClosed('the connection was closed'));
  socket.on('error', (error: Error) => markClosed(error.message));
  readFrames();
  return {
    ping(timeoutMs) {
      if (closed !== null) return Promise.resolve({ ok: false, why: closed });
      const payload = `wsctl-probe-${randomBytes(4).toString('hex')}`;
      const sent = Date.now();
      return new Promise((resolve) => {
        const timer = setTimeout(() => (pongs.delete(payload), resolve({ ok: false, why: `no pong within ${timeoutMs} ms` })), timeoutMs);
        pongs.set(payload, { timer, resolve: (at) => resolve(at < 0 ? { ok: false, why: closed ?? 'closed' } : { ok: true, ms: at - sent }) });
        socket.write(clientFrame(PING, Buffer.from(payload, 'latin1')));
      });
    },
    sendText(text) {
      if (closed === null) socket.write(clientFrame(TEXT, Buffer.from(text, 'utf8')));
    },
    nextMessage(timeoutMs) {
      const queued = messages.shift();
      if (queued !== undefined) return Promise.resolve(queued);
      if (closed !== null) return Promise.resolve(null);
      return new Promise((resolve) => {
        const waiter: Waiter<string | null> = { resolve, timer: setTimeout(() => (messageWaiters.splice(messageWaiters.indexOf(waiter), 1), resolve(null)), timeoutMs) };
        messageWaiters.push(waiter);
      });
    },
    waitClosed(timeoutMs) {
      if (closed !== null) return Promise.resolve(closedAt);
      return new Promise((resolve) => {
        const waiter: Waiter<number | null> = { resolve, timer: setTimeout(() => (closeWaiters.splice(closeWaiters.indexOf(waiter), 1), resolve(null)), timeoutMs) };
        closeWaiters.push(waiter);
      });
    },
    closedWhy: () => closed,
    lastReceivedAt: () => lastReceived,
    close() {
      return new Promise((resolve) => {
        if (socket.destroyed) return resolve();
        const timer = setTimeout(() => (socket.destroy(), resolve()), 1_000);
        timer.unref();
        socket.once('close', () => (clearTimeout(timer), resolve()));
        if (closed === null) socket.end(clientFrame(CLOSE, Buffer.from([0x03, 0xe8])));
        else socket.end();
      });
    },
  };
}

/**
 * Sends one HTTP/1.1 request exactly as given (raw, so a duplicated header goes out twice) and reads
 * the response head. After a 101 the socket stays open as a session (the caller closes it); for any
 * other answer the connection is closed. Never throws: errors and time-outs come back as status 0.
 */
export function openExchange(target: ProbeTarget, request: ProbeRequest, timeoutMs: number): Promise<{ head: ResponseHead; session: WsSession | null }> {
  return new Promise((resolve) => {
    const sni = request.headers.find(([name]) => name.toLowerCase() === 'host')?.[1].replace(/:\d+$/, '') ?? target.host;
    const socket = openSocket(target, sni);
    let data = Buffer.alloc(0);
    let settled = false;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      socket.removeAllListeners('data');
      socket.removeAllListeners('end');
      socket.removeAllListeners('error');
      return true;
    };
    const refuse = (head: ResponseHead): void => {
      if (!settle()) return;
      socket.on('error', () => undefined);
      socket.destroy();
      resolve({ head, session: null });
    };
    const fail = (error: string): void => refuse({ status: 0, headers: {}, error });
    const timer = setTimeout(() => fail(`nothing within ${timeoutMs} ms`), timeoutMs);
    socket.on('error', (error: Error) => fail(error.message));
    socket.on('end', () => fail('the connection was closed'));
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = { ...parseHead(data.subarray(0, end).toString('latin1')), error: null };
      if (head.status !== 101) return refuse(head);
      // a 101: the rest of the bytes (frames sent right after it, a greeting) belong to the session
      if (settle()) resolve({ head, session: sessionOn(socket, data.subarray(end + 4)) });
    });
    const lines = [`GET ${request.path} HTTP/1.1`, ...request.headers.map(([name, value]) => `${name}: ${value}`)];
    socket.write(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  });
}

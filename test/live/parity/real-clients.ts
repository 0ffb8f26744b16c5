/**
 * Parity scenarios with real third-party peers: socket.io 4.8 servers and the Node client with its
 * default transports (long-polling, then the upgrade to a WebSocket) behind every affinity type, a
 * round-robin control that must break socket.io, `ws` with permessage-deflate end to end, and a
 * browser-like Origin flow (same-origin polling without Origin, then an upgrade with one).
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { Socket as NetSocket } from 'node:net';
import { Server as SocketIoServer } from 'socket.io';
import { io as socketIoClient, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import { expect } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { parse } from 'yaml';
import type { Backend, Gateway, GatewaySpec, Route } from '../../../src/spec/types.generated.js';
import { launch, simpleSpec, type ParityContext } from './kit.js';
import type { ParityScenario } from './scenarios.js';
import { proxyTargets } from './targets.js';

/** Started socket.io servers: their ports, and how many clients each has seen connect. */
interface SocketIoServers {
  /** Ports on 127.0.0.1, server i answers whoami with `s<i>`. */
  ports: number[];
  /** Connections seen per server. */
  connections: number[];
}

/**
 * Starts `count` socket.io 4.8 servers. pingInterval is short so that a held poll returns quickly (the
 * suite stays fast); each server acks 'whoami' with its id and the transport the client is on.
 */
async function startSocketIoServers(ctx: ParityContext, count: number): Promise<SocketIoServers> {
  const servers: SocketIoServers = { ports: [], connections: Array.from({ length: count }, () => 0) };
  for (let i = 0; i < count; i++) {
    const http = createServer();
    const sio = new SocketIoServer(http, { pingInterval: 300, pingTimeout: 2_000 });
    sio.on('connection', (socket) => {
      servers.connections[i] = (servers.connections[i] ?? 0) + 1;
      socket.on('whoami', (ack: (reply: { id: string; transport: string }) => void) => ack({ id: `s${i}`, transport: socket.conn.transport.name }));
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
    ctx.defer(() => new Promise<void>((done) => sio.close(() => done())));
    const address = http.address();
    servers.ports.push(typeof address === 'object' && address ? address.port : 0);
  }
  return servers;
}

/** The socket.io route: polling is plain HTTP on the same path, so the route proxies it. */
const SOCKET_IO_ROUTE: Partial<Route> = { match: { path: '/socket.io/' }, websocket: { plainHttp: 'proxy', idleTimeout: '1m' } };

/** What one socket.io session achieved. */
type Session = { ok: true; servers: string[]; transport: string } | { ok: false; error: string };

/** Rejects after ms with `what`. */
function deadline(ms: number, what: string): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(what)), ms));
}

/**
 * One socket.io session with the default transports: connect (long-polling), wait for the upgrade to a
 * WebSocket, then ask the server who it is three times. Any refusal, "Session ID unknown" or disconnect
 * on the way makes it fail.
 */
async function socketIoSession(url: string, options: Partial<ManagerOptions & SocketOptions> = {}, upgradeWithinMs = 4_000): Promise<Session> {
  const socket = socketIoClient(url, { reconnection: false, forceNew: true, timeout: 4_000, ...options });
  const errors: string[] = [];
  socket.on('disconnect', (reason) => errors.push(`disconnect: ${reason}`));
  try {
    await Promise.race([
      new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', (error) => reject(error));
      }),
      deadline(5_000, 'no connect within 5 s'),
    ]);
    const engine = socket.io.engine;
    if (engine.transport.name !== 'websocket') {
      await Promise.race([new Promise<void>((resolve) => engine.once('upgrade', () => resolve())), deadline(upgradeWithinMs, `still on ${engine.transport.name} after ${upgradeWithinMs} ms`)]);
    }
    const servers: string[] = [];
    let transport = '';
    for (let i = 0; i < 3; i++) {
      const reply = (await socket.timeout(3_000).emitWithAck('whoami')) as { id: string; transport: string };
      servers.push(reply.id);
      transport = reply.transport;
    }
    if (errors.length) return { ok: false, error: errors.join('; ') };
    return { ok: true, servers, transport };
  } catch (error) {
    return { ok: false, error: [String(error), ...errors].join('; ') };
  } finally {
    socket.close();
  }
}

/** Runs `sessions` sessions one after the other and expects each to stay on one server and upgrade. */
async function expectStickySessions(url: string, sessions: number, options: (i: number) => Partial<ManagerOptions & SocketOptions>): Promise<string[]> {
  const landed: string[] = [];
  for (let i = 0; i < sessions; i++) {
    const session = await socketIoSession(url, options(i));
    expect(session, `session ${i}`).toMatchObject({ ok: true, transport: 'websocket' });
    if (!session.ok) continue;
    expect(new Set(session.servers).size, `session ${i} on one server: ${session.servers.join(',')}`).toBe(1);
    landed.push(session.servers[0] ?? '');
  }
  return landed;
}

/** Launches 3 socket.io servers behind a gateway whose backend has `backend` settings. */
async function socketIoGateway(ctx: ParityContext, backend: Partial<Backend>, route: Partial<Route> = {}): Promise<{ url: string; servers: SocketIoServers }> {
  const servers = await startSocketIoServers(ctx, 3);
  const endpoints = servers.ports.map((port) => ({ address: '127.0.0.1', port }));
  const { port } = await launch(ctx, 0, (p) => simpleSpec(p, endpoints, { ...SOCKET_IO_ROUTE, ...route }, backend));
  return { url: `http://127.0.0.1:${port}`, servers };
}

/** Bytes a ws client socket wrote and read on the wire (the raw TCP socket under the WebSocket). */
function wireCounter(ws: WebSocket): () => { written: number; read: number } {
  let socket: NetSocket | null = null;
  ws.once('upgrade', (res) => (socket = res.socket));
  return () => ({ written: socket?.bytesWritten ?? 0, read: socket?.bytesRead ?? 0 });
}

export const REAL_CLIENT_SCENARIOS: ParityScenario[] = [
  {
    name: 'keeps real socket.io sessions (polling, then the upgrade) on one of 3 servers by client IP',
    features: ['affinity-source-ip', 'plain-http-proxy', 'websocket-upgrade'],
    async run(ctx) {
      const { url, servers } = await socketIoGateway(ctx, { affinity: { type: 'sourceIp' } });
      const landed = await expectStickySessions(url, 3, () => ({}));
      expect(new Set(landed).size, 'one client address, one server').toBe(1);
      expect(servers.connections.reduce((a, b) => a + b, 0)).toBe(3);
    },
  },
  {
    name: 'keeps real socket.io sessions on one server by cookie, with and without a cookie jar',
    features: ['affinity-cookie', 'plain-http-proxy', 'websocket-upgrade'],
    async run(ctx) {
      const { url } = await socketIoGateway(ctx, { affinity: { type: 'cookie', cookie: { name: 'SIOAFF', ttl: '1h' } } });
      // the Node client keeps no cookies by default: the gateway's fallback must keep it in place
      const cookieless = await expectStickySessions(url, 3, () => ({}));
      // with a cookie jar the client sends the cookie from its first response on
      const withJar = await expectStickySessions(url, 3, () => ({ withCredentials: true }));
      expect(new Set([...cookieless, ...withJar]).size, `${cookieless.join(',')} / ${withJar.join(',')}`).toBe(1);
    },
  },
  {
    name: 'keeps real socket.io sessions on one server by a header, and spreads different values',
    features: ['affinity-header', 'plain-http-proxy', 'websocket-upgrade'],
    async run(ctx) {
      const { url } = await socketIoGateway(ctx, { affinity: { type: 'header', header: { name: 'X-Session' } } });
      const same = await expectStickySessions(url, 3, () => ({ extraHeaders: { 'X-Session': 'alice' } }));
      expect(new Set(same).size).toBe(1);
      const spread = await expectStickySessions(url, 8, (i) => ({ extraHeaders: { 'X-Session': `user-${i}` } }));
      expect(new Set(spread).size, spread.join(',')).toBeGreaterThan(1);
    },
  },
  {
    name: 'keeps real socket.io sessions on one server by a query parameter, and spreads different values',
    features: ['affinity-query-param', 'plain-http-proxy', 'websocket-upgrade'],
    async run(ctx) {
      const { url } = await socketIoGateway(ctx, { affinity: { type: 'queryParam', queryParam: { name: 'room' } } });
      const same = await expectStickySessions(url, 3, () => ({ query: { room: 'lobby' } }));
      expect(new Set(same).size).toBe(1);
      const spread = await expectStickySessions(url, 8, (i) => ({ query: { room: `room-${i}` } }));
      expect(new Set(spread).size, spread.join(',')).toBeGreaterThan(1);
    },
  },
  {
    name: 'breaks real socket.io behind roundRobin without affinity (the control: affinity is what makes it work)',
    features: ['balance-round-robin', 'plain-http-proxy'],
    async run(ctx) {
      const { url } = await socketIoGateway(ctx, { balance: 'roundRobin' });
      for (let i = 0; i < 3; i++) {
        const session = await socketIoSession(url);
        expect(session.ok, `session ${i} should lose its server: ${JSON.stringify(session)}`).toBe(false);
      }
    },
  },
  {
    name: 'passes permessage-deflate end to end: negotiated by ws on both sides, compressed on the wire',
    features: ['websocket-upgrade'],
    async run(ctx) {
      const http = createServer();
      const wss = new WebSocketServer({ server: http, perMessageDeflate: { threshold: 0 } });
      const seen: { headers: IncomingHttpHeaders; extensions: string }[] = [];
      wss.on('connection', (ws, req) => {
        seen.push({ headers: req.headers, extensions: ws.extensions });
        ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
      });
      await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
      ctx.defer(
        () =>
          new Promise<void>((done) => {
            for (const client of wss.clients) client.terminate();
            http.closeAllConnections();
            http.close(() => done());
          }),
      );
      const address = http.address();
      const backendPort = typeof address === 'object' && address ? address.port : 0;
      const { base } = await launch(ctx, 0, (p) => simpleSpec(p, [{ address: '127.0.0.1', port: backendPort }]));
      const ws = new WebSocket(`${base}/ws`, { perMessageDeflate: true });
      ws.on('error', () => undefined);
      const wire = wireCounter(ws);
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      });
      expect(ws.extensions).toContain('permessage-deflate');
      expect(seen[0]?.headers['sec-websocket-extensions']).toContain('permessage-deflate');
      expect(seen[0]?.extensions).toContain('permessage-deflate');
      const before = wire();
      const message = 'all work and no play makes jack a dull boy. '.repeat(6_000);
      const echoed = await new Promise<string>((resolve) => {
        ws.once('message', (data) => resolve(data.toString()));
        ws.send(message);
      });
      expect(echoed).toBe(message);
      const after = wire();
      // 264 KB of text each way; compressed, a few KB
      expect(after.written - before.written, 'bytes sent on the wire').toBeLessThan(message.length / 10);
      expect(after.read - before.read, 'bytes received on the wire').toBeLessThan(message.length / 10);
      ws.close();
    },
  },
  {
    name: 'serves a browser-like socket.io client: same-origin polling without Origin, then the upgrade with an allowed one',
    features: ['origin-allowlist', 'plain-http-proxy', 'affinity-source-ip', 'websocket-upgrade'],
    async run(ctx) {
      const { url } = await socketIoGateway(ctx, { affinity: { type: 'sourceIp' } }, { allowedOrigins: ['https://app.test'] });
      // a browser sends no Origin on same-origin GETs and POSTs of the polling transport, and always
      // sends one on the WebSocket handshake
      const browser = await socketIoSession(url, { transportOptions: { websocket: { origin: 'https://app.test' } } });
      expect(browser).toMatchObject({ ok: true, transport: 'websocket' });
      // a page from another origin: its upgrade is refused, so it never leaves polling
      const foreign = await socketIoSession(url, { transportOptions: { websocket: { origin: 'https://evil.test' } } }, 2_000);
      expect(foreign.ok).toBe(false);
      expect(foreign.ok ? '' : foreign.error).toMatch(/still on polling/);
      // and its polling with the wrong Origin is refused outright
      const poll = await fetch(`${url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: 'https://evil.test' } });
      expect(poll.status).toBe(403);
    },
  },
  {
    name: 'runs the socket.io example with real socket.io (socketio.yaml; socketio-nginx.yaml where health checks are refused)',
    features: ['affinity-source-ip', 'plain-http-proxy', 'websocket-upgrade'],
    async run(ctx) {
      const capabilities = proxyTargets().find((t) => t.name === ctx.runner.target)?.capabilities;
      const file = capabilities?.['health-check-websocket'].level === 'yes' ? 'socketio.yaml' : 'socketio-nginx.yaml';
      const example = (parse(readFileSync(new URL(`../../../examples/${file}`, import.meta.url), 'utf8')) as Gateway).spec;
      const servers = await startSocketIoServers(ctx, 3);
      const { port } = await launch(ctx, 0, (p) => ({
        ...example,
        listeners: example.listeners.map((l) => ({ ...l, port: p, address: '127.0.0.1' })) as GatewaySpec['listeners'],
        backends: example.backends.map((b) => ({ ...b, endpoints: servers.ports.map((sp) => ({ address: '127.0.0.1', port: sp })) })) as GatewaySpec['backends'],
        // the example's 16,384 sockets need more fds than this machine gives one HAProxy process
        limits: { ...example.limits, maxConnections: 1_000 },
      }));
      const landed = await expectStickySessions(`http://127.0.0.1:${port}`, 3, () => ({}));
      expect(new Set(landed).size).toBe(1);
    },
  },
];

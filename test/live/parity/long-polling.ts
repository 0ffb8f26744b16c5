/**
 * Parity scenarios of plain HTTP on `plainHttp: proxy` routes next to WebSockets: a long-polling
 * request may take longer than handshakeTimeout (which bounds the upgrade only), proven with a raw
 * slow backend and with the real socket.io server and client.
 */
import { createServer, type Server } from 'node:http';
import type { Socket as NetSocket } from 'node:net';
import { expect } from 'vitest';
import { Server as SocketIoServer } from 'socket.io';
import { io as socketIoClient, type Socket } from 'socket.io-client';
import { connect } from '../harness/ws-client.js';
import { launch, simpleSpec, timed, type ParityContext } from './kit.js';
import type { ParityScenario } from './scenarios.js';

/** Listens on a free 127.0.0.1 port, closes in teardown (every socket destroyed, upgraded ones too), resolves with the port. */
async function listen(ctx: ParityContext, server: Server): Promise<number> {
  const sockets = new Set<NetSocket>();
  server.on('connection', (socket: NetSocket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  ctx.defer(
    () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  );
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

/** A backend that answers plain requests after delayMs and never answers an upgrade. */
async function startSlowBackend(ctx: ParityContext, delayMs: number): Promise<number> {
  const server = createServer((_req, res) => {
    const timer = setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain' }).end('slow:ok'), delayMs);
    res.on('close', () => clearTimeout(timer));
  });
  // an http server's sockets are half-open capable: end ours when a proxy closes its side (FIN, as
  // Envoy does), or close() waits for it forever
  server.on('upgrade', (_req, socket) => socket.on('error', () => undefined).on('end', () => socket.destroy()).resume());
  return listen(ctx, server);
}

/** Resolves when the client connected, rejects on a connect error. */
function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
}

/** An acknowledged echo through socket.io, with a deadline. */
function echo(socket: Socket, text: string): Promise<string> {
  return socket.timeout(3_000).emitWithAck('echo', text) as Promise<string>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export const LONG_POLLING_SCENARIOS: ParityScenario[] = [
  {
    name: 'lets a plain request on a proxy route outlast handshakeTimeout, while an unanswered upgrade is cut at it',
    features: ['handshake-timeout', 'plain-http-proxy'],
    async run(ctx) {
      const slowPort = await startSlowBackend(ctx, 2_500);
      const { port, base } = await launch(ctx, 0, (p) =>
        simpleSpec(p, [{ address: '127.0.0.1', port: slowPort }], { websocket: { plainHttp: 'proxy', handshakeTimeout: '1s', idleTimeout: '1h' } }),
      );
      const plain = await timed(async () => {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/ws/poll`, { signal: AbortSignal.timeout(8_000) });
          return { status: res.status, body: await res.text() };
        } catch (error) {
          return { status: 0, body: String(error) };
        }
      });
      expect(plain.value, `after ${plain.ms} ms`).toEqual({ status: 200, body: 'slow:ok' });
      expect(plain.ms).toBeGreaterThanOrEqual(2_400);
      const upgrade = await timed(() => connect(`${base}/ws`, { handshakeTimeout: 8_000 }));
      expect(upgrade.value.ok).toBe(false);
      expect(upgrade.ms).toBeGreaterThanOrEqual(800);
      expect(upgrade.ms).toBeLessThan(4_000);
    },
  },
  {
    name: 'keeps real socket.io long-polling alive past pingInterval and upgrades it, on the examples/socketio.yaml shape',
    features: ['handshake-timeout', 'plain-http-proxy', 'websocket-upgrade', 'affinity-source-ip', 'health-check-websocket'],
    async run(ctx) {
      // two socket.io servers behind source-IP affinity, health-checked with a real 101 like the example;
      // a poll is held for pingInterval, and handshakeTimeout is shorter on purpose
      const ports: number[] = [];
      for (const id of ['s0', 's1']) {
        const httpServer = createServer();
        const sio = new SocketIoServer(httpServer, { pingInterval: 2_000, pingTimeout: 2_000 });
        sio.on('connection', (socket) => socket.on('echo', (text: string, ack: (reply: string) => void) => ack(`${id}:${text}`)));
        ctx.defer(() => new Promise<void>((done) => sio.close(() => done())));
        ports.push(await listen(ctx, httpServer));
      }
      const { port } = await launch(ctx, 0, (p) =>
        simpleSpec(
          p,
          ports.map((backendPort) => ({ address: '127.0.0.1', port: backendPort })),
          { match: { path: '/socket.io/' }, websocket: { plainHttp: 'proxy', handshakeTimeout: '1s', idleTimeout: '1m' } },
          {
            affinity: { type: 'sourceIp' },
            healthCheck: { path: '/socket.io/?EIO=4&transport=websocket', interval: '1s', timeout: '500ms', healthyThreshold: 1, unhealthyThreshold: 2, expect: 'websocket' },
          },
        ),
      );
      const url = `http://127.0.0.1:${port}`;
      const polling = socketIoClient(url, { transports: ['polling'], reconnection: false });
      const upgraded = socketIoClient(url, { reconnection: false });
      ctx.defer(() => {
        polling.close();
        upgraded.close();
      });
      const disconnects: string[] = [];
      polling.on('disconnect', (reason) => disconnects.push(`polling: ${reason}`));
      upgraded.on('disconnect', (reason) => disconnects.push(`upgraded: ${reason}`));
      await Promise.all([connected(polling), connected(upgraded)]);
      const sid = polling.id;
      // two and a half ping intervals: every poll in between was held about 2 s, twice handshakeTimeout
      await sleep(5_000);
      expect(disconnects).toEqual([]);
      expect(polling.id).toBe(sid);
      expect(polling.io.engine.transport.name).toBe('polling');
      const pollingReply = await echo(polling, 'still polling');
      expect(pollingReply).toMatch(/^s[01]:still polling$/);
      expect(upgraded.io.engine.transport.name).toBe('websocket');
      // one client address: affinity keeps both clients, polls and upgrade alike, on one server
      expect(await echo(upgraded, 'upgraded')).toBe(`${pollingReply.split(':')[0] ?? ''}:upgraded`);
    },
  },
];

/**
 * Parity scenarios for the response-header room each target keeps per socket. The generated configs
 * keep nginx's per-socket buffers small (proxy_buffer_size: 1536 bytes on WebSocket-only routes, 4k on
 * plainHttp: proxy routes, docs/nginx.md), and the backend's response headers must fit in them: a 101
 * carrying a 1 KB cookie, and a plain response with 3.5 KB of headers on a proxy route, pass everywhere.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { expect } from 'vitest';
import { WebSocketServer } from 'ws';
import { mustConnect, roundTrip } from '../harness/ws-client.js';
import { launch, simpleSpec, type ParityContext } from './kit.js';
import type { ParityScenario } from './scenarios.js';

/** A cookie value of `bytes` characters (allowed in a cookie, no quoting needed). */
const filler = (bytes: number): string => 'c'.repeat(bytes);

/**
 * An echo backend that adds `cookieBytes` of Set-Cookie to every 101 and answers plain requests with
 * `plainHeaderBytes` of response headers (several X-Filler headers). Closed in teardown.
 */
async function startHeavyHeaderBackend(ctx: ParityContext, cookieBytes: number, plainHeaderBytes: number): Promise<number> {
  const server: Server = createServer((_req, res) => {
    const headers: Record<string, string> = { 'content-type': 'text/plain' };
    for (let i = 0; i * 500 < plainHeaderBytes; i++) headers[`x-filler-${i}`] = filler(Math.min(480, plainHeaderBytes - i * 500));
    res.writeHead(200, headers).end('heavy:ok');
  });
  const wss = new WebSocketServer({ noServer: true });
  wss.on('headers', (headers: string[]) => headers.push(`Set-Cookie: session=${filler(cookieBytes)}; Path=/; HttpOnly`));
  wss.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  ctx.defer(
    () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        wss.close();
        server.close(() => done());
      }),
  );
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

export const HEADER_SIZE_SCENARIOS: ParityScenario[] = [
  {
    name: 'passes a 101 carrying a 1 KB Set-Cookie on a WebSocket-only route, and the socket echoes',
    features: ['websocket-upgrade', 'plain-http-reject'],
    async run(ctx) {
      const backendPort = await startHeavyHeaderBackend(ctx, 1024, 0);
      const { base } = await launch(ctx, 0, (p) => simpleSpec(p, [{ address: '127.0.0.1', port: backendPort }], { websocket: { plainHttp: 'reject' } }));
      const { ws, headers } = await mustConnect(`${base}/ws`);
      try {
        expect(String(headers['set-cookie'])).toContain(`session=${filler(1024)}`);
        expect((await roundTrip(ws, 'through a small header buffer')).data.toString()).toBe('through a small header buffer');
      } finally {
        ws.terminate();
      }
    },
  },
  {
    name: 'passes a plain response with 3.5 KB of headers on a plainHttp: proxy route',
    features: ['plain-http-proxy'],
    async run(ctx) {
      const backendPort = await startHeavyHeaderBackend(ctx, 0, 3584);
      const { port } = await launch(ctx, 0, (p) => simpleSpec(p, [{ address: '127.0.0.1', port: backendPort }], { websocket: { plainHttp: 'proxy' } }));
      const res = await fetch(`http://127.0.0.1:${port}/ws/poll`, { signal: AbortSignal.timeout(5_000) });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('heavy:ok');
      expect(res.headers.get('x-filler-6')).toHaveLength(480);
    },
  },
];

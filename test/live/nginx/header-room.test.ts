import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { connect, mustConnect } from '../harness/ws-client.js';
import { nginxPrefix } from './runner.js';
import { scenario, simpleSpec, type Scenario } from './setup.js';

// A backend whose 101 carries a Set-Cookie of the size the path asks for (/ws/cookie/BYTES).
const server = createServer((_req, res) => res.writeHead(404).end());
const wss = new WebSocketServer({ noServer: true });
const sockets = new Set<Socket>();
let gw: Scenario;

beforeAll(async () => {
  wss.on('headers', (headers: string[], req: IncomingMessage) => {
    const bytes = Number(/\/cookie\/(\d+)$/.exec(req.url ?? '')?.[1] ?? 0);
    if (bytes) headers.push(`Set-Cookie: session=${'c'.repeat(bytes)}; Path=/`);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const backendPort = typeof address === 'object' && address ? address.port : 0;
  gw = await scenario('header-room', 0, (port) => simpleSpec(port, [{ address: '127.0.0.1', port: backendPort }]));
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  wss.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('nginx: the response-header room of a WebSocket-only route (proxy_buffer_size 1536)', () => {
  it('passes a 101 with a 1 KB cookie, and answers one with a 2 KB cookie 502, saying why in error.log', async () => {
    const { ws } = await mustConnect(`${gw.base}/ws/cookie/1024`);
    ws.terminate();
    const refused = await connect(`${gw.base}/ws/cookie/2048`);
    expect(refused.ok).toBe(false);
    expect(refused.ok ? 0 : refused.status).toBe(502);
    expect(readFileSync(join(nginxPrefix(gw.gateway), 'error.log'), 'utf8')).toContain('upstream sent too big header');
  });
});

import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect as netConnect } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import type { Backend, Gateway, GatewaySpec, Route } from '../../../src/spec/types.generated.js';
import { startEchoBackend, type EchoBackend } from '../harness/echo-backend.js';
import type { GatewayRunner, RunningGateway } from '../harness/gateway.js';
import { freePort } from '../harness/ports.js';

/** What a scenario gets: the runner of the target under test, a work directory, and cleanup registration. */
export interface ParityContext {
  /** Runner of the target under test. */
  runner: GatewayRunner;
  /** Fresh directory for this scenario. */
  dir: string;
  /** Registers a teardown step (run in reverse order after the scenario). */
  defer(step: () => Promise<void> | void): void;
}

/** A started gateway with its echo backends. */
export interface Launched {
  /** The proxy. */
  gateway: RunningGateway;
  /** Listener port. */
  port: number;
  /** ws://127.0.0.1:PORT or wss://. */
  base: string;
  /** Echo backends b0, b1, ... */
  backends: EchoBackend[];
}

/** Endpoints of started echo backends. */
export type Endpoints = { address: string; port: number }[];

/** Starts `count` echo backends and the gateway whose spec `build` returns; everything is stopped afterwards. */
export async function launch(ctx: ParityContext, count: number, build: (port: number, endpoints: Endpoints) => GatewaySpec, tls = false): Promise<Launched> {
  const backends = await Promise.all(Array.from({ length: count }, (_, i) => startEchoBackend(`b${i}`)));
  ctx.defer(() => Promise.all(backends.map((b) => b.close())).then(() => undefined));
  const port = await freePort();
  const spec: Gateway = { apiVersion: 'wsctl/v1', kind: 'Gateway', metadata: { name: 'parity' }, spec: build(port, backends.map((b) => ({ address: '127.0.0.1', port: b.port }))) };
  const gateway = await ctx.runner.start(spec, ctx.dir);
  ctx.defer(() => gateway.stop());
  return { gateway, port, base: `${tls ? 'wss' : 'ws'}://127.0.0.1:${port}`, backends };
}

/** One plain listener on 127.0.0.1:port, one route on /ws, one backend; override what a scenario needs. */
export function simpleSpec(port: number, endpoints: Endpoints, route: Partial<Route> = {}, backend: Partial<Backend> = {}, rest: Partial<GatewaySpec> = {}): GatewaySpec {
  return {
    listeners: [{ name: 'public', port, address: '127.0.0.1' }],
    routes: [{ name: 'ws', match: { path: '/ws' }, backend: 'app', ...route }],
    backends: [{ name: 'app', endpoints: endpoints as Backend['endpoints'], ...backend }],
    ...rest,
  };
}

/** Writes a helper file (keys, tokens) into the scenario directory and returns its absolute path. */
export function writeFile(ctx: ParityContext, name: string, content: string): string {
  const path = join(ctx.dir, name);
  writeFileSync(path, content);
  return path;
}

/** A raw HTTP/1.1 exchange, for what clients libraries will not send (duplicate headers, h2c). */
export function rawRequest(port: number, lines: string[], timeoutMs = 3_000): Promise<{ status: number; head: string }> {
  return new Promise((resolve) => {
    const socket = netConnect({ host: '127.0.0.1', port });
    let data = '';
    const done = (): void => {
      socket.destroy();
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(data)?.[1] ?? 0);
      resolve({ status, head: data.split('\r\n\r\n')[0] ?? '' });
    };
    const timer = setTimeout(done, timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      data += chunk.toString('latin1');
      if (data.includes('\r\n\r\n')) {
        clearTimeout(timer);
        done();
      }
    });
    socket.on('error', () => {
      clearTimeout(timer);
      done();
    });
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}

/** The headers of a WebSocket upgrade request, for rawRequest. */
export function upgradeLines(path: string, extra: string[] = []): string[] {
  return [`GET ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', ...extra];
}

/** A backend whose health can be switched: GET /hc answers 200 or 503, a WebSocket upgrade on /hc answers 101 or 503. */
export interface SwitchableBackend {
  /** Id reported by whoami. */
  id: string;
  /** Port on 127.0.0.1. */
  port: number;
  /** Sets what the health endpoints answer. */
  setHealthy(healthy: boolean): void;
  /** Closes it. */
  close(): Promise<void>;
}

/** Starts a switchable-health WebSocket echo backend (whoami answers its id). */
export function startSwitchableBackend(ctx: ParityContext, id: string): Promise<SwitchableBackend> {
  let healthy = true;
  const server: Server = createServer((req, res) => {
    res.writeHead(req.url === '/hc' && !healthy ? 503 : 200).end('ok');
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    // health checkers reset the connection once they have their answer
    socket.on('error', () => undefined);
    if (req.url === '/hc' && !healthy) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('message', (data, isBinary) => ws.send(!isBinary && data.toString() === 'whoami' ? JSON.stringify({ id, url: req.url, headers: req.headers }) : data, { binary: isBinary }));
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const backend: SwitchableBackend = {
        id,
        port: typeof address === 'object' && address ? address.port : 0,
        setHealthy: (value) => (healthy = value),
        close: () =>
          new Promise<void>((done) => {
            for (const client of wss.clients) client.terminate();
            server.closeAllConnections();
            server.close(() => done());
          }),
      };
      ctx.defer(() => backend.close());
      resolve(backend);
    });
  });
}

/** Waits until check() holds, polling; throws with what after timeoutMs. */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Milliseconds an async step took, with its result. */
export async function timed<T>(step: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = Date.now();
  const value = await step();
  return { ms: Date.now() - start, value };
}

/** A TLS WebSocket echo backend (certificate for localhost / 127.0.0.1), for upstream TLS scenarios. */
export async function startTlsEchoBackend(ctx: ParityContext, id: string, cert: string, key: string): Promise<{ port: number }> {
  const { createServer: createHttpsServer } = await import('node:https');
  const { readFileSync } = await import('node:fs');
  const server = createHttpsServer({ cert: readFileSync(cert), key: readFileSync(key) }, (_req, res) => res.writeHead(200).end('ok'));
  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws, req) => {
    ws.on('message', (data, isBinary) => ws.send(!isBinary && data.toString() === 'whoami' ? JSON.stringify({ id, url: req.url, headers: req.headers }) : data, { binary: isBinary }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  ctx.defer(
    () =>
      new Promise<void>((done) => {
        for (const client of wss.clients) client.terminate();
        server.closeAllConnections();
        server.close(() => done());
      }),
  );
  const address = server.address();
  return { port: typeof address === 'object' && address ? address.port : 0 };
}

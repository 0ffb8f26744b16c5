/**
 * Envoy behaviours the parity suite does not cover, on real Envoy started through the generated run.sh:
 * the 15 s default route timeout never cuts an upgraded socket, the degraded handshake limit (one bucket
 * per route), the overload manager's gateway-wide connection cap, and gateways side by side.
 */
import { connect as netConnect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { Gateway, GatewaySpec } from '../../../src/spec/types.generated.js';
import { envoyUnavailable } from '../harness/binaries.js';
import { startEchoBackend, type EchoBackend } from '../harness/echo-backend.js';
import { makeWorkDir, type RunningGateway } from '../harness/gateway.js';
import { freePort } from '../harness/ports.js';
import { stopAllProcesses } from '../harness/processes.js';
import { closedWithin, connect, mustConnect, roundTrip } from '../harness/ws-client.js';
import { simpleSpec } from '../parity/kit.js';
import { envoyAdmin, envoyDir, envoyRunner } from './runner.js';

const unavailable = envoyUnavailable();
if (unavailable) process.stdout.write(`skipping Envoy live tests: ${unavailable}\n`);

const work = makeWorkDir('envoy');
const cleanups: (() => Promise<void>)[] = [];
let counter = 0;

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await stopAllProcesses();
  work.cleanup();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Starts echo backends and an Envoy gateway for the spec `build` returns; stopped after the file. */
async function start(count: number, build: (port: number, endpoints: { address: string; port: number }[]) => GatewaySpec): Promise<{ gateway: RunningGateway; port: number; backends: EchoBackend[] }> {
  const backends = await Promise.all(Array.from({ length: count }, (_, i) => startEchoBackend(`b${i}`)));
  cleanups.push(() => Promise.all(backends.map((b) => b.close())).then(() => undefined));
  const port = await freePort();
  const spec: Gateway = { apiVersion: 'wsctl/v1', kind: 'Gateway', metadata: { name: 'envoy-live' }, spec: build(port, backends.map((b) => ({ address: '127.0.0.1', port: b.port }))) };
  const gateway = await envoyRunner.start(spec, `${work.dir}/${++counter}`);
  cleanups.push(() => gateway.stop());
  return { gateway, port, backends };
}

/** Opens a TCP connection, sends text, and resolves with what came back and when the proxy closed it. */
function answerOf(port: number, text: string): Promise<{ data: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const began = Date.now();
    const socket = netConnect({ host: '127.0.0.1', port }, () => socket.write(text));
    let data = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`still open after 5 s, received ${JSON.stringify(data)}`));
    }, 5_000);
    socket.on('data', (chunk: Buffer) => (data += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ data, ms: Date.now() - began });
    });
  });
}

/** The sum of the admin's /stats counters and gauges whose name matches `pattern` (RE2). */
async function stat(gateway: RunningGateway, pattern: string): Promise<number> {
  const { body } = await envoyAdmin(envoyDir(gateway), `/stats?filter=${encodeURIComponent(pattern)}`);
  return [...body.matchAll(/: (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
}

describe.skipIf(unavailable !== undefined)('Envoy (live)', () => {
  it('keeps an upgraded socket past 20 s: neither handshakeTimeout nor the 15 s default route timeout cuts it', { timeout: 45_000 }, async () => {
    const { port } = await start(1, (p, eps) => simpleSpec(p, eps, { websocket: { handshakeTimeout: '2s', idleTimeout: '1h' } }));
    const { ws } = await mustConnect(`ws://127.0.0.1:${port}/ws`);
    ws.on('error', () => undefined);
    const opened = Date.now();
    // a frame every 5 s keeps it from being idle; the route timeout would cut it whatever the traffic
    while (Date.now() - opened < 21_000) {
      await sleep(5_000);
      expect((await roundTrip(ws, `at ${Date.now() - opened} ms`)).data.toString()).toMatch(/^at \d+ ms$/);
    }
    expect(ws.readyState).toBe(ws.OPEN);
    ws.close();
  });

  it('shares one handshake bucket per route between clients (the documented degradation of handshakesPerSecondPerClient)', async () => {
    const { port } = await start(1, (p, eps) => simpleSpec(p, eps, { rateLimit: { handshakesPerSecondPerClient: 2, burst: 2 } }));
    // two clients (source addresses), six concurrent handshakes each: together they get one bucket of 2 + 2
    const attempts = ['127.0.0.1', '127.0.0.2'].flatMap((localAddress) => Array.from({ length: 6 }, () => connect(`ws://127.0.0.1:${port}/ws`, { localAddress })));
    const results = await Promise.all(attempts);
    for (const r of results) if (r.ok) r.ws.close();
    const accepted = results.filter((r) => r.ok).length;
    expect(accepted).toBeGreaterThanOrEqual(2);
    expect(accepted).toBeLessThanOrEqual(5);
    expect(results.flatMap((r) => (r.ok ? [] : [r.status]))).toEqual(Array(12 - accepted).fill(429));
  });

  it('closes connections over limits.maxConnections at once, counts them, and leaves open sockets alone', async () => {
    const { gateway, port } = await start(1, (p, eps) => simpleSpec(p, eps, {}, {}, { limits: { maxConnections: 16 } }));
    const held = await Promise.all(Array.from({ length: 16 }, async () => (await mustConnect(`ws://127.0.0.1:${port}/ws`)).ws));
    for (const ws of held) ws.on('error', () => undefined);
    const over = await answerOf(port, 'GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    // measured on 1.40: Envoy accepts the TCP connection and closes it at once, with no HTTP answer
    // (no 503): the overload manager's downstream-connection monitor acts below HTTP
    expect(over.data).toBe('');
    expect(over.ms).toBeLessThan(2_000);
    expect(await stat(gateway, 'downstream_global_cx_overflow')).toBeGreaterThanOrEqual(1);
    for (const ws of held) expect((await roundTrip(ws, 'still here')).data.toString()).toBe('still here');
    const first = held[0];
    if (first) {
      first.close();
      await closedWithin(first, 2_000);
    }
    await sleep(200);
    const next = await mustConnect(`ws://127.0.0.1:${port}/ws`);
    next.ws.close();
    for (const ws of held) ws.close();
  });

  it('counts metrics scrapes in limits.maxConnections, and the cap holds exactly after them', async () => {
    // Measured on 1.40: ignore_global_conn_limit on the metrics listener lets scrapes through a full gateway,
    // but every such connection raises the cap for good when it closes (after 3 scrapes, 4 sockets over the
    // cap were let in). wsctl leaves the metrics listener under the cap; this test fails if that changes.
    const metricsPort = await freePort();
    const { port } = await start(1, (p, eps) => simpleSpec(p, eps, {}, {}, { limits: { maxConnections: 16 }, metrics: { address: '127.0.0.1', port: metricsPort, path: '/metrics' } }));
    const scrape = (): Promise<{ data: string; ms: number }> => answerOf(metricsPort, `GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    expect((await scrape()).data).toMatch(/^HTTP\/1\.1 200/);
    const held = [];
    for (let i = 0; i < 16; i++) {
      const { ws } = await mustConnect(`ws://127.0.0.1:${port}/ws`);
      ws.on('error', () => undefined);
      held.push(ws);
    }
    for (let i = 0; i < 3; i++) expect((await scrape()).data, 'a scrape while the gateway is full is refused like any connection').toBe('');
    const over = await answerOf(port, 'GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(over.data, 'still full after the refused scrapes').toBe('');
    const first = held.shift();
    first?.close();
    if (first) await closedWithin(first, 2_000);
    await sleep(200);
    expect((await scrape()).data, 'a free slot serves a scrape').toMatch(/^HTTP\/1\.1 200/);
    await sleep(200);
    const again = await mustConnect(`ws://127.0.0.1:${port}/ws`);
    again.ws.on('error', () => undefined);
    held.push(again.ws);
    const stillCapped = await answerOf(port, 'GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(stillCapped.data, 'the cap is 16 again, not 16 plus the scrapes').toBe('');
    for (const ws of held) ws.close();
  });

  it('runs two gateways side by side and hot-restarts each on its own base id', async () => {
    const one = await start(1, (p, eps) => simpleSpec(p, eps));
    const two = await start(1, (p, eps) => simpleSpec(p, eps));
    const { readFileSync } = await import('node:fs');
    const baseId = (g: RunningGateway): string => readFileSync(`${envoyDir(g)}/base-id`, 'utf8').trim();
    expect(baseId(one.gateway)).not.toBe(baseId(two.gateway));
    const sockets = [(await mustConnect(`ws://127.0.0.1:${one.port}/ws`)).ws, (await mustConnect(`ws://127.0.0.1:${two.port}/ws`)).ws];
    await one.gateway.reload();
    await two.gateway.reload();
    for (const ws of sockets) expect((await roundTrip(ws, 'across restarts')).data.toString()).toBe('across restarts');
    for (const port of [one.port, two.port]) (await mustConnect(`ws://127.0.0.1:${port}/ws`)).ws.close();
    for (const ws of sockets) ws.close();
  });
});

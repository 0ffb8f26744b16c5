/**
 * A real Envoy subscribed to `wsctl serve` as users set it up: `wsctl serve --watch` on the spec,
 * `wsctl bootstrap` for the Envoy (delta by default, --sotw for state of the world), `envoy -c`. A
 * WebSocket through Envoy reaches the served endpoint; an edited endpoint and an edited route path are
 * pushed and followed; the node's ACKs show on /status.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireEnvoy } from '../harness/binaries.js';
import { startEchoBackend, type EchoBackend } from '../harness/echo-backend.js';
import { freePort, waitForPort } from '../harness/ports.js';
import { startProcess, type TrackedProcess } from '../harness/processes.js';
import { connect, whoami } from '../harness/ws-client.js';
import { specText } from './gateway-fixture.js';
import { pollFor } from '../harness/poll.js';

const BIN = resolve('bin/run.js');

/** Polls until attempt() gives a value (Envoy applies pushes asynchronously). */
const eventually = <T>(what: string, attempt: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> => pollFor(what, attempt, timeoutMs);

/** The id of the backend a new WebSocket to url reaches, or undefined when refused. */
async function backendOf(url: string): Promise<string | undefined> {
  const handshake = await connect(url);
  if (!handshake.ok) return undefined;
  const { id } = await whoami(handshake.ws);
  handshake.ws.close();
  return id;
}

describe.each([
  ['delta', false],
  ['state-of-the-world', true],
])('a real Envoy over %s xDS', (variant, sotw) => {
  const dir = mkdtempSync(join(tmpdir(), 'wsctl-envoy-xds-'));
  const file = join(dir, 'edge.yaml');
  const nodeId = `edge-${variant}`;
  let a: EchoBackend;
  let b: EchoBackend;
  let serve: TrackedProcess;
  let envoy: TrackedProcess;
  let listenerPort: number;
  let adminPort: number;

  beforeAll(async () => {
    const envoyBinary = requireEnvoy();
    a = await startEchoBackend('A');
    b = await startEchoBackend('B');
    listenerPort = await freePort();
    adminPort = await freePort();
    const xdsPort = await freePort();
    writeFileSync(file, specText('edge', { listenerPort, endpointPort: a.port }));
    serve = startProcess(process.execPath, [BIN, 'serve', '--spec', file, '--xds-address', '127.0.0.1', '--xds-port', String(xdsPort), '--admin-port', String(adminPort), '--watch']);
    await waitForPort(adminPort, 20_000);
    const bootstrap = join(dir, 'bootstrap.yaml');
    const args = ['bootstrap', '--gateway', 'edge', '--xds-address', `127.0.0.1:${xdsPort}`, '--node-id', nodeId, '--admin-port', String(await freePort()), '--out', bootstrap];
    const written = spawnSync(process.execPath, [BIN, ...args, ...(sotw ? ['--sotw'] : [])], { encoding: 'utf8' });
    expect(written.status, written.stderr).toBe(0);
    // stdout is the pipe Node gives a child, a socket pair, as under journald or a supervisor reading
    // output over a socket: the xDS access log must reach it (a logger that opens /dev/stdout by path
    // fails there with ENXIO, and Envoy then rejects the listener)
    envoy = startProcess(envoyBinary, ['-c', bootstrap, '--use-dynamic-base-id', '--base-id-path', join(dir, 'base-id'), '--log-level', 'warn']);
  });

  afterAll(async () => {
    await envoy?.stop();
    // Envoy leaves its hot-restart shared memory in /dev/shm
    const baseId = readFileSync(join(dir, 'base-id'), { encoding: 'utf8', flag: 'a+' }).trim();
    if (/^[0-9]+$/.test(baseId)) rmSync(`/dev/shm/envoy_shared_memory_${baseId}0`, { force: true });
    await serve?.stop();
    await a?.close();
    await b?.close();
  });

  it('proxies WebSockets to the served endpoint and follows an endpoint move and a route edit', async () => {
    const url = (path: string): string => `ws://127.0.0.1:${listenerPort}${path}`;
    const served = await eventually('Envoy to serve the gateway', async () => (await backendOf(url('/ws'))) === 'A' || undefined, 30_000).catch((error: Error) => {
      throw new Error(`${error.message}\nenvoy:\n${envoy.output().slice(-3000)}\nwsctl serve:\n${serve.output().slice(-3000)}`);
    });
    expect(served).toBe(true);

    writeFileSync(file, specText('edge', { listenerPort, endpointPort: b.port }));
    await eventually('the endpoint move', async () => ((await backendOf(url('/ws'))) === 'B' ? true : undefined));

    writeFileSync(file, specText('edge', { listenerPort, endpointPort: b.port, path: '/chat' }));
    await eventually('the route edit', async () => ((await backendOf(url('/chat'))) === 'B' ? true : undefined));
    expect(await backendOf(url('/ws'))).toBeUndefined();

    const status = (await (await fetch(`http://127.0.0.1:${adminPort}/status`)).json()) as {
      gateways: Record<string, { types: Record<string, { version: string }> }>;
      nodes: { id: string; types: Record<string, { ackedVersion?: string; lastNack?: unknown }> }[];
    };
    const node = status.nodes.find((n) => n.id === nodeId);
    expect(node?.types['RouteConfiguration']?.ackedVersion).toBe(status.gateways['edge']?.types['RouteConfiguration']?.version);
    expect(Object.values(node?.types ?? {}).filter((t) => t.lastNack)).toEqual([]);
    expect(envoy.output()).not.toMatch(/rejected/i);
    // one JSON access line per closed socket, on Envoy's own stdout
    const lines = await eventually('an access log line on stdout', async () => {
      const found = envoy.output().split('\n').filter((line) => line.startsWith('{') && line.includes('"route":"ws"'));
      return found.length > 0 ? found : undefined;
    });
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ method: 'GET', status: 101 });
  }, 60_000);
});

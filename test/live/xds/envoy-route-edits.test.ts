/**
 * Drain-free route edits on a real Envoy subscribed to `wsctl serve --watch` (bootstrap from `wsctl
 * bootstrap`, delta and state of the world): 200 established WebSockets, 20 route edits pushed over RDS;
 * every socket survives and still echoes, and Envoy's listener_manager never modified or drained a
 * listener (read from its admin).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envoyUnavailable, requireEnvoy } from '../harness/binaries.js';
import { startEchoBackend, type EchoBackend } from '../harness/echo-backend.js';
import { freePort, waitForPort } from '../harness/ports.js';
import { startProcess, type TrackedProcess } from '../harness/processes.js';
import { connect, mustConnect, roundTrip } from '../harness/ws-client.js';
import { pollFor } from '../harness/poll.js';

const BIN = resolve('bin/run.js');
const SOCKETS = 200;
const EDITS = 20;

const unavailable = envoyUnavailable();
if (unavailable) process.stdout.write(`skipping xDS route edits on Envoy: ${unavailable}\n`);

/** The spec: a socket route on /ws and an edited route whose path and idle timeout change with `edit`. */
function spec(listenerPort: number, endpointPort: number, edit: number): string {
  return `apiVersion: wsctl/v1
kind: Gateway
metadata:
  name: edits
spec:
  listeners:
    - { name: public, port: ${listenerPort}, address: 127.0.0.1 }
  routes:
    - name: ws
      match: { path: /ws }
      backend: app
      websocket: { idleTimeout: ${10 + edit}m }
    - name: edited
      match: { path: /edit-${edit} }
      backend: app
  backends:
    - name: app
      endpoints:
        - { address: 127.0.0.1, port: ${endpointPort} }
`;
}

/** Polls until attempt() gives a value (Envoy applies pushes asynchronously). */
const eventually = <T>(what: string, attempt: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> => pollFor(what, attempt, timeoutMs);

describe.skipIf(unavailable !== undefined).each([
  ['delta', false],
  ['state-of-the-world', true],
])('route edits over %s xDS on a real Envoy', (variant, sotw) => {
  const dir = mkdtempSync(join(tmpdir(), 'wsctl-envoy-edits-'));
  const file = join(dir, 'edits.yaml');
  let backend: EchoBackend;
  let serve: TrackedProcess;
  let envoy: TrackedProcess;
  let listenerPort: number;
  let envoyAdminPort: number;
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    backend = await startEchoBackend('app');
    listenerPort = await freePort();
    const serveAdmin = await freePort();
    const xdsPort = await freePort();
    envoyAdminPort = await freePort();
    writeFileSync(file, spec(listenerPort, backend.port, 0));
    serve = startProcess(process.execPath, [BIN, 'serve', '--spec', file, '--xds-address', '127.0.0.1', '--xds-port', String(xdsPort), '--admin-port', String(serveAdmin), '--watch']);
    await waitForPort(serveAdmin, 20_000);
    const bootstrap = join(dir, 'bootstrap.yaml');
    const args = ['bootstrap', '--gateway', 'edits', '--xds-address', `127.0.0.1:${xdsPort}`, '--node-id', `edits-${variant}`, '--admin-port', String(envoyAdminPort), '--out', bootstrap];
    const written = spawnSync(process.execPath, [BIN, ...args, ...(sotw ? ['--sotw'] : [])], { encoding: 'utf8' });
    expect(written.status, written.stderr).toBe(0);
    // stdout to a file: the xDS access log is /dev/stdout, which Envoy cannot open on a socket pipe
    envoy = startProcess('/bin/sh', ['-c', 'exec "$0" "$@" > "$ENVOY_LOG" 2>&1', requireEnvoy(), '-c', bootstrap, '--use-dynamic-base-id', '--base-id-path', join(dir, 'base-id'), '--log-level', 'warn'], {
      env: { ...process.env, ENVOY_LOG: join(dir, 'envoy.log') },
    });
  });

  afterAll(async () => {
    for (const ws of sockets) ws.terminate();
    await envoy?.stop();
    // Envoy leaves its hot-restart shared memory behind
    const baseId = readFileSync(join(dir, 'base-id'), { encoding: 'utf8', flag: 'a+' }).trim();
    if (/^[0-9]+$/.test(baseId)) rmSync(`/dev/shm/envoy_shared_memory_${baseId}0`, { force: true });
    await serve?.stop();
    await backend?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** One listener_manager stat from Envoy's admin. */
  async function listenerStat(name: string): Promise<number> {
    const text = await (await fetch(`http://127.0.0.1:${envoyAdminPort}/stats?filter=${encodeURIComponent(`^listener_manager\\.${name}$`)}`)).text();
    return Number(/: (\d+)/.exec(text)?.[1] ?? Number.NaN);
  }

  /** True when a new socket on path is accepted (the route exists in what Envoy applied). */
  async function opens(path: string): Promise<boolean> {
    const r = await connect(`ws://127.0.0.1:${listenerPort}${path}`);
    if (r.ok) r.ws.close();
    return r.ok;
  }

  it(`keeps ${SOCKETS} sockets through ${EDITS} route edits and never drains the listener`, async () => {
    await eventually('Envoy to serve the gateway', async () => ((await opens('/edit-0')) ? true : undefined), 30_000).catch((error: Error) => {
      throw new Error(`${error.message}\nenvoy:\n${readFileSync(join(dir, 'envoy.log'), 'utf8').slice(-3000)}\nwsctl serve:\n${serve.output().slice(-3000)}`);
    });
    for (let i = 0; i < SOCKETS; i += 20) {
      const batch = await Promise.all(Array.from({ length: 20 }, () => mustConnect(`ws://127.0.0.1:${listenerPort}/ws`)));
      for (const { ws } of batch) sockets.push(ws);
    }
    let closed = 0;
    for (const ws of sockets) ws.on('close', () => (closed += 1));
    const listenersBefore = { added: await listenerStat('listener_added'), modified: await listenerStat('listener_modified') };

    for (let edit = 1; edit <= EDITS; edit++) {
      writeFileSync(file, spec(listenerPort, backend.port, edit));
      await eventually(`route edit ${edit}`, async () => ((await opens(`/edit-${edit}`)) ? true : undefined));
    }
    expect(await opens('/edit-0')).toBe(false);

    expect(closed, 'sockets closed by the route edits').toBe(0);
    const echoes = await Promise.all(sockets.map((ws, i) => roundTrip(ws, `s${i}`).then((m) => m.data.toString())));
    expect(echoes).toEqual(sockets.map((_, i) => `s${i}`));
    expect(await listenerStat('listener_modified')).toBe(listenersBefore.modified);
    expect(await listenerStat('listener_added')).toBe(listenersBefore.added);
    expect(await listenerStat('total_listeners_draining')).toBe(0);
    expect(await listenerStat('listener_removed')).toBe(0);
  }, 120_000);
});

/**
 * A real, independent xDS client: @grpc/grpc-js-xds resolves xds:///echo through wsctl's xDS server
 * (state of the world over ADS, the only variant it speaks) and sends real RPCs to backends on 127.0.0.1;
 * when the snapshot changes, calls follow: an endpoint moved, then a weighted split.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { resolve } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSnapshotCache } from '../../../src/xds/cache.js';
import { silentLogger } from '../../../src/xds/log.js';
import { startXdsServer, type XdsServer } from '../../../src/xds/server.js';
import { createStatusBook } from '../../../src/xds/status.js';
import { TYPE_URLS } from '../../../src/xds/type-urls.js';
import { grpcSnapshot } from './grpc-snapshot.js';

const raw = (b: Buffer): Buffer => b;
const GATEWAY = 'grpc-gw';

/** A gRPC backend on 127.0.0.1 answering /wsctl.test.Echo/Who with its name. */
async function echoBackend(name: string): Promise<{ port: number; server: grpc.Server }> {
  const server = new grpc.Server();
  server.addService(
    { Who: { path: '/wsctl.test.Echo/Who', requestStream: false, responseStream: false, requestSerialize: raw, requestDeserialize: raw, responseSerialize: raw, responseDeserialize: raw } },
    { Who: (_call: unknown, callback: grpc.sendUnaryData<Buffer>) => callback(null, Buffer.from(name)) },
  );
  const port = await new Promise<number>((ok, fail) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? fail(e) : ok(p))));
  return { port, server };
}

/** The client process: one JSON line of replies per "call N" line. */
interface XdsClientProcess {
  child: ChildProcessWithoutNullStreams;
  calls(n: number): Promise<string[]>;
}

function startClient(xdsPort: number): XdsClientProcess {
  const bootstrap = {
    xds_servers: [{ server_uri: `127.0.0.1:${xdsPort}`, channel_creds: [{ type: 'insecure' }], server_features: ['xds_v3'] }],
    node: { id: 'grpc-client-1', cluster: GATEWAY, locality: {} },
  };
  const child = spawn(process.execPath, [resolve('test/live/xds/grpc-xds-client.mjs'), 'xds:///echo'], {
    env: { ...process.env, GRPC_XDS_BOOTSTRAP_CONFIG: JSON.stringify(bootstrap) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const lines: Interface = createInterface({ input: child.stdout });
  const pending: ((line: string) => void)[] = [];
  lines.on('line', (line) => pending.shift()?.(line));
  return {
    child,
    calls(n) {
      return new Promise((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`client gave no answer; stderr: ${stderr}`)), 20_000);
        pending.push((line) => {
          clearTimeout(timer);
          ok(JSON.parse(line) as string[]);
        });
        child.stdin.write(`call ${n}\n`);
      });
    },
  };
}

/** Calls until every reply satisfies the check (the client applies updates asynchronously). */
async function until(client: XdsClientProcess, n: number, check: (replies: string[]) => boolean, timeoutMs = 10_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const replies = await client.calls(n);
    if (check(replies)) return replies;
    if (Date.now() > deadline) throw new Error(`replies never matched: ${JSON.stringify(replies)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a real gRPC xDS client (@grpc/grpc-js-xds)', () => {
  const backends: { port: number; server: grpc.Server }[] = [];
  let server: XdsServer;
  let client: XdsClientProcess;
  const cache = createSnapshotCache();
  const status = createStatusBook();

  beforeAll(async () => {
    for (const name of ['A', 'B', 'C']) backends.push(await echoBackend(name));
    server = await startXdsServer('127.0.0.1', 0, { cache, status, log: silentLogger });
  });

  afterAll(async () => {
    if (client?.child.pid) process.kill(client.child.pid, 'SIGKILL');
    await server?.shutdown(1_000);
    for (const b of backends) b.server.forceShutdown();
  });

  const port = (i: number): number => backends[i]?.port ?? 0;

  it('routes RPCs to the snapshot’s endpoints and follows an endpoint move and a weighted split', async () => {
    cache.set(GATEWAY, grpcSnapshot({ service: 'echo', route: { cluster: 'main' }, clusters: { main: [port(0)] } }));
    client = startClient(server.port);
    expect(await until(client, 5, (r) => r.every((x) => x === 'A'))).toEqual(['A', 'A', 'A', 'A', 'A']);

    cache.set(GATEWAY, grpcSnapshot({ service: 'echo', route: { cluster: 'main' }, clusters: { main: [port(1)] } }));
    await until(client, 5, (r) => r.every((x) => x === 'B'));

    cache.set(
      GATEWAY,
      grpcSnapshot({
        service: 'echo',
        route: { split: [{ cluster: 'main', weight: 1 }, { cluster: 'canary', weight: 1 }] },
        clusters: { main: [port(1)], canary: [port(2)] },
      }),
    );
    const split = await until(client, 40, (r) => r.includes('B') && r.includes('C'));
    expect(split.every((x) => x === 'B' || x === 'C')).toBe(true);

    const node = status.nodes().find((n) => n.id === 'grpc-client-1');
    expect(node?.group).toBe(GATEWAY);
    expect(node?.types[TYPE_URLS.cluster]?.ackedVersion).toBe(cache.get(GATEWAY)?.types.get(TYPE_URLS.cluster)?.version);
    expect(node?.types[TYPE_URLS.route]?.lastNack).toBeUndefined();
  });
});

/**
 * Two `wsctl serve --store etcd://...` replicas (the built CLI) over a real etcd (Debian etcd-server):
 * an apply through one reaches an xDS node of the other with the same versions; expectVersion conflicts
 * across replicas get 409 and concurrent applies through both lose none; with etcd stopped both keep
 * serving, refuse applies with 503 and report not ready; with etcd back they catch up and accept applies.
 * A third replica cut off from etcd alone (through a TCP relay) catches up, deletions included, by a new
 * listing when it gets etcd back.
 */
import { spawn } from 'node:child_process';
import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBundle, serializeBundle } from '../../../src/bundle/bundle.js';
import { loadGateway } from '../../../src/api.js';
import { testEtcd, type TestEtcd } from '../harness/etcd.js';
import { pollFor } from '../harness/poll.js';
import { freePort } from '../harness/ports.js';
import { startProcess, type TrackedProcess } from '../harness/processes.js';
import { specText, type SpecShape } from '../xds/gateway-fixture.js';
import { deltaNode, type AutoNode } from './xds-nodes.js';

const TOKEN = 'etcd-token-0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'wsctl-etcd-'));
const tokenFile = join(dir, 'tokens');

/** One `wsctl serve` replica. */
interface Replica {
  name: string;
  xdsPort: number;
  adminPort: number;
  process: TrackedProcess;
}

let etcd: TestEtcd;
const replicas: Replica[] = [];
const nodes: AutoNode[] = [];
/** The first version applied, and what a node held then. */
let first: { version: string; held: AutoNode['held'] } | undefined;

/** A TCP relay to etcd that the test can cut and restore: one replica loses etcd while the others keep it. */
function etcdRelay(port: number): { cut(): Promise<void>; restore(): Promise<void> } {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const listen = (): Promise<void> =>
    new Promise((ok, fail) => {
      server = createServer((down) => {
        const up = tcpConnect(etcd.clientPort, '127.0.0.1');
        for (const s of [down, up]) {
          sockets.add(s);
          s.on('error', () => s.destroy());
          s.on('close', () => sockets.delete(s));
        }
        down.pipe(up).pipe(down);
        down.on('close', () => up.destroy());
        up.on('close', () => down.destroy());
      });
      server.once('error', fail);
      server.listen(port, '127.0.0.1', () => ok());
    });
  return {
    restore: listen,
    cut: () =>
      new Promise((ok) => {
        for (const s of sockets) s.destroy();
        if (server) server.close(() => ok());
        else ok();
      }),
  };
}

async function startReplica(name: string, etcdPort?: number): Promise<Replica> {
  const xdsPort = await freePort();
  const adminPort = await freePort();
  const args = ['serve', '--store', `etcd://127.0.0.1:${etcdPort ?? etcd.clientPort}`, '--token-file', tokenFile, '--xds-address', '127.0.0.1', '--xds-port', String(xdsPort), '--admin-port', String(adminPort)];
  const process_ = startProcess(process.execPath, [resolve('bin/run.js'), ...args]);
  const replica = { name, xdsPort, adminPort, process: process_ };
  await pollFor(`replica ${name} ready`, async () => ((await ready(replica)) ? true : undefined), 20_000).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${process_.output()}`);
  });
  return replica;
}

const ready = (r: Replica): Promise<boolean> => fetch(`http://127.0.0.1:${r.adminPort}/readyz`).then((res) => res.ok);

function api(r: Replica, method: string, path: string, body?: string): Promise<{ status: number; json: Record<string, unknown> }> {
  return fetch(`http://127.0.0.1:${r.adminPort}${path}`, { method, body, headers: { authorization: `Bearer ${TOKEN}` } }).then(async (res) => ({ status: res.status, json: (await res.json()) as Record<string, unknown> }));
}

/** Runs the built CLI against a replica. */
function wsctl(r: Replica, args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [resolve('bin/run.js'), ...args], {
      env: { ...process.env, WSCTL_SERVER: `http://127.0.0.1:${r.adminPort}`, WSCTL_TOKEN_FILE: tokenFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => done({ status: code ?? -1, stdout, stderr }));
  });
}

/** Writes the spec file of gateway chat in a shape; returns its path and bundle. */
function spec(shape: SpecShape, file = 'chat.yaml'): { file: string; bundle: string } {
  const path = join(dir, file);
  writeFileSync(path, specText('chat', shape));
  const loaded = loadGateway(path);
  if (!loaded.bundles[0]) throw new Error(JSON.stringify(loaded.diagnostics));
  return { file: path, bundle: serializeBundle(loaded.bundles[0]) };
}

const gatewayOn = async (r: Replica): Promise<{ version?: string; snapshotVersion?: string }> => (await api(r, 'GET', '/v1/gateways/chat')).json;

/** Waits until every replica serves the same version of chat, and returns it. */
async function converged(expected?: string): Promise<{ version: string; snapshotVersion: string }> {
  return pollFor(`replicas serving ${expected ?? 'one version'}`, async () => {
    const seen = await Promise.all(replicas.map(gatewayOn));
    const first = seen[0];
    if (!first?.version || !first.snapshotVersion || seen.some((g) => g.version !== first.version || g.snapshotVersion !== first.snapshotVersion)) return undefined;
    if (expected && first.version !== expected) return undefined;
    return { version: first.version, snapshotVersion: first.snapshotVersion };
  });
}

describe('wsctl serve --store etcd:// with two replicas', () => {
  beforeAll(async () => {
    writeFileSync(tokenFile, `${TOKEN}\n`);
    etcd = await testEtcd(join(dir, 'etcd'));
    await etcd.start();
    replicas.push(await startReplica('a'), await startReplica('b'));
  });

  afterAll(async () => {
    for (const n of nodes) n.close();
    await Promise.all(replicas.map((r) => r.process.stop()));
    await etcd?.stop();
  });

  it('serves an apply made through one replica to an xDS node of the other, with the same versions', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const onB = deltaNode(b.xdsPort, 'edge-b', 'chat');
    nodes.push(onB);
    const applied = await wsctl(a, ['apply', '-f', spec({}).file]);
    expect(applied.status, applied.stderr).toBe(0);
    const served = await converged();
    await onB.received(4);
    const onA = deltaNode(a.xdsPort, 'edge-a', 'chat');
    nodes.push(onA);
    await onA.received(4);
    expect(onB.held).toEqual(onA.held);
    first = { version: served.version, held: structuredClone(onB.held) };
    // the next apply, again through a, reaches the node of b
    const before = onB.replies;
    const second = await wsctl(a, ['apply', '-f', spec({ endpointPort: 9001 }).file]);
    expect(second.status, second.stderr).toBe(0);
    const next = await converged();
    expect(next.version).not.toBe(served.version);
    await onB.received(before + 1);
    await pollFor('node b holding what node a holds', async () => (JSON.stringify([...onB.held]) === JSON.stringify([...onA.held]) ? true : undefined));
    expect((await api(b, 'GET', '/v1/gateways/chat/status')).json).toMatchObject({ snapshotVersion: next.snapshotVersion });
  });

  it('refuses a stale expectVersion through the other replica (409), and loses no concurrent apply', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const { version: base } = await converged();
    const first = await api(a, 'PUT', `/v1/gateways/chat?expectVersion=${base}`, spec({ endpointPort: 9002 }).bundle);
    expect(first.status).toBe(200);
    const stale = await api(b, 'PUT', `/v1/gateways/chat?expectVersion=${base}`, spec({ endpointPort: 9003 }).bundle);
    expect([stale.status, (stale.json.error as { code: string }).code]).toEqual([409, 'conflict']);
    await converged(first.json.version as string);
    // the same race without expectVersion, through both replicas at once: both are stored, one after the other
    const bundles = [9004, 9005, 9006, 9007].map((port) => spec({ endpointPort: port }).bundle);
    const answers = await Promise.all(bundles.map((bundle, i) => api(replicas[i % 2] as Replica, 'PUT', '/v1/gateways/chat', bundle)));
    expect(answers.map((x) => [x.status, x.json.applied])).toEqual(bundles.map(() => [200, true]));
    const current = await converged();
    const history = (await api(b, 'GET', '/v1/gateways/chat/history')).json as { versions: { version: string }[] };
    const stored = history.versions.map((v) => v.version);
    for (const answer of answers) expect(stored).toContain(answer.json.version);
    expect(stored[0]).toBe(current.version);
    expect((await api(a, 'GET', '/v1/gateways/chat/history')).json).toEqual(history);
  });

  it('refuses a bundle over etcd\'s request limit with 413, changing nothing, and stays writable', async () => {
    const [a] = replicas as [Replica];
    const before = await converged();
    const bundle = parseBundle(spec({ endpointPort: 9009 }).bundle);
    const big = serializeBundle({ ...bundle, files: { ...bundle.files, 'big.pem': 'x'.repeat(2 * 1024 * 1024) } });
    const answer = await api(a, 'PUT', '/v1/gateways/chat', big);
    expect([answer.status, (answer.json.error as { message: string }).message]).toEqual([413, expect.stringContaining('--max-request-bytes')]);
    expect(await ready(a)).toBe(true);
    expect(await converged()).toEqual(before);
  });

  it('keeps serving with etcd stopped, refuses applies (503) and reports not ready; catches up when it is back', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const before = await converged();
    await etcd.stop();
    await pollFor('both replicas not ready', async () => ((await Promise.all(replicas.map(ready))).every((r) => !r) ? true : undefined));
    const readyz = await fetch(`http://127.0.0.1:${a.adminPort}/readyz`);
    expect([readyz.status, await readyz.text()]).toEqual([503, expect.stringMatching(/not ready for writes: etcd unreachable.*serving the last good snapshots/)]);
    const refused = await wsctl(b, ['apply', '-f', spec({ endpointPort: 9010 }).file]);
    expect([refused.status, refused.stderr]).toEqual([1, expect.stringContaining('503')]);
    const metrics = await (await fetch(`http://127.0.0.1:${b.adminPort}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    expect(metrics).toMatch(/^wsctl_store_writable 0$/m);
    expect(metrics).toMatch(/^wsctl_applies_total\{operation="apply",result="store_unavailable"\} 1$/m);
    // still served, and to a node that connects now
    expect(await gatewayOn(a)).toMatchObject(before);
    const late = deltaNode(b.xdsPort, 'edge-late', 'chat');
    nodes.push(late);
    await late.received(4);
    const started = Date.now();
    await etcd.start();
    await pollFor('both replicas ready again', async () => ((await Promise.all(replicas.map(ready))).every(Boolean) ? true : undefined), 20_000);
    const caughtUpMs = Date.now() - started;
    expect(await (await fetch(`http://127.0.0.1:${a.adminPort}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text()).toMatch(/^wsctl_store_writable 1$/m);
    const applied = await wsctl(b, ['apply', '-f', spec({ endpointPort: 9011 }).file]);
    expect(applied.status, applied.stderr).toBe(0);
    const after = await converged();
    expect(after.version).not.toBe(before.version);
    const onA = nodes.find((n) => n.id === 'edge-a');
    await pollFor('the node of a taking the apply made through b', async () => (JSON.stringify([...(onA?.held ?? [])]) === JSON.stringify([...late.held]) && late.replies > 4 ? true : undefined));
    console.log(`etcd restart → both replicas ready again: ${caughtUpMs} ms`);
  });

  it('rolls back through one replica and deletes through the other, from the history kept in etcd', async () => {
    const [a, b] = replicas as [Replica, Replica];
    if (!first) throw new Error('the first test did not run');
    const history = (await api(a, 'GET', '/v1/gateways/chat/history')).json as { versions: { version: string }[] };
    expect(history.versions.map((v) => v.version)).toContain(first.version);
    const rolledBack = await wsctl(b, ['rollback', 'chat', '--to', first.version]);
    expect(rolledBack.status, rolledBack.stderr).toBe(0);
    await converged(first.version);
    // a node of the other replica gets the first resources again, byte for byte
    const fresh = deltaNode(a.xdsPort, 'edge-rollback', 'chat');
    nodes.push(fresh);
    await fresh.received(4);
    expect(fresh.held).toEqual(first.held);
    expect((await api(a, 'POST', '/v1/gateways/chat/rollback', JSON.stringify({ to: 'ffffffffffffffff' }))).status).toBe(404);
    const deleted = await wsctl(a, ['delete', 'chat']);
    expect(deleted.status, deleted.stderr).toBe(0);
    await pollFor('b to forget the gateway', async () => ((await api(b, 'GET', '/v1/gateways/chat')).status === 404 ? true : undefined));
    expect((await api(b, 'GET', '/v1/gateways')).json).toEqual({ gateways: [] });
  });

  it('measures apply through one replica → an xDS node of the other holding it', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const node = deltaNode(b.xdsPort, 'edge-measure', 'chat');
    nodes.push(node);
    expect((await api(a, 'PUT', '/v1/gateways/chat', spec({ endpointPort: 9500 }).bundle)).status).toBe(200);
    await node.received(4);
    const puts: number[] = [];
    const seen: number[] = [];
    for (let i = 1; i <= 15; i += 1) {
      const before = node.replies;
      const started = performance.now();
      const answer = await api(a, 'PUT', '/v1/gateways/chat', spec({ endpointPort: 9500 + i }).bundle);
      puts.push(performance.now() - started);
      expect(answer.status).toBe(200);
      while (node.replies <= before) {
        if (performance.now() - started > 10_000) throw new Error('no push on the other replica within 10 s');
        await new Promise((r) => setTimeout(r, 2));
      }
      seen.push(performance.now() - started);
    }
    const pct = (xs: number[], p: number): number => Math.round([...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0);
    console.log(`etcd store, 15 endpoint edits: PUT through a ${pct(puts, 0.5)} ms p50 / ${pct(puts, 0.95)} ms p95; pushed to a node of b ${pct(seen, 0.5)} ms p50 / ${pct(seen, 0.95)} ms p95 after the PUT was sent`);
  });

  it('catches up, deletions included, when a replica that lost etcd alone gets it back (a new listing)', async () => {
    const [a] = replicas as [Replica];
    const relayPort = await freePort();
    const relay = etcdRelay(relayPort);
    await relay.restore();
    const c = await startReplica('c', relayPort);
    replicas.push(c);
    try {
      const games = join(dir, 'games.yaml');
      writeFileSync(games, specText('games'));
      expect((await wsctl(a, ['apply', '-f', games])).status).toBe(0);
      await pollFor('c to serve games', async () => ((await api(c, 'GET', '/v1/gateways/games')).status === 200 ? true : undefined));
      await relay.cut();
      await pollFor('c not ready', async () => ((await ready(c)) ? undefined : true));
      // while c is cut off: games deleted, chat changed, both through a
      expect((await wsctl(a, ['delete', 'games'])).status).toBe(0);
      const changed = await api(a, 'PUT', '/v1/gateways/chat', spec({ endpointPort: 9600 }).bundle);
      expect(changed.status).toBe(200);
      expect((await api(c, 'GET', '/v1/gateways/games')).status).toBe(200);
      await relay.restore();
      await pollFor('c ready again', async () => ((await ready(c)) ? true : undefined), 20_000);
      expect((await api(c, 'GET', '/v1/gateways/games')).status).toBe(404);
      const node = deltaNode(c.xdsPort, 'edge-c', 'chat');
      nodes.push(node);
      await node.received(4);
      expect(await converged(changed.json.version as string)).toMatchObject({ version: changed.json.version });
      expect(c.process.output()).toContain('"event":"store.connected"');
    } finally {
      await relay.cut();
    }
  });

  it('stops on SIGTERM at once, with its watch cancelled (an open watch stream would keep the process alive)', async () => {
    for (const r of replicas) {
      const started = Date.now();
      await r.process.stop();
      expect([r.name, r.process.child.exitCode, r.process.child.signalCode]).toEqual([r.name, 0, null]);
      expect(Date.now() - started).toBeLessThan(3_000);
    }
  });
});

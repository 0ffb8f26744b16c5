/**
 * The fleet view: two (then three) `wsctl serve --store etcd://` replicas (the built CLI) over a real etcd,
 * each with real delta xDS nodes. `apply --wait` through one replica follows the ACKs of the nodes of
 * both, and fails with the NACK of a node of the other (node, replica, Envoy's error); a replica stopped
 * by SIGTERM takes its nodes out of the other's status at once (lease revoked), one killed with -9
 * within the lease TTL (WSCTL_FLEET_LEASE_TTL=2 here), one paused past its TTL (SIGSTOP) until it runs
 * again and publishes under a new lease; with etcd stopped, status still answers with the replica's own
 * nodes and says the fleet view is unavailable, and the view comes back with etcd.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeBundle } from '../../../src/bundle/bundle.js';
import { loadGateway } from '../../../src/api.js';
import type { GatewayRollout } from '../../../src/control/rollout.js';
import { TYPE_URLS } from '../../../src/xds/type-urls.js';
import { testEtcd, type TestEtcd } from '../harness/etcd.js';
import { pollFor } from '../harness/poll.js';
import { freePort } from '../harness/ports.js';
import { startProcess, type TrackedProcess } from '../harness/processes.js';
import { specText, type SpecShape } from '../xds/gateway-fixture.js';
import { deltaNode, type AutoNode } from './xds-nodes.js';

const TOKEN = 'fleet-token-0123456789abcdef';
const TTL_SECONDS = 2;
const dir = mkdtempSync(join(tmpdir(), 'wsctl-fleet-'));
const tokenFile = join(dir, 'tokens');

/** One `wsctl serve` replica and the replica id it logged at start. */
interface Replica {
  id: string;
  xdsPort: number;
  adminPort: number;
  process: TrackedProcess;
}

let etcd: TestEtcd;
const started: Replica[] = [];
const nodes: AutoNode[] = [];

async function startReplica(): Promise<Replica> {
  const xdsPort = await freePort();
  const adminPort = await freePort();
  const args = ['serve', '--store', `etcd://127.0.0.1:${etcd.clientPort}/fleet`, '--token-file', tokenFile, '--xds-address', '127.0.0.1', '--xds-port', String(xdsPort), '--admin-port', String(adminPort)];
  const process_ = startProcess(process.execPath, [resolve('bin/run.js'), ...args], { env: { ...process.env, WSCTL_FLEET_LEASE_TTL: String(TTL_SECONDS) } });
  const id = await pollFor('the replica to log its id and be ready', async () => {
    const line = process_.output().split('\n').find((l) => l.includes('"event":"fleet.started"'));
    const ready = await fetch(`http://127.0.0.1:${adminPort}/readyz`).then((r) => r.ok);
    return line && ready ? (JSON.parse(line) as { replica: string }).replica : undefined;
  }, 20_000).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${process_.output()}`);
  });
  const replica = { id, xdsPort, adminPort, process: process_ };
  started.push(replica);
  return replica;
}

async function status(r: Replica): Promise<GatewayRollout> {
  const res = await fetch(`http://127.0.0.1:${r.adminPort}/v1/gateways/chat/status`, { headers: { authorization: `Bearer ${TOKEN}` } });
  if (res.status !== 200) throw new Error(`status: ${res.status}`);
  return (await res.json()) as GatewayRollout;
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

function spec(shape: SpecShape): string {
  const file = join(dir, 'chat.yaml');
  writeFileSync(file, specText('chat', shape));
  return file;
}

function node(r: Replica, id: string): AutoNode {
  const n = deltaNode(r.xdsPort, id, 'chat');
  nodes.push(n);
  return n;
}

/** Polls a replica's status until `check` holds; returns the time it took in ms. */
async function until(r: Replica, what: string, check: (s: GatewayRollout) => boolean, timeoutMs = 10_000): Promise<number> {
  const begun = performance.now();
  await pollFor(what, async () => (check(await status(r)) ? true : undefined), timeoutMs);
  return Math.round(performance.now() - begun);
}

const placed = (s: GatewayRollout): string[][] => s.nodes.map((n) => [n.id, n.replica ?? '?']);

describe('the fleet view of wsctl serve --store etcd:// replicas', () => {
  let a: Replica;
  let b: Replica;
  let onA: AutoNode;
  let onB: AutoNode;

  beforeAll(async () => {
    writeFileSync(tokenFile, `${TOKEN}\n`);
    etcd = await testEtcd(join(dir, 'etcd'));
    await etcd.start();
    [a, b] = await Promise.all([startReplica(), startReplica()]);
    const bundle = loadGateway(spec({})).bundles[0];
    if (!bundle) throw new Error('the fixture spec does not load');
    const put = await fetch(`http://127.0.0.1:${a.adminPort}/v1/gateways/chat`, { method: 'PUT', body: serializeBundle(bundle), headers: { authorization: `Bearer ${TOKEN}` } });
    expect(put.status).toBe(200);
    await pollFor('b serving chat', async () => ((await fetch(`http://127.0.0.1:${b.adminPort}/v1/gateways/chat`, { headers: { authorization: `Bearer ${TOKEN}` } })).ok ? true : undefined));
    onA = node(a, 'edge-a');
    onB = node(b, 'edge-b');
    await Promise.all([onA.received(4), onB.received(4)]);
  });

  afterAll(async () => {
    for (const n of nodes) n.close();
    await Promise.all(started.map((r) => r.process.stop()));
    await etcd?.stop();
  });

  it('follows with apply --wait through one replica the ACKs of the nodes of both (a slow node of the other included)', async () => {
    await until(a, 'a to see the node of b', (s) => s.nodes.length === 2);
    onB.ackDelayMs = 1_500;
    const begun = performance.now();
    const applied = await wsctl(a, ['apply', '-f', spec({ endpointPort: 9001 }), '--wait', '--timeout', '20s']);
    const tookMs = performance.now() - begun;
    onB.ackDelayMs = 0;
    expect(applied.status, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).toContain('chat: 2 node(s) connected across 2 replica(s); ACKed Cluster 2/2, ClusterLoadAssignment 2/2, Listener 2/2, RouteConfiguration 2/2');
    expect(applied.stdout).toContain('gateway chat: rolled out to 2 node(s)');
    // converged means the slow node of b took it: not before its ACK, and holding what the node of a holds
    expect(tookMs).toBeGreaterThan(1_500);
    expect(onB.held).toEqual(onA.held);
    const fleet = await status(a);
    expect(placed(fleet)).toEqual([['edge-a', a.id], ['edge-b', b.id]]);
    expect(fleet).toMatchObject({ converged: true, fleet: { replica: a.id, replicas: [a.id, b.id].sort() } });
    expect(fleet.nodes[1]?.connectedSince).toMatch(/^\d{4}-/);
    // b sees the same fleet, from its side
    expect(placed(await status(b))).toEqual([['edge-a', a.id], ['edge-b', b.id]]);
  });

  it('fails apply --wait through one replica with the NACK of a node of the other: node, replica, Envoy\'s error', async () => {
    onB.nack = (type) => (type === TYPE_URLS.endpoint ? 'Proto constraint validation failed: port 9002 refused by test' : undefined);
    const applied = await wsctl(a, ['apply', '-f', spec({ endpointPort: 9002 }), '--wait', '--timeout', '20s']);
    expect(applied.status, applied.stdout + applied.stderr).toBe(1);
    expect(applied.stdout).toContain(`chat: NACK from node edge-b (replica ${b.id}) on ClusterLoadAssignment (version `);
    expect(applied.stdout).toContain('): Proto constraint validation failed: port 9002 refused by test');
    const shown = await wsctl(a, ['status', 'chat']);
    expect(shown.status).toBe(1);
    expect(shown.stdout).toContain(`node edge-a (replica ${a.id}): converged`);
    expect(shown.stdout).toContain(`node edge-b (replica ${b.id}): pending`);
    expect(shown.stdout).toContain('NACK: Proto constraint validation failed: port 9002 refused by test');
    onB.nack = undefined;
  });

  it('drops the nodes of a replica stopped by SIGTERM at once, and of one killed with -9 within the lease TTL', async () => {
    await b.process.stop();
    const afterTerm = await until(a, 'the node of b to leave', (s) => s.nodes.every((n) => n.id !== 'edge-b') && s.fleet?.replicas.length === 1);
    expect(afterTerm).toBeLessThan(TTL_SECONDS * 1_000);
    const c = await startReplica();
    const onC = node(c, 'edge-c');
    await onC.received(4);
    await until(a, 'a to see the node of c', (s) => placed(s).some(([id, r]) => id === 'edge-c' && r === c.id));
    c.process.child.kill('SIGKILL');
    // etcd expires a lease at most TTL after its last renewal, checking every 0.5 s; then the watch brings
    // the deletions (the rest is slack for a loaded machine)
    const afterKill = await until(a, 'the node of c to leave', (s) => s.nodes.every((n) => n.id !== 'edge-c'), TTL_SECONDS * 1_000 + 5_000);
    expect(afterKill).toBeLessThan(TTL_SECONDS * 1_000 + 2_500);
    expect(placed(await status(a))).toEqual([['edge-a', a.id]]);
    console.log(`fleet view: a replica's nodes gone from another's status ${afterTerm} ms after SIGTERM, ${afterKill} ms after kill -9 (lease TTL ${TTL_SECONDS} s)`);
  });

  it('drops a paused replica when its lease expires, and shows it again once it runs: it takes a new lease and publishes anew', async () => {
    const d = await startReplica();
    const onD = node(d, 'edge-d');
    await onD.received(4);
    const seesD = (s: GatewayRollout): boolean => placed(s).some(([id, r]) => id === 'edge-d' && r === d.id);
    await until(a, 'a to see the node of d', seesD);
    d.process.child.kill('SIGSTOP');
    try {
      await until(a, 'the node of the paused d to leave', (s) => !seesD(s), TTL_SECONDS * 1_000 + 5_000);
    } finally {
      d.process.child.kill('SIGCONT');
    }
    await until(a, 'the node of d back', seesD);
    expect(d.process.output()).toContain('"event":"fleet.lease_lost"');
  });

  it('answers status with its own nodes and says the fleet view is unavailable while etcd is unreachable', async () => {
    await etcd.stop();
    await until(a, 'a stale fleet view', (s) => s.fleet?.stale !== undefined);
    const local = await status(a);
    expect(placed(local)).toEqual([['edge-a', a.id]]);
    expect(local).toMatchObject({ converged: false, fleet: { replica: a.id, stale: expect.stringContaining('etcd unreachable') } });
    const shown = await wsctl(a, ['status', 'chat']);
    expect(shown.status).toBe(1);
    expect(shown.stdout).toContain(`chat: 1 node(s) connected to replica ${a.id} (fleet view unavailable)`);
    expect(shown.stdout).toMatch(/fleet view unavailable: etcd unreachable.*showing the nodes of replica/);
    await etcd.start();
    await until(a, 'the fleet view back', (s) => s.fleet?.stale === undefined && s.nodes.length === 2, 20_000);
  });
});

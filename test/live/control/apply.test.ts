/**
 * `wsctl serve --data-dir --token-file` and `wsctl apply` as users run them (the built CLI, bin/run.js),
 * with real gRPC xDS nodes: auth refusals change nothing, an invalid spec gets the diagnostics of
 * `wsctl validate`, `apply --wait` follows every ACK and fails on a NACK with Envoy's error, a kill -9
 * restart serves the same versions (no push to a reconnecting node), rollback restores the bytes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBundle, serializeBundle } from '../../../src/bundle/bundle.js';
import type { GatewayBundle } from '../../../src/bundle/types.js';
import { loadGateway } from '../../../src/api.js';
import { validateBundle } from '../../../src/spec/validate.js';
import { TYPE_URLS } from '../../../src/xds/type-urls.js';
import { freePort } from '../harness/ports.js';
import { startProcess, type TrackedProcess } from '../harness/processes.js';
import { specText, type SpecShape } from '../xds/gateway-fixture.js';
import { DELTA_ADS, openStream, rawClient, type DeltaReply } from '../xds/raw-client.js';
import { deltaNode, sotwNode, SUBSCRIPTIONS, type AutoNode } from './xds-nodes.js';

const TOKEN = 'test-token-0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'wsctl-apply-'));
const tokenFile = join(dir, 'tokens');
const dataDir = join(dir, 'data');
const specFile = join(dir, 'chat.yaml');
let xdsPort: number;
let adminPort: number;
let serve: TrackedProcess;

async function startServe(): Promise<TrackedProcess> {
  const args = ['serve', '--data-dir', dataDir, '--token-file', tokenFile, '--xds-address', '127.0.0.1', '--xds-port', String(xdsPort), '--admin-port', String(adminPort)];
  const started = startProcess(process.execPath, [resolve('bin/run.js'), ...args]);
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (await fetch(`http://127.0.0.1:${adminPort}/readyz`).then((r) => r.ok, () => false)) return started;
    if (Date.now() > deadline || started.child.exitCode !== null) throw new Error(`wsctl serve did not become ready:\n${started.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs the built CLI with the server and token from the environment. */
function wsctl(args: string[], env: Record<string, string> = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [resolve('bin/run.js'), ...args], {
      env: { ...process.env, WSCTL_SERVER: `http://127.0.0.1:${adminPort}`, WSCTL_TOKEN_FILE: tokenFile, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => done({ status: code ?? -1, stdout, stderr }));
  });
}

function api(method: string, path: string, body?: string, token: string | null = TOKEN): Promise<{ status: number; json: Record<string, unknown> }> {
  return fetch(`http://127.0.0.1:${adminPort}${path}`, { method, body, headers: token ? { authorization: `Bearer ${token}` } : {} }).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, unknown> }));
}

const bundleText = (shape: SpecShape = {}): string => {
  writeFileSync(specFile, specText('chat', shape));
  const loaded = loadGateway(specFile);
  if (!loaded.bundles[0]) throw new Error(JSON.stringify(loaded.diagnostics));
  return serializeBundle(loaded.bundles[0]);
};

describe('wsctl apply against wsctl serve --data-dir --token-file', () => {
  const nodes: AutoNode[] = [];
  let firstVersion = '';
  let firstResources: AutoNode['held'];

  beforeAll(async () => {
    writeFileSync(tokenFile, `# test\n${TOKEN}\n`);
    xdsPort = await freePort();
    adminPort = await freePort();
    serve = await startServe();
  });

  afterAll(async () => {
    for (const n of nodes) n.close();
    await serve?.stop();
  });

  it('refuses an apply without a token or with a wrong one (401) and changes nothing', async () => {
    const bundle = bundleText();
    expect((await api('PUT', '/v1/gateways/chat', bundle, null)).status).toBe(401);
    expect((await api('PUT', '/v1/gateways/chat', bundle, 'wrong-token-0123456789abcdef')).status).toBe(401);
    const noToken = await wsctl(['apply', '-f', specFile], { WSCTL_TOKEN_FILE: '' });
    expect(noToken.status).toBe(1);
    expect(noToken.stderr).toContain('401');
    expect((await api('GET', '/v1/gateways')).json).toEqual({ gateways: [] });
  });

  it('refuses an invalid spec with 422 and the diagnostics of wsctl validate, and changes nothing', async () => {
    const bundle = parseBundle(bundleText());
    const broken: GatewayBundle = { ...bundle, gateway: { ...bundle.gateway, spec: { ...bundle.gateway.spec, routes: [{ name: 'ws', match: { path: '/ws' }, backend: 'nope' }] } } };
    const sent = serializeBundle(broken);
    const answer = await api('PUT', '/v1/gateways/chat', sent);
    expect(answer.status).toBe(422);
    const diagnostics = (answer.json.error as { diagnostics: unknown[] }).diagnostics;
    expect(diagnostics).toEqual(validateBundle(parseBundle(sent)).diagnostics);
    expect(diagnostics[0]).toMatchObject({ code: 'WS0103', severity: 'error' });
    expect((await api('GET', '/v1/gateways/chat')).status).toBe(404);
  });

  it('applies, then follows a rollout with --wait and reports the ACKs of every node', async () => {
    const first = await wsctl(['apply', '-f', specFile, '--wait']);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/gateway chat: applied \(version \w{16}\)/);
    firstVersion = ((await api('GET', '/v1/gateways/chat')).json.version as string) ?? '';
    nodes.push(deltaNode(xdsPort, 'edge-1', 'chat'), sotwNode(xdsPort, 'edge-2', 'chat'));
    for (const n of nodes) await n.received(4);
    firstResources = structuredClone(nodes[0]?.held ?? new Map());
    bundleText({ endpointPort: 9001, path: '/chat' });
    const second = await wsctl(['apply', '-f', specFile, '--wait', '--timeout', '20s']);
    expect(second.status, second.stdout + second.stderr).toBe(0);
    expect(second.stdout).toContain('chat: 2 node(s) connected; ACKed Cluster 2/2, ClusterLoadAssignment 2/2, Listener 2/2, RouteConfiguration 2/2');
    expect(second.stdout).toContain('gateway chat: rolled out to 2 node(s)');
    const status = (await api('GET', '/v1/gateways/chat/status')).json;
    expect(status).toMatchObject({ converged: true, nacks: [] });
  });

  it('fails --wait with the error of a NACKing node, while the others take the new version', async () => {
    const rejecting = deltaNode(xdsPort, 'edge-3', 'chat');
    nodes.push(rejecting);
    await rejecting.received(4);
    rejecting.nack = (type) => (type === TYPE_URLS.endpoint ? 'Proto constraint validation failed: port 9002 refused by test' : undefined);
    bundleText({ endpointPort: 9002, path: '/chat' });
    const apply = await wsctl(['apply', '-f', specFile, '--wait', '--timeout', '20s']);
    expect(apply.status).toBe(1);
    expect(apply.stdout).toMatch(/chat: NACK from node edge-3 on ClusterLoadAssignment \(version [\w-]+\): Proto constraint validation failed: port 9002 refused by test/);
    const status = (await api('GET', '/v1/gateways/chat/status')).json as { nodes: { id: string; converged: boolean }[]; converged: boolean };
    expect(status.nodes.map((n) => [n.id, n.converged])).toEqual([['edge-1', true], ['edge-2', true], ['edge-3', false]]);
    const json = await wsctl(['status', 'chat', '--json']);
    expect(json.status).toBe(1);
    rejecting.close();
    nodes.splice(nodes.indexOf(rejecting), 1);
  });

  it('refuses a stale expectVersion (409) and an oversized body (413), changing nothing', async () => {
    const before = (await api('GET', '/v1/gateways/chat')).json.version;
    expect((await api('PUT', `/v1/gateways/chat?expectVersion=${firstVersion}`, bundleText({ endpointPort: 9003 }))).status).toBe(409);
    expect((await api('PUT', '/v1/gateways/chat', 'x'.repeat(5 * 1024 * 1024))).status).toBe(413);
    expect((await api('PUT', '/v1/gateways/other', bundleText())).status).toBe(400);
    expect((await api('GET', '/v1/gateways/chat')).json.version).toBe(before);
  });

  it('serves the same versions after kill -9 and a restart: a reconnecting node gets no push', async () => {
    const before = (await api('GET', '/v1/gateways/chat')).json;
    const held = structuredClone(nodes[0]?.held ?? new Map());
    for (const n of nodes.splice(0)) n.close();
    serve.child.kill('SIGKILL');
    await new Promise((r) => serve.child.once('exit', r));
    serve = await startServe();
    const after = (await api('GET', '/v1/gateways/chat')).json;
    expect([after.version, after.snapshotVersion]).toEqual([before.version, before.snapshotVersion]);
    // a node that holds the current resources reconnects: nothing to send
    const client = rawClient(xdsPort);
    const stream = openStream<DeltaReply>(client, DELTA_ADS, true);
    for (const [type, names] of SUBSCRIPTIONS) {
      const versions = Object.fromEntries([...(held.get(type) ?? new Map<string, { version: string }>())].map(([n, v]) => [n, v.version]));
      stream.send({ node: { id: 'edge-1', cluster: 'chat' }, type_url: type, resource_names_subscribe: [...names], initial_resource_versions: versions });
    }
    expect(await stream.quiet(500)).toEqual([]);
    stream.close();
    client.close();
    // a new node gets all four types: the server does serve
    const fresh = deltaNode(xdsPort, 'edge-9', 'chat');
    nodes.push(fresh);
    await fresh.received(4);
  });

  it('rolls back to the first version: the same resources, byte for byte', async () => {
    const history = (await api('GET', '/v1/gateways/chat/history')).json as { versions: { version: string }[] };
    expect(history.versions.map((v) => v.version)).toContain(firstVersion);
    const rollback = await wsctl(['rollback', 'chat', '--to', firstVersion]);
    expect(rollback.status, rollback.stderr).toBe(0);
    const fresh = deltaNode(xdsPort, 'edge-10', 'chat');
    nodes.push(fresh);
    await fresh.received(4);
    expect(fresh.held).toEqual(firstResources);
    const get = await wsctl(['get', 'chat', '--json']);
    expect(JSON.parse(get.stdout)).toMatchObject({ name: 'chat', version: firstVersion });
  });
});

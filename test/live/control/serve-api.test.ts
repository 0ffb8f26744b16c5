/**
 * The admin API next to spec files (the built `wsctl serve --spec --token-file`): a gateway a file
 * declares cannot be applied; diff exits 1 on a difference; health is open, the rest needs a token;
 * SIGHUP reloads the tokens; /metrics counts applies and the apply → last-ACK latency; a non-loopback
 * admin address needs --insecure-admin.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeBundle } from '../../../src/bundle/bundle.js';
import { loadGateway } from '../../../src/api.js';
import { freePort } from '../harness/ports.js';
import { startProcess, type TrackedProcess } from '../harness/processes.js';
import { specText, type SpecShape } from '../xds/gateway-fixture.js';
import { deltaNode, type AutoNode } from './xds-nodes.js';

const OLD = 'old-token-0123456789abcdef';
const NEW = 'new-token-0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'wsctl-serve-api-'));
const tokenFile = join(dir, 'tokens');
const chatFile = join(dir, 'chat.yaml');
const gamesFile = join(dir, 'games.yaml');
let adminPort: number;
let xdsPort: number;
let serve: TrackedProcess;
let node: AutoNode | undefined;

function wsctl(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [resolve('bin/run.js'), ...args], { env: { ...process.env, WSCTL_SERVER: `http://127.0.0.1:${adminPort}`, WSCTL_TOKEN_FILE: tokenFile }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => done({ status: code ?? -1, stdout, stderr }));
  });
}

const request = (method: string, path: string, token?: string, body?: string): Promise<Response> =>
  fetch(`http://127.0.0.1:${adminPort}${path}`, { method, body, headers: token ? { authorization: `Bearer ${token}` } : {} });

const bundleOf = (file: string, name: string, shape: SpecShape = {}): string => {
  writeFileSync(file, specText(name, shape));
  const bundle = loadGateway(file).bundles[0];
  if (!bundle) throw new Error(`${file} is invalid`);
  return serializeBundle(bundle);
};

describe('wsctl serve with spec files and the admin API', () => {
  beforeAll(async () => {
    writeFileSync(tokenFile, `${OLD}\n`);
    writeFileSync(chatFile, specText('chat'));
    adminPort = await freePort();
    xdsPort = await freePort();
    serve = startProcess(process.execPath, [resolve('bin/run.js'), 'serve', '--spec', chatFile, '--token-file', tokenFile, '--xds-address', '127.0.0.1', '--xds-port', String(xdsPort), '--admin-port', String(adminPort)]);
    const deadline = Date.now() + 20_000;
    while (!(await request('GET', '/readyz').then((r) => r.ok, () => false))) {
      if (Date.now() > deadline || serve.child.exitCode !== null) throw new Error(`wsctl serve did not become ready:\n${serve.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  afterAll(async () => {
    node?.close();
    await serve?.stop();
  });

  it('keeps health open and puts everything else behind the token, the OpenAPI document included', async () => {
    expect((await request('GET', '/healthz')).status).toBe(200);
    for (const path of ['/v1/openapi.json', '/v1/gateways', '/metrics', '/status']) expect([path, (await request('GET', path)).status]).toEqual([path, 401]);
    const openapi = (await (await request('GET', '/v1/openapi.json', OLD)).json()) as { openapi: string };
    expect(openapi.openapi).toMatch(/^3\./);
  });

  it('refuses to apply a gateway a spec file declares (409, naming the file)', async () => {
    const answer = await request('PUT', '/v1/gateways/chat', OLD, bundleOf(join(dir, 'copy.yaml'), 'chat'));
    expect(answer.status).toBe(409);
    expect(((await answer.json()) as { error: { message: string } }).error.message).toContain(chatFile);
  });

  it('diffs per resource and exits 1 on a difference, 0 when there is none; counts applies and the rollout latency', async () => {
    expect((await request('PUT', '/v1/gateways/games', OLD, bundleOf(gamesFile, 'games'))).status).toBe(200);
    node = deltaNode(xdsPort, 'edge-1', 'games');
    await node.received(4);
    const same = await wsctl(['diff', '-f', gamesFile]);
    expect([same.status, same.stdout]).toEqual([0, expect.stringContaining('no change')]);
    bundleOf(gamesFile, 'games', { endpointPort: 9005, listenerPort: 18080 });
    const differs = await wsctl(['diff', '-f', gamesFile]);
    expect(differs.status).toBe(1);
    expect(differs.stdout).toContain('~ ClusterLoadAssignment app');
    expect(differs.stdout).toContain('~ Listener public');
    expect(differs.stdout).toContain('listeners public drain on 1 connected node(s)');
    const apply = await wsctl(['apply', '-f', gamesFile, '--wait', '--json']);
    expect(apply.status, apply.stderr).toBe(0);
    expect(JSON.parse(apply.stdout)).toMatchObject({ ok: true, gateways: [{ gateway: 'games', applied: true, rollout: 'converged' }] });
    const metrics = await (await request('GET', '/metrics', OLD)).text();
    expect(metrics).toContain('wsctl_applies_total{operation="apply",result="applied"} 2');
    expect(metrics).toContain('wsctl_applies_total{operation="apply",result="spec_owned"} 1');
    expect(metrics).toContain('wsctl_xds_connected_nodes{gateway="games"} 1');
    expect(metrics).toContain('wsctl_apply_to_last_ack_seconds_count 1\n');
  });

  it('re-reads the token file on SIGHUP', async () => {
    writeFileSync(tokenFile, `${NEW}\n`);
    serve.child.kill('SIGHUP');
    const deadline = Date.now() + 5_000;
    while ((await request('GET', '/v1/gateways', NEW)).status !== 200) {
      if (Date.now() > deadline) throw new Error(`tokens not reloaded:\n${serve.output()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await request('GET', '/v1/gateways', OLD)).status).toBe(401);
  });

  it('refuses a non-loopback admin address without --insecure-admin', async () => {
    const refused = await wsctl(['serve', '--spec', chatFile, '--admin-address', '0.0.0.0', '--admin-port', '0', '--xds-port', '0', '--xds-address', '127.0.0.1']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('--insecure-admin');
  });
});

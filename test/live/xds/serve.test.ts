/**
 * `wsctl serve` as users start it (the built CLI, bin/run.js): serves a spec over xDS, pushes an edit of
 * the file within a second with --watch, refuses an invalid edit (diagnostics in the JSON log) while the
 * last good snapshot keeps serving, and reports nodes on the admin port.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TYPE_URLS } from '../../../src/xds/type-urls.js';
import { freePort } from '../harness/ports.js';
import { startProcess, type TrackedProcess } from '../harness/processes.js';
import { specText } from './gateway-fixture.js';
import { DELTA_ADS, openStream, rawClient, type DeltaReply, type RawStream } from './raw-client.js';

const { listener: LDS, route: RDS, cluster: CDS, endpoint: EDS } = TYPE_URLS;

async function waitReady(adminPort: number, serve: TrackedProcess): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${adminPort}/readyz`).then((r) => r.ok, () => false);
    if (ok) return;
    if (Date.now() > deadline || serve.child.exitCode !== null) throw new Error(`wsctl serve did not become ready:\n${serve.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface LogLine {
  level: string;
  event: string;
  [field: string]: unknown;
}

const logLines = (serve: TrackedProcess): LogLine[] =>
  serve
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);

describe('wsctl serve', () => {
  it('refuses to start on an invalid spec, with its diagnostics', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'wsctl-serve-')), 'bad.yaml');
    writeFileSync(file, specText('bad').replace('backend: app', 'backend: nope'));
    const run = spawnSync(process.execPath, [resolve('bin/run.js'), 'serve', '--spec', file, '--xds-port', '0', '--admin-port', '0'], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('wsctl: cannot serve: 1 error(s) in the specs:');
    expect(run.stderr).toContain('WS0103: no backend named "nope"');
  });
});

describe('wsctl serve --watch', () => {
  let serve: TrackedProcess;
  let adminPort: number;
  let client: grpc.Client;
  let stream: RawStream<DeltaReply>;
  const file = join(mkdtempSync(join(tmpdir(), 'wsctl-serve-')), 'chat.yaml');

  beforeAll(async () => {
    writeFileSync(file, specText('chat'));
    const xdsPort = await freePort();
    adminPort = await freePort();
    serve = startProcess(process.execPath, [resolve('bin/run.js'), 'serve', '--spec', file, '--xds-address', '127.0.0.1', '--xds-port', String(xdsPort), '--admin-port', String(adminPort), '--watch']);
    await waitReady(adminPort, serve);
    client = rawClient(xdsPort);
    stream = openStream<DeltaReply>(client, DELTA_ADS, true);
    for (const [type, names] of [[CDS, []], [EDS, ['app']], [LDS, []], [RDS, ['public']]] as const) {
      stream.send({ node: { id: 'edge-7', cluster: 'chat' }, type_url: type, resource_names_subscribe: [...names] });
    }
    for (let i = 0; i < 4; i += 1) {
      const reply = await stream.next(10_000);
      stream.send({ type_url: reply.type_url, response_nonce: reply.nonce });
    }
  });

  afterAll(async () => {
    stream?.close();
    client?.close();
    await serve?.stop();
  });

  it('reports the gateway and the node’s ACKed versions on /status, and is healthy', async () => {
    expect((await fetch(`http://127.0.0.1:${adminPort}/healthz`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    const status = (await (await fetch(`http://127.0.0.1:${adminPort}/status`)).json()) as {
      gateways: Record<string, { version: string; types: Record<string, { version: string }> }>;
      nodes: { id: string; group: string; types: Record<string, { ackedVersion?: string }> }[];
    };
    const gateway = status.gateways['chat'];
    expect(gateway?.version).toMatch(/^[\w-]{22}$/);
    const node = status.nodes.find((n) => n.id === 'edge-7');
    expect(node?.group).toBe('chat');
    expect(node?.types['RouteConfiguration']?.ackedVersion).toBe(gateway?.types['RouteConfiguration']?.version);
  });

  it('pushes an edited route within a second, and nothing else', async () => {
    const edited = Date.now();
    writeFileSync(file, specText('chat', { path: '/chat' }));
    const reply = await stream.next(5_000);
    const elapsed = Date.now() - edited;
    expect([reply.type_url, reply.resources.map((r) => r.name)]).toEqual([RDS, ['public']]);
    expect(elapsed).toBeLessThan(1_000);
    stream.send({ type_url: RDS, response_nonce: reply.nonce });
    expect(await stream.quiet(300)).toEqual([]);
  });

  it('refuses an invalid edit with diagnostics in the log, keeps serving the last good snapshot, and takes the fix', async () => {
    writeFileSync(file, specText('chat', { path: '/chat' }).replace('backend: app', 'backend: nope'));
    expect(await stream.quiet(700)).toEqual([]);
    const errors = logLines(serve).filter((l) => l.event === 'spec.error');
    expect(errors.at(-1)).toMatchObject({ level: 'error', code: 'WS0103', line: 12, message: 'no backend named "nope"' });
    const status = (await (await fetch(`http://127.0.0.1:${adminPort}/status`)).json()) as { gateways: Record<string, { lastRefused?: { errors: string[] } }> };
    expect(status.gateways['chat']?.lastRefused?.errors[0]).toContain('WS0103');
    expect((await fetch(`http://127.0.0.1:${adminPort}/readyz`)).status).toBe(200);
    writeFileSync(file, specText('chat', { path: '/chat', endpointPort: 9009 }));
    const reply = await stream.next(5_000);
    expect([reply.type_url, reply.resources.map((r) => r.name)]).toEqual([EDS, ['app']]);
  });
});

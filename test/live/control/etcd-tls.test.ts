/**
 * `wsctl serve --store etcds://` against a real etcd that speaks TLS on its client port and requires a
 * client certificate (--client-cert-auth): with --etcd-ca/--etcd-cert/--etcd-key the replica is ready and
 * an apply is stored in etcd; with the CA alone (no client certificate) etcd refuses it, so the replica
 * stays not ready and refuses applies with 503.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeBundle } from '../../../src/bundle/bundle.js';
import { loadGateway } from '../../../src/api.js';
import { generateCerts, type TestCerts } from '../harness/certs.js';
import { testEtcd, type TestEtcd } from '../harness/etcd.js';
import { pollFor } from '../harness/poll.js';
import { freePort } from '../harness/ports.js';
import { startProcess, type TrackedProcess } from '../harness/processes.js';
import { specText } from '../xds/gateway-fixture.js';

const TOKEN = 'etcd-tls-token-0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'wsctl-etcd-tls-'));
const tokenFile = join(dir, 'tokens');
let certs: TestCerts;
let etcd: TestEtcd;
const started: TrackedProcess[] = [];

async function replica(tlsArgs: string[]): Promise<{ adminPort: number; process: TrackedProcess }> {
  const adminPort = await freePort();
  const args = ['serve', '--store', `etcds://127.0.0.1:${etcd.clientPort}/tls-test`, ...tlsArgs, '--token-file', tokenFile, '--xds-address', '127.0.0.1', '--xds-port', String(await freePort()), '--admin-port', String(adminPort)];
  const process_ = startProcess(process.execPath, [resolve('bin/run.js'), ...args]);
  started.push(process_);
  await pollFor('wsctl serve to start', async () => (process_.output().includes('serve.started') ? true : undefined), 20_000).catch((error: Error) => {
    throw new Error(`${error.message}\n${process_.output()}`);
  });
  return { adminPort, process: process_ };
}

function put(adminPort: number): Promise<{ status: number; json: Record<string, unknown> }> {
  const file = join(dir, 'chat.yaml');
  writeFileSync(file, specText('chat'));
  const bundle = loadGateway(file).bundles[0];
  if (!bundle) throw new Error('no bundle');
  return fetch(`http://127.0.0.1:${adminPort}/v1/gateways/chat`, { method: 'PUT', body: serializeBundle(bundle), headers: { authorization: `Bearer ${TOKEN}` } }).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, unknown> }));
}

describe('wsctl serve --store etcds:// (etcd with TLS and client certificates)', () => {
  beforeAll(async () => {
    certs = generateCerts(join(dir, 'certs'));
    writeFileSync(tokenFile, `${TOKEN}\n`);
    etcd = await testEtcd(join(dir, 'etcd'), certs);
    await etcd.start();
  });

  afterAll(async () => {
    await Promise.all(started.map((p) => p.stop()));
    await etcd?.stop();
  });

  it('stores an apply through TLS with a client certificate', async () => {
    const { adminPort, process: serve } = await replica(['--etcd-ca', certs.caCert, '--etcd-cert', certs.clientCert, '--etcd-key', certs.clientKey]);
    expect((await fetch(`http://127.0.0.1:${adminPort}/readyz`)).status).toBe(200);
    const answer = await put(adminPort);
    expect([answer.status, answer.json.applied]).toEqual([200, true]);
    expect(serve.output()).toContain('"event":"store.connected","store":"etcds://127.0.0.1');
  });

  it('is refused by etcd without a client certificate: not ready, applies get 503', async () => {
    const { adminPort, process: serve } = await replica(['--etcd-ca', certs.caCert]);
    const readyz = await fetch(`http://127.0.0.1:${adminPort}/readyz`);
    expect(readyz.status).toBe(503);
    expect((await put(adminPort)).status).toBe(503);
    expect(serve.output()).toContain('store.reconnect_failed');
  });
});

/**
 * TLS on both ports of the built `wsctl serve`: the admin API over HTTPS (the CLI trusts the server's CA
 * with --ca-file, and refuses an unknown one), and xDS over mTLS (a client certificate of the configured CA
 * gets the snapshot; none, or one of another CA, gets nothing).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCerts, type TestCerts } from '../harness/certs.js';
import { freePort } from '../harness/ports.js';
import { startProcess, type TrackedProcess } from '../harness/processes.js';
import { specText } from '../xds/gateway-fixture.js';
import { DELTA_ADS, openStream, type DeltaReply } from '../xds/raw-client.js';
import { SUBSCRIPTIONS } from './xds-nodes.js';

const TOKEN = 'tls-token-0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'wsctl-tls-'));
const tokenFile = join(dir, 'tokens');
const specFile = join(dir, 'chat.yaml');
let certs: TestCerts;
let adminPort: number;
let xdsPort: number;
let serve: TrackedProcess;

function wsctl(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [resolve('bin/run.js'), ...args, '--server', `https://127.0.0.1:${adminPort}`, '--token-file', tokenFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => done({ status: code ?? -1, stdout, stderr }));
  });
}

/** Subscribes a delta node over TLS with the given client certificate; resolves with the responses received within a few seconds. */
async function subscribeOverTls(client?: { cert: string; key: string }): Promise<number> {
  const creds = grpc.credentials.createSsl(readFileSync(certs.caCert), client ? readFileSync(client.key) : null, client ? readFileSync(client.cert) : null);
  const channel = new grpc.Client(`127.0.0.1:${xdsPort}`, creds);
  const stream = openStream<DeltaReply>(channel, DELTA_ADS, true);
  for (const [type, names] of SUBSCRIPTIONS) stream.send({ node: { id: 'edge-tls', cluster: 'chat' }, type_url: type, resource_names_subscribe: [...names] });
  let replies = 0;
  try {
    for (; replies < SUBSCRIPTIONS.length; replies += 1) await stream.next(3_000);
  } catch {
    // fewer replies: counted
  }
  stream.close();
  channel.close();
  return replies;
}

describe('wsctl serve with TLS on the admin and xDS ports', () => {
  beforeAll(async () => {
    certs = generateCerts(join(dir, 'certs'));
    writeFileSync(tokenFile, `${TOKEN}\n`);
    writeFileSync(specFile, specText('chat'));
    adminPort = await freePort();
    xdsPort = await freePort();
    serve = startProcess(process.execPath, [
      resolve('bin/run.js'), 'serve', '--token-file', tokenFile,
      '--admin-port', String(adminPort), '--admin-tls-cert', certs.serverCert, '--admin-tls-key', certs.serverKey,
      '--xds-address', '127.0.0.1', '--xds-port', String(xdsPort), '--xds-tls-cert', certs.serverCert, '--xds-tls-key', certs.serverKey, '--xds-client-ca', certs.caCert,
    ]);
    const deadline = Date.now() + 20_000;
    while (!serve.output().includes('serve.started')) {
      if (Date.now() > deadline || serve.child.exitCode !== null) throw new Error(`wsctl serve did not start:\n${serve.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  afterAll(async () => {
    await serve?.stop();
  });

  it('applies over HTTPS with --ca-file, and refuses a server certificate it cannot verify', async () => {
    const trusted = await wsctl(['apply', '-f', specFile, '--ca-file', certs.caCert]);
    expect(trusted.status, trusted.stderr).toBe(0);
    expect(trusted.stdout).toContain('gateway chat: applied');
    const untrusted = await wsctl(['get']);
    expect(untrusted.status).toBe(1);
    expect(untrusted.stderr).toMatch(/certificate/);
  });

  it('serves xDS to a client with a certificate of the client CA, and to no other', async () => {
    expect(await subscribeOverTls({ cert: certs.clientCert, key: certs.clientKey })).toBe(SUBSCRIPTIONS.length);
    expect(await subscribeOverTls()).toBe(0);
    expect(await subscribeOverTls({ cert: certs.rogueClientCert, key: certs.rogueClientKey })).toBe(0);
  });
});

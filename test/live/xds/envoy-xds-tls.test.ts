/**
 * A real Envoy reaching `wsctl serve` over xDS TLS, and mTLS, set up as users do: `wsctl serve
 * --xds-tls-cert/--xds-tls-key [--xds-client-ca]`, `wsctl bootstrap --xds-ca [--xds-client-cert
 * --xds-client-key]`, `envoy -c`. Envoy gets its listeners (a WebSocket through it reaches the served
 * endpoint). Then the certificates of both ports are replaced on disk and SIGHUP sent: new connections
 * get the new certificate without a restart, and Envoy keeps following pushes.
 */
import { X509Certificate } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireEnvoy } from '../harness/binaries.js';
import { generateCerts, issueServerCertificate, type TestCerts } from '../harness/certs.js';
import { startEchoBackend, type EchoBackend } from '../harness/echo-backend.js';
import { pollFor } from '../harness/poll.js';
import { freePort } from '../harness/ports.js';
import { startProcess, type TrackedProcess } from '../harness/processes.js';
import { connect, whoami } from '../harness/ws-client.js';
import { specText } from './gateway-fixture.js';

const BIN = resolve('bin/run.js');

async function backendOf(url: string): Promise<string | undefined> {
  const handshake = await connect(url);
  if (!handshake.ok) return undefined;
  const { id } = await whoami(handshake.ws);
  handshake.ws.close();
  return id;
}

/** The SHA-256 fingerprint of the certificate a new TLS connection to 127.0.0.1:port is given. */
function servedCertificate(port: number, certs: TestCerts, alpn: string): Promise<string> {
  return new Promise((ok, fail) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, ca: readFileSync(certs.caCert), cert: readFileSync(certs.clientCert), key: readFileSync(certs.clientKey), ALPNProtocols: [alpn] }, () => {
      ok(socket.getPeerCertificate().fingerprint256);
      socket.destroy();
    });
    socket.once('error', fail);
  });
}

const fingerprintOf = (file: string): string => new X509Certificate(readFileSync(file)).fingerprint256;

describe.each([
  ['TLS', false],
  ['mTLS', true],
])('a real Envoy over xDS with %s', (variant, mutual) => {
  const dir = mkdtempSync(join(tmpdir(), `wsctl-envoy-xds-${variant.toLowerCase()}-`));
  const file = join(dir, 'edge.yaml');
  let certs: TestCerts;
  let a: EchoBackend;
  let b: EchoBackend;
  let serve: TrackedProcess;
  let envoy: TrackedProcess;
  let listenerPort: number;
  let adminPort: number;
  let xdsPort: number;
  const served = { xdsCert: join(dir, 'xds.crt'), xdsKey: join(dir, 'xds.key'), adminCert: join(dir, 'admin.crt'), adminKey: join(dir, 'admin.key') };

  beforeAll(async () => {
    const envoyBinary = requireEnvoy();
    certs = generateCerts(join(dir, 'certs'));
    for (const [to, from] of [[served.xdsCert, certs.serverCert], [served.xdsKey, certs.serverKey], [served.adminCert, certs.serverCert], [served.adminKey, certs.serverKey]] as const) copyFileSync(from, to);
    a = await startEchoBackend('A');
    b = await startEchoBackend('B');
    listenerPort = await freePort();
    adminPort = await freePort();
    xdsPort = await freePort();
    writeFileSync(file, specText('edge', { listenerPort, endpointPort: a.port }));
    serve = startProcess(process.execPath, [
      BIN, 'serve', '--spec', file, '--watch', '--admin-port', String(adminPort), '--admin-tls-cert', served.adminCert, '--admin-tls-key', served.adminKey,
      '--xds-address', '127.0.0.1', '--xds-port', String(xdsPort), '--xds-tls-cert', served.xdsCert, '--xds-tls-key', served.xdsKey,
      ...(mutual ? ['--xds-client-ca', certs.caCert] : []),
    ]);
    await pollFor('wsctl serve to start', async () => (serve.output().includes('serve.started') ? true : undefined), 20_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${serve.output()}`);
    });
    const bootstrap = join(dir, 'bootstrap.yaml');
    const tls = ['--xds-ca', certs.caCert, ...(mutual ? ['--xds-client-cert', certs.clientCert, '--xds-client-key', certs.clientKey] : [])];
    const args = ['bootstrap', '--gateway', 'edge', '--xds-address', `127.0.0.1:${xdsPort}`, '--node-id', `edge-${variant}`, '--admin-port', String(await freePort()), ...tls, '--out', bootstrap];
    const written = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
    expect(written.status, written.stderr).toBe(0);
    expect(readFileSync(bootstrap, 'utf8')).toContain('envoy.transport_sockets.tls');
    envoy = startProcess(envoyBinary, ['-c', bootstrap, '--use-dynamic-base-id', '--base-id-path', join(dir, 'base-id'), '--log-level', 'warn']);
  });

  afterAll(async () => {
    await envoy?.stop();
    const baseId = readFileSync(join(dir, 'base-id'), { encoding: 'utf8', flag: 'a+' }).trim();
    if (/^[0-9]+$/.test(baseId)) rmSync(`/dev/shm/envoy_shared_memory_${baseId}0`, { force: true });
    await serve?.stop();
    await a?.close();
    await b?.close();
  });

  it('gets its listeners from wsctl serve over the TLS xDS port', async () => {
    const url = `ws://127.0.0.1:${listenerPort}/ws`;
    await pollFor('Envoy to serve the gateway', async () => ((await backendOf(url)) === 'A' ? true : undefined), 30_000).catch((error: Error) => {
      throw new Error(`${error.message}\nenvoy:\n${envoy.output().slice(-3000)}\nwsctl serve:\n${serve.output().slice(-3000)}`);
    });
    expect(serve.output()).toContain(`"xdsTls":"${mutual ? 'mtls' : 'tls'}"`);
  }, 60_000);

  it('serves new certificates on both ports after SIGHUP, without a restart, and Envoy keeps following', async () => {
    expect(await servedCertificate(xdsPort, certs, 'h2')).toBe(fingerprintOf(certs.serverCert));
    expect(await servedCertificate(adminPort, certs, 'http/1.1')).toBe(fingerprintOf(certs.serverCert));
    const next = issueServerCertificate(certs, `rotated-${variant.toLowerCase()}`);
    for (const [to, from] of [[served.xdsCert, next.cert], [served.xdsKey, next.key], [served.adminCert, next.cert], [served.adminKey, next.key]] as const) copyFileSync(from, to);
    const pid = serve.pid;
    serve.child.kill('SIGHUP');
    await pollFor('the rotated xDS certificate', async () => ((await servedCertificate(xdsPort, certs, 'h2')) === fingerprintOf(next.cert) ? true : undefined));
    expect(await servedCertificate(adminPort, certs, 'http/1.1')).toBe(fingerprintOf(next.cert));
    expect([serve.pid, serve.child.exitCode]).toEqual([pid, null]);
    expect(serve.output()).toMatch(/"event":"tls.reloaded","port":"xds"/);
    writeFileSync(file, specText('edge', { listenerPort, endpointPort: b.port }));
    await pollFor('Envoy to follow the endpoint move', async () => ((await backendOf(`ws://127.0.0.1:${listenerPort}/ws`)) === 'B' ? true : undefined), 20_000);
  }, 60_000);
});

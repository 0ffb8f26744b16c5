import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCerts, type TestCerts } from '../harness/certs.js';
import { freePort } from '../harness/ports.js';
import { startTlsEchoBackend, type TlsEchoBackend } from '../harness/tls-echo-backend.js';
import { connect, mustConnect, roundTrip, whoami } from '../harness/ws-client.js';
import { scenario, workDir, type Scenario } from './setup.js';

let certs: TestCerts;
let gw: Scenario;
let ports: { mtls: number; optional: number; tls13: number };
let secureBackend: TlsEchoBackend;

beforeAll(async () => {
  certs = generateCerts(join(workDir('tls-certs'), 'certs'));
  secureBackend = await startTlsEchoBackend('secure', certs.serverCert, certs.serverKey);
  ports = { mtls: await freePort(), optional: await freePort(), tls13: await freePort() };
  const tls = { certFile: certs.serverCert, keyFile: certs.serverKey };
  gw = await scenario(
    'tls',
    1,
    (port, endpoints) => ({
      listeners: [
        { name: 'public', port, address: '127.0.0.1', tls: { ...tls, minVersion: '1.2' } },
        { name: 'mtls', port: ports.mtls, address: '127.0.0.1', tls: { ...tls, clientCaFile: certs.caCert, clientCert: 'required' } },
        { name: 'optional', port: ports.optional, address: '127.0.0.1', tls: { ...tls, clientCaFile: certs.caCert, clientCert: 'optional' } },
        { name: 'tls13', port: ports.tls13, address: '127.0.0.1', tls: { ...tls, minVersion: '1.3' } },
      ],
      routes: [
        { name: 'ws', match: { path: '/ws' }, backend: 'app' },
        { name: 'upstream-tls', listeners: ['public'], match: { path: '/secure' }, backend: 'secure' },
        { name: 'upstream-untrusted', listeners: ['public'], match: { path: '/untrusted' }, backend: 'untrusted' },
        { name: 'upstream-wrong-name', listeners: ['public'], match: { path: '/wrong-name' }, backend: 'wrong-name' },
      ],
      backends: [
        { name: 'app', endpoints: [endpoints[0]!] },
        { name: 'secure', endpoints: [{ address: '127.0.0.1', port: secureBackend.port }], tls: { caFile: certs.caCert, serverName: 'localhost' } },
        { name: 'untrusted', endpoints: [{ address: '127.0.0.1', port: secureBackend.port }], tls: { caFile: join(certs.dir, 'rogue-ca.crt'), serverName: 'localhost' } },
        { name: 'wrong-name', endpoints: [{ address: '127.0.0.1', port: secureBackend.port }], tls: { caFile: certs.caCert, serverName: 'other.example.com' } },
      ],
    }),
    { tls: true },
  );
});

afterAll(async () => {
  await secureBackend?.close();
});

const ca = (): Buffer => readFileSync(certs.caCert);
const clientCert = (good: boolean): { cert: Buffer; key: Buffer } => ({
  cert: readFileSync(good ? certs.clientCert : certs.rogueClientCert),
  key: readFileSync(good ? certs.clientKey : certs.rogueClientKey),
});

/** The TLS version a handshake with maxVersion settles on, or the error. */
function negotiate(port: number, maxVersion: 'TLSv1.2' | 'TLSv1.3'): Promise<string> {
  return new Promise((resolve) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, ca: ca(), servername: 'localhost', maxVersion, ALPNProtocols: ['h2', 'http/1.1'] }, () => {
      resolve(`${String(socket.getProtocol())} ${String(socket.alpnProtocol)}`);
      socket.destroy();
    });
    socket.on('error', (e) => resolve(`error ${e.message}`));
  });
}

describe('nginx: TLS termination', () => {
  it('serves wss:// with the test certificate and echoes', async () => {
    const { ws } = await mustConnect(`${gw.base}/ws`, { ca: ca() });
    expect((await roundTrip(ws, 'over tls')).data.toString()).toBe('over tls');
    expect((await whoami(ws)).headers['x-forwarded-proto']).toBe('https');
    ws.close();
  });

  it('accepts TLS 1.2 and 1.3 with minVersion 1.2, only 1.3 with minVersion 1.3, and never offers h2', async () => {
    expect(await negotiate(gw.port, 'TLSv1.2')).toBe('TLSv1.2 http/1.1');
    expect(await negotiate(gw.port, 'TLSv1.3')).toBe('TLSv1.3 http/1.1');
    expect(await negotiate(ports.tls13, 'TLSv1.2')).toMatch(/^error/);
    expect(await negotiate(ports.tls13, 'TLSv1.3')).toBe('TLSv1.3 http/1.1');
  });
});

describe('nginx: mTLS', () => {
  const url = (port: number): string => `wss://127.0.0.1:${port}/ws`;

  it('required: admits a client certificate from the CA and refuses none or a rogue one', async () => {
    (await mustConnect(url(ports.mtls), { ca: ca(), ...clientCert(true) })).ws.close();
    const none = await connect(url(ports.mtls), { ca: ca() });
    expect(none.ok ? 101 : none.status).toBe(400);
    const rogue = await connect(url(ports.mtls), { ca: ca(), ...clientCert(false) });
    expect(rogue.ok ? 101 : rogue.status).toBe(400);
  });

  it('optional: admits no certificate or a good one, refuses a rogue one', async () => {
    (await mustConnect(url(ports.optional), { ca: ca() })).ws.close();
    (await mustConnect(url(ports.optional), { ca: ca(), ...clientCert(true) })).ws.close();
    const rogue = await connect(url(ports.optional), { ca: ca(), ...clientCert(false) });
    expect(rogue.ok ? 101 : rogue.status).toBe(400);
  });
});

describe('nginx: upstream TLS', () => {
  it('verifies the backend certificate against caFile and serverName, then proxies', async () => {
    const { ws } = await mustConnect(`${gw.base}/secure`, { ca: ca() });
    expect((await whoami(ws)).id).toBe('secure');
    ws.close();
  });

  it('refuses a backend whose certificate does not chain to caFile, or does not match serverName (502)', async () => {
    for (const path of ['/untrusted', '/wrong-name']) {
      const result = await connect(`${gw.base}${path}`, { ca: ca() });
      expect(result.ok ? 101 : result.status).toBe(502);
    }
  });
});

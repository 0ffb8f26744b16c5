import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { requireBinary } from './binaries.js';
import type { TestCerts } from './certs.js';
import { freePort } from './ports.js';
import { startProcess, type TrackedProcess } from './processes.js';

/** A one-member etcd on 127.0.0.1 (client and peer ports probed free), data in a test directory; stop() and start() again keep its data. */
export interface TestEtcd {
  /** Client port: etcd://127.0.0.1:PORT. */
  clientPort: number;
  /** The running process, if started. */
  process?: TrackedProcess;
  /** Starts it (again, on the same ports and data) and waits until /health says true. */
  start(): Promise<void>;
  /** Stops it by PID (SIGTERM, then SIGKILL). */
  stop(): Promise<void>;
}

/** GET /health over HTTPS with the test client certificate: true when etcd says healthy. */
function healthyOverTls(url: string, certs: TestCerts): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(`${url}/health`, { ca: readFileSync(certs.caCert), cert: readFileSync(certs.clientCert), key: readFileSync(certs.clientKey) }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(body.includes('"health":"true"')));
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}

/**
 * An etcd as Debian's etcd-server installs it (/usr/bin/etcd), not started yet. With `tls` its client
 * port speaks TLS with the test server certificate and requires a client certificate of the test CA.
 */
export async function testEtcd(dataDir: string, tls?: TestCerts): Promise<TestEtcd> {
  const binary = requireBinary('etcd');
  const clientPort = await freePort();
  const peerPort = await freePort();
  const client = `${tls ? 'https' : 'http'}://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const etcd: TestEtcd = {
    clientPort,
    async start() {
      etcd.process = startProcess(binary, [
        '--name', 'wsctl-test', '--data-dir', dataDir,
        '--listen-client-urls', client, '--advertise-client-urls', client,
        '--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer,
        '--initial-cluster', `wsctl-test=${peer}`, '--initial-cluster-state', 'new',
        '--log-level', 'warn', '--logger', 'zap',
        ...(tls ? ['--cert-file', tls.serverCert, '--key-file', tls.serverKey, '--trusted-ca-file', tls.caCert, '--client-cert-auth'] : []),
      ]);
      const deadline = Date.now() + 20_000;
      for (;;) {
        const healthy = tls ? await healthyOverTls(client, tls) : await fetch(`${client}/health`).then(async (r) => ((await r.json()) as { health?: string }).health === 'true', () => false);
        if (healthy) return;
        if (Date.now() > deadline || etcd.process.child.exitCode !== null) throw new Error(`etcd did not become healthy:\n${etcd.process.output()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      await etcd.process?.stop();
      etcd.process = undefined;
    },
  };
  return etcd;
}

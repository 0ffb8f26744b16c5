import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './processes.js';

/** Paths of test certificates generated with openssl. */
export interface TestCerts {
  /** Directory holding them. */
  dir: string;
  /** CA certificate that signed server and client certs. */
  caCert: string;
  /** Server certificate for localhost / 127.0.0.1 and its key. */
  serverCert: string;
  /** Server key. */
  serverKey: string;
  /** Client certificate signed by the CA, and its key. */
  clientCert: string;
  /** Client key. */
  clientKey: string;
  /** Client certificate signed by another (untrusted) CA, and its key. */
  rogueClientCert: string;
  /** Key of the rogue client certificate. */
  rogueClientKey: string;
}

function openssl(args: string[], cwd: string): void {
  const result = run('openssl', args, cwd);
  if (result.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${result.output}`);
}

function issue(cwd: string, name: string, ca: string, subject: string, ext: string): void {
  openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject], cwd);
  writeFileSync(join(cwd, `${name}.ext`), ext);
  openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-days', '2', '-out', `${name}.crt`, '-extfile', `${name}.ext`], cwd);
}

/** Generates a CA, a server certificate for localhost/127.0.0.1, a good and a rogue client certificate. */
export function generateCerts(dir: string): TestCerts {
  mkdirSync(dir, { recursive: true });
  for (const ca of ['ca', 'rogue-ca']) {
    openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${ca}.key`, '-out', `${ca}.crt`, '-days', '2', '-subj', `/CN=wsctl test ${ca}`], dir);
  }
  issue(dir, 'server', 'ca', '/CN=localhost', 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  issue(dir, 'client', 'ca', '/CN=wsctl test client', 'extendedKeyUsage=clientAuth\n');
  issue(dir, 'rogue-client', 'rogue-ca', '/CN=wsctl rogue client', 'extendedKeyUsage=clientAuth\n');
  return {
    dir,
    caCert: join(dir, 'ca.crt'),
    serverCert: join(dir, 'server.crt'),
    serverKey: join(dir, 'server.key'),
    clientCert: join(dir, 'client.crt'),
    clientKey: join(dir, 'client.key'),
    rogueClientCert: join(dir, 'rogue-client.crt'),
    rogueClientKey: join(dir, 'rogue-client.key'),
  };
}

/** Issues another server certificate for localhost/127.0.0.1 from the CA of `certs` (a rotation): NAME.crt and NAME.key in its directory. */
export function issueServerCertificate(certs: TestCerts, name: string): { cert: string; key: string } {
  issue(certs.dir, name, 'ca', `/CN=localhost ${name}`, 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  return { cert: join(certs.dir, `${name}.crt`), key: join(certs.dir, `${name}.key`) };
}

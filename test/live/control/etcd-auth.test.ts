/**
 * `wsctl serve --store etcd://` against a real etcd with authentication enabled, set up with the
 * etcdctl commands of docs/control-plane.md (a root user, and a wsctl user whose role grants readwrite on
 * /wsctl/ only): two replicas with the right password share gateways (an apply through one reaches an xDS
 * node of the other); a wrong password, a user without permission and a read-only user leave a replica
 * not ready with a reason naming the etcd refusal, their applies get 503 and nothing is stored; SIGHUP
 * takes a corrected or rotated password; no password shows in logs, answers or errors; the same over
 * etcds:// with client certificates.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeBundle } from '../../../src/bundle/bundle.js';
import { loadGateway } from '../../../src/api.js';
import { requireBinary } from '../harness/binaries.js';
import { generateCerts, type TestCerts } from '../harness/certs.js';
import { testEtcd, type TestEtcd } from '../harness/etcd.js';
import { pollFor } from '../harness/poll.js';
import { freePort } from '../harness/ports.js';
import { startProcess, type TrackedProcess } from '../harness/processes.js';
import { specText, type SpecShape } from '../xds/gateway-fixture.js';
import { deltaNode, type AutoNode } from './xds-nodes.js';

const TOKEN = 'etcd-auth-token-0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'wsctl-etcd-auth-'));
const tokenFile = join(dir, 'tokens');
const PASSWORDS = { root: 'root-7f3a9c1e5b', wsctl: 'wsctl-2d8e4b6a0c', rotated: 'wsctl-rotated-91c3e7', wrong: 'not-the-password-55', nobody: 'nobody-4e1f8a', reader: 'reader-6b2d9c' };

/** A `wsctl serve` replica. */
interface Replica {
  adminPort: number;
  xdsPort: number;
  process: TrackedProcess;
}

const started: TrackedProcess[] = [];
const nodes: AutoNode[] = [];

/** Writes a password file readable by its owner only (what the docs ask for); returns its path. */
function passwordFile(name: string, password: string, mode = 0o600): string {
  const file = join(dir, `${name}.password`);
  writeFileSync(file, `${password}\n`);
  chmodSync(file, mode);
  return file;
}

/** Runs etcdctl against an etcd (stdin for the commands that read a password); throws with its output when it fails. */
function etcdctl(etcd: TestEtcd, args: string[], options: { input?: string; tls?: TestCerts; user?: string } = {}): string {
  const scheme = options.tls ? 'https' : 'http';
  const tls = options.tls ? ['--cacert', options.tls.caCert, '--cert', options.tls.clientCert, '--key', options.tls.clientKey] : [];
  const user = options.user ? ['--user', options.user] : [];
  const result = spawnSync(requireBinary('etcdctl'), [`--endpoints=${scheme}://127.0.0.1:${etcd.clientPort}`, ...tls, ...user, ...args], { input: options.input ?? '', encoding: 'utf8', env: { ...process.env, ETCDCTL_API: '3' } });
  if (result.status !== 0) throw new Error(`etcdctl ${args.join(' ')}: ${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** The role setup of docs/control-plane.md, plus a user without any role and a user with read only. */
function enableAuth(etcd: TestEtcd, tls?: TestCerts): void {
  const run = (args: string[], input?: string): string => etcdctl(etcd, args, { input, tls });
  run(['user', 'add', 'root', '--interactive=false'], `${PASSWORDS.root}\n`);
  run(['user', 'grant-role', 'root', 'root']);
  run(['role', 'add', 'wsctl']);
  run(['role', 'grant-permission', 'wsctl', '--prefix=true', 'readwrite', '/wsctl/']);
  run(['user', 'add', 'wsctl', '--interactive=false'], `${PASSWORDS.wsctl}\n`);
  run(['user', 'grant-role', 'wsctl', 'wsctl']);
  run(['user', 'add', 'nobody', '--interactive=false'], `${PASSWORDS.nobody}\n`);
  run(['role', 'add', 'reader']);
  run(['role', 'grant-permission', 'reader', '--prefix=true', 'read', '/wsctl/']);
  run(['user', 'add', 'reader', '--interactive=false'], `${PASSWORDS.reader}\n`);
  run(['user', 'grant-role', 'reader', 'reader']);
  run(['auth', 'enable']);
}

/** Keys under /wsctl/ as root sees them. */
function storedKeys(etcd: TestEtcd, tls?: TestCerts): string[] {
  return etcdctl(etcd, ['get', '--prefix', '--keys-only', '/wsctl/'], { tls, user: `root:${PASSWORDS.root}` }).split('\n').filter(Boolean);
}

/** Starts a replica and waits until it logged serve.started (ready or not). */
async function replica(etcd: TestEtcd, args: string[], env: NodeJS.ProcessEnv = {}, scheme = 'etcd'): Promise<Replica> {
  const adminPort = await freePort();
  const xdsPort = await freePort();
  const argv = ['serve', '--store', `${scheme}://127.0.0.1:${etcd.clientPort}`, ...args, '--token-file', tokenFile, '--xds-address', '127.0.0.1', '--xds-port', String(xdsPort), '--admin-port', String(adminPort)];
  const process_ = startProcess(process.execPath, [resolve('bin/run.js'), ...argv], { env: { ...process.env, ...env } });
  started.push(process_);
  await pollFor('wsctl serve to start', async () => (process_.output().includes('serve.started') ? true : undefined), 20_000).catch((error: Error) => {
    throw new Error(`${error.message}\n${process_.output()}`);
  });
  return { adminPort, xdsPort, process: process_ };
}

const auth = (user: string, file: string): string[] => ['--etcd-user', user, '--etcd-password-file', file];

async function readyz(r: Replica): Promise<{ status: number; text: string }> {
  const answer = await fetch(`http://127.0.0.1:${r.adminPort}/readyz`);
  return { status: answer.status, text: await answer.text() };
}

async function api(r: Replica, method: string, path: string, body?: string): Promise<{ status: number; text: string }> {
  const answer = await fetch(`http://127.0.0.1:${r.adminPort}${path}`, { method, body, headers: { authorization: `Bearer ${TOKEN}` } });
  return { status: answer.status, text: await answer.text() };
}

/** The bundle of a gateway in a shape, and its spec file. */
function spec(name: string, shape: SpecShape = {}): { file: string; bundle: string } {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, specText(name, shape));
  const bundle = loadGateway(file).bundles[0];
  if (!bundle) throw new Error('no bundle');
  return { file, bundle: serializeBundle(bundle) };
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

/** Runs `wsctl serve` to its exit (for refusals at start). */
function serveExit(args: string[]): { status: number; output: string } {
  const result = spawnSync(process.execPath, [resolve('bin/run.js'), 'serve', ...args, '--token-file', tokenFile, '--xds-port', '0', '--admin-port', '0'], { encoding: 'utf8', timeout: 20_000 });
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

const notReadyBecause = async (r: Replica, reason: string | RegExp): Promise<void> => {
  await pollFor(`not ready because ${String(reason)}`, async () => {
    const answer = await readyz(r);
    return answer.status === 503 && (typeof reason === 'string' ? answer.text.includes(reason) : reason.test(answer.text)) ? true : undefined;
  }).catch(async (error: Error) => {
    throw new Error(`${error.message}: ${JSON.stringify(await readyz(r))}\n${r.process.output()}`);
  });
};

beforeAll(() => writeFileSync(tokenFile, `${TOKEN}\n`));

afterAll(async () => {
  for (const n of nodes) n.close();
  await Promise.all(started.map((p) => p.stop()));
});

describe('wsctl serve --store etcd:// with etcd authentication', () => {
  let etcd: TestEtcd;
  const replicas: Replica[] = [];
  let shared: string;
  let wrong: Replica | undefined;
  let wrongFile: string;

  beforeAll(async () => {
    etcd = await testEtcd(join(dir, 'etcd'));
    await etcd.start();
    enableAuth(etcd);
    shared = passwordFile('wsctl', PASSWORDS.wsctl);
  });

  afterAll(async () => {
    await etcd?.stop();
  });

  it('serves an apply through one replica to an xDS node of the other, both authenticated as wsctl (flags, and the environment)', async () => {
    const a = await replica(etcd, auth('wsctl', shared));
    const b = await replica(etcd, [], { WSCTL_ETCD_USER: 'wsctl', WSCTL_ETCD_PASSWORD_FILE: shared });
    replicas.push(a, b);
    for (const r of replicas) expect(await readyz(r)).toEqual({ status: 200, text: expect.any(String) as string });
    expect(a.process.output()).toMatch(/"event":"store.connected","store":"etcd:\/\/127\.0\.0\.1:\d+\/wsctl","user":"wsctl"/);
    const onB = deltaNode(b.xdsPort, 'edge-b', 'chat');
    nodes.push(onB);
    const applied = await wsctl(a, ['apply', '-f', spec('chat').file]);
    expect(applied.status, applied.stderr).toBe(0);
    await onB.received(4);
    expect(storedKeys(etcd)).toEqual(expect.arrayContaining(['/wsctl/gateways/chat']));
    const onA = deltaNode(a.xdsPort, 'edge-a', 'chat');
    nodes.push(onA);
    await onA.received(4);
    expect(onB.held).toEqual(onA.held);
    // the fleet view (each replica's nodes on its own lease under /wsctl/) works with the same role
    await pollFor('a to list the node of b', async () => {
      const status = JSON.parse((await api(a, 'GET', '/v1/gateways/chat/status')).text) as { nodes: { id: string }[] };
      return status.nodes.some((n) => n.id === 'edge-b') ? true : undefined;
    });
    expect(b.process.output()).toContain('"event":"fleet.lease_granted"');
  });

  it('keeps a replica with a wrong password not ready, refuses its applies with 503 and stores nothing', async () => {
    wrongFile = passwordFile('wrong', PASSWORDS.wrong);
    wrong = await replica(etcd, auth('wsctl', wrongFile));
    const reason = 'etcd refused the credentials of user wsctl (authentication failed, invalid user ID or password)';
    await notReadyBecause(wrong, reason);
    expect(wrong.process.output()).toMatch(/"event":"store.reconnect_failed".*"reason":"etcd refused the credentials of user wsctl/);
    expect(wrong.process.output()).toMatch(/"event":"serve.started".*"notReady":"etcd refused the credentials of user wsctl/);
    const refused = await api(wrong, 'PUT', '/v1/gateways/games', spec('games').bundle);
    expect([refused.status, refused.text]).toEqual([503, expect.stringContaining(reason)]);
    expect(storedKeys(etcd).filter((k) => k.includes('games'))).toEqual([]);
  });

  it('refuses a user without permission on the prefix, and a read-only one, naming the prefix', async () => {
    const nobody = await replica(etcd, auth('nobody', passwordFile('nobody', PASSWORDS.nobody)));
    await notReadyBecause(nobody, 'permission denied on prefix /wsctl/ for etcd user nobody: its role needs readwrite on the prefix');
    expect(nobody.process.output()).toMatch(/"event":"store.reconnect_failed".*"reason":"permission denied on prefix \/wsctl\/ for etcd user nobody/);
    expect((await api(nobody, 'PUT', '/v1/gateways/games', spec('games').bundle)).status).toBe(503);
    // a reader lists the prefix, but may not write: the replica is not ready rather than failing each apply
    const reader = await replica(etcd, auth('reader', passwordFile('reader', PASSWORDS.reader)));
    await notReadyBecause(reader, 'permission denied on prefix /wsctl/ for etcd user reader');
    expect((await api(reader, 'PUT', '/v1/gateways/games', spec('games').bundle)).status).toBe(503);
    expect(storedKeys(etcd).filter((k) => k.includes('games'))).toEqual([]);
    await Promise.all([nobody.process.stop(), reader.process.stop()]);
  });

  it('refuses at start a password file other users can read, a password in the URL, and a user without its password file', () => {
    const open = serveExit(['--store', `etcd://127.0.0.1:${etcd.clientPort}`, ...auth('wsctl', passwordFile('open', PASSWORDS.wsctl, 0o644))]);
    expect([open.status, open.output]).toEqual([1, expect.stringMatching(/the etcd password file .*open\.password is accessible to other users \(mode 0644\): chmod 600/)]);
    const inUrl = serveExit(['--store', `etcd://wsctl:${PASSWORDS.wsctl}@127.0.0.1:${etcd.clientPort}`]);
    expect([inUrl.status, inUrl.output]).toEqual([1, expect.stringContaining('--store must not hold credentials (etcd://USER:PASSWORD@...): give --etcd-user NAME and --etcd-password-file FILE')]);
    const alone = serveExit(['--store', `etcd://127.0.0.1:${etcd.clientPort}`, '--etcd-user', 'wsctl']);
    expect([alone.status, alone.output]).toEqual([2, expect.stringContaining('--etcd-user and --etcd-password-file go together')]);
    for (const run of [open, inUrl, alone]) expect(run.output).not.toContain(PASSWORDS.wsctl);
  });

  it('takes a corrected password on SIGHUP', async () => {
    if (!wrong) throw new Error('the wrong-password test did not run');
    passwordFile('wrong', PASSWORDS.wsctl);
    wrong.process.child.kill('SIGHUP');
    await pollFor('the corrected replica ready', async () => ((await readyz(wrong as Replica)).status === 200 ? true : undefined));
    expect((await api(wrong, 'PUT', '/v1/gateways/games', spec('games').bundle)).status).toBe(200);
    expect(storedKeys(etcd)).toEqual(expect.arrayContaining(['/wsctl/gateways/games']));
    expect(wrong.process.output()).toContain('"event":"store.connected"');
  });

  it('rotates the password: SIGHUP before etcd has it keeps the working connection; once etcd has it, replicas reconnect with the file, and SIGHUP renews', async () => {
    const [a, b] = replicas as [Replica, Replica];
    passwordFile('wsctl', PASSWORDS.rotated);
    a.process.child.kill('SIGHUP');
    await pollFor('a to try the new password', async () => (a.process.output().includes('store.credentials_refused') ? true : undefined));
    expect(a.process.output()).toMatch(/"event":"store.credentials_refused".*"reason":"etcd refused the credentials of user wsctl/);
    expect((await readyz(a)).status).toBe(200);
    expect((await api(a, 'PUT', '/v1/gateways/chat', spec('chat', { endpointPort: 9101 }).bundle)).status).toBe(200);
    // etcd invalidates the user's tokens when its password changes: the replicas re-read the file when they reconnect
    etcdctl(etcd, ['user', 'passwd', 'wsctl', '--interactive=false'], { input: `${PASSWORDS.rotated}\n`, user: `root:${PASSWORDS.root}` });
    const changed = Date.now();
    // (until a replica's next request finds its token invalid, /readyz still says ready: the write gets 503)
    await pollFor('both replicas writable with the rotated password', async () => {
      const answers = await Promise.all(replicas.map((r, i) => api(r, 'PUT', '/v1/gateways/chat', spec('chat', { endpointPort: 9110 + i }).bundle)));
      return answers.every((x) => x.status === 200) ? true : undefined;
    }, 15_000);
    console.log(`etcd password changed → both replicas writable again: ${Date.now() - changed} ms`);
    // and what went in with the rotated password reaches the node of b
    const onB = nodes.find((n) => n.id === 'edge-b');
    if (!onB) throw new Error('no node on b');
    const before = onB.replies;
    expect((await api(a, 'PUT', '/v1/gateways/chat', spec('chat', { endpointPort: 9120 }).bundle)).status).toBe(200);
    await onB.received(before + 1);
    // SIGHUP with a password etcd takes: a fresh client replaces the working one, which stays ready and writable
    b.process.child.kill('SIGHUP');
    await pollFor('b to renew its credentials', async () => (b.process.output().includes('"event":"store.credentials_renewed"') ? true : undefined));
    expect((await readyz(b)).status).toBe(200);
    expect((await api(b, 'PUT', '/v1/gateways/chat', spec('chat', { endpointPort: 9121 }).bundle)).status).toBe(200);
    await onB.received(before + 2);
  });

  it('never shows a password: not in logs, /status, /metrics, /readyz, wsctl get or errors', async () => {
    const seen: string[] = started.map((p) => p.output());
    for (const r of [...replicas, ...(wrong ? [wrong] : [])]) {
      seen.push((await readyz(r)).text, (await api(r, 'GET', '/status')).text, (await api(r, 'GET', '/metrics')).text);
      const got = await wsctl(r, ['get', '--json']);
      seen.push(got.stdout, got.stderr);
    }
    const all = seen.join('\n');
    expect(all).toContain('etcd refused the credentials of user wsctl');
    for (const password of Object.values(PASSWORDS)) expect(all).not.toContain(password);
  });

  it('revokes its fleet lease on SIGTERM with the same role', async () => {
    for (const r of replicas) {
      await r.process.stop();
      expect(r.process.output()).toContain('"event":"fleet.lease_revoked"');
      expect(r.process.output()).not.toMatch(/fleet\.(revoke_failed|lease_lost)/);
    }
  });
});

describe('wsctl serve --store etcds:// with client certificates and etcd authentication', () => {
  let etcd: TestEtcd;
  let certs: TestCerts;

  beforeAll(async () => {
    certs = generateCerts(join(dir, 'certs'));
    etcd = await testEtcd(join(dir, 'etcd-tls'), certs);
    await etcd.start();
    enableAuth(etcd, certs);
  });

  afterAll(async () => {
    await etcd?.stop();
  });

  it('stores an apply with the right password, and is refused with a wrong one', async () => {
    const tls = ['--etcd-ca', certs.caCert, '--etcd-cert', certs.clientCert, '--etcd-key', certs.clientKey];
    const good = await replica(etcd, [...tls, ...auth('wsctl', passwordFile('tls-wsctl', PASSWORDS.wsctl))], {}, 'etcds');
    expect((await readyz(good)).status).toBe(200);
    expect((await api(good, 'PUT', '/v1/gateways/chat', spec('chat').bundle)).status).toBe(200);
    expect(storedKeys(etcd, certs)).toEqual(expect.arrayContaining(['/wsctl/gateways/chat']));
    const bad = await replica(etcd, [...tls, ...auth('wsctl', passwordFile('tls-wrong', PASSWORDS.wrong))], {}, 'etcds');
    await notReadyBecause(bad, 'etcd refused the credentials of user wsctl');
    expect((await api(bad, 'PUT', '/v1/gateways/games', spec('games').bundle)).status).toBe(503);
    expect(storedKeys(etcd, certs).filter((k) => k.includes('games'))).toEqual([]);
    // without --etcd-user etcd takes the certificate's CN as the user, which has no role here
    const cn = await replica(etcd, tls, {}, 'etcds');
    await notReadyBecause(cn, 'permission denied on prefix /wsctl/ for the etcd user of the client certificate (its CN)');
  });
});

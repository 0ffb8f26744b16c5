/**
 * `wsctl probe` against real proxies started as users start them (nginx -p, haproxy -f, Envoy's run.sh):
 * it passes on the config generated from the spec, and fails, naming the check, on a gateway that does
 * not do what the probed spec says (no allowlist, no audience check, round robin instead of affinity).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import type { GatewaySpec } from '../../../src/spec/types.generated.js';
import type { ProbeReport } from '../../../src/probe/types.js';
import { wsctlInProcess } from '../../unit/cli/in-process.js';
import { envoyUnavailable } from '../harness/binaries.js';
import { makeWorkDir, type GatewayRunner } from '../harness/gateway.js';
import { now, signHs256 } from '../harness/jwt.js';
import { freePort } from '../harness/ports.js';
import { startProcess, stopAllProcesses } from '../harness/processes.js';
import { generateCerts, type TestCerts } from '../harness/certs.js';
import { cloudflareRunner, workerdUnavailable } from '../cloudflare/runner.js';
import { envoyRunner } from '../envoy/runner.js';
import { haproxyRunner } from '../haproxy/runner.js';
import { nginxRunner } from '../nginx/runner.js';
import { launch, simpleSpec, type ParityContext } from '../parity/kit.js';
import { IDENTITY_HEADER, startIdentityBackend } from './identity-backend.js';

const work = makeWorkDir('probe');
const BIN = resolve('bin/run.js');
let counter = 0;
const SECRET = 'probe-hmac-secret-0123456789abcdef0123456789';
const ISSUER = 'https://issuer.test';
const claims = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ iss: ISSUER, aud: 'chat', sub: 'probe', exp: now() + 600, ...extra });
/** Tokens made here with the spec's HMAC secret; wsctl itself never makes one. */
const TOKEN = signHs256(claims(), SECRET);
const EXPIRED = signHs256(claims({ exp: now() - 600 }), SECRET);
const WRONG_AUDIENCE = signHs256(claims({ aud: 'another-service' }), SECRET);

afterAll(async () => {
  await stopAllProcesses();
  work.cleanup();
});

/** Runs a test body with its own directory and teardown (what the parity suite gives a scenario). */
async function withContext(runner: GatewayRunner, body: (ctx: ParityContext) => Promise<void>): Promise<void> {
  const steps: (() => Promise<void> | void)[] = [];
  const ctx: ParityContext = { runner, dir: join(work.dir, `${runner.target}-${++counter}`), defer: (step) => steps.push(step) };
  mkdirSync(ctx.dir, { recursive: true });
  try {
    await body(ctx);
  } finally {
    for (const step of steps.reverse()) await step();
  }
}

/** Backend ports of the probed gateway. */
interface Backends {
  app: number;
  sticky: [number, number];
  quiet: number;
}

/** Where the gateway listens: the plain listener, and a TLS one (not on a Worker, which has no ports of its own). */
interface Ports {
  plain: number;
  tls: { port: number; cert: string; key: string } | null;
}

let certs: TestCerts | undefined;
/** The test certificates, made once. */
const testCerts = (): TestCerts => (certs ??= generateCerts(join(work.dir, 'certs')));

/**
 * The probed spec: /ws with an allowlist, 426 and a 1.5 s idle timeout; /private behind a JWT provider
 * with an audience; /static behind a static bearer token (the same JWT, as an opaque token); /sticky on
 * two backends with cookie affinity and per-client limits; /quiet on a backend that never echoes;
 * /capped with a 1.5 s max duration (and the default idle timeout of 1 h, so a close in time is the
 * max duration's); a gateway limit of 16 sockets; with a TLS listener, /secure served on it alone.
 * `broken` compiles what a careless hand edit would: no allowlist, no audience, round robin.
 */
function probedSpec(ctx: ParityContext, ports: Ports, b: Backends, broken = false): GatewaySpec {
  const secretFile = join(ctx.dir, 'hmac.secret');
  const tokensFile = join(ctx.dir, 'tokens.txt');
  writeFileSync(secretFile, `${SECRET}\n`);
  writeFileSync(tokensFile, `${TOKEN}\n`);
  const endpoint = (p: number): { address: string; port: number } => ({ address: '127.0.0.1', port: p });
  return {
    listeners: [
      { name: 'public', port: ports.plain, address: '127.0.0.1' },
      ...(ports.tls ? [{ name: 'secure', port: ports.tls.port, address: '127.0.0.1', tls: { certFile: ports.tls.cert, keyFile: ports.tls.key } }] : []),
    ],
    limits: { maxConnections: 16 },
    routes: [
      { name: 'ws', match: { path: '/ws' }, backend: 'app', websocket: { plainHttp: 'reject', idleTimeout: '1500ms' }, ...(broken ? {} : { allowedOrigins: ['https://good.test'] }) },
      { name: 'private', match: { path: '/private' }, backend: 'app', auth: { jwt: 'main' } },
      { name: 'static', match: { path: '/static' }, backend: 'app', auth: { bearer: { tokensFile } } },
      { name: 'sticky', match: { path: '/sticky' }, backend: 'sticky', rateLimit: { connectionsPerClient: 1, handshakesPerSecondPerClient: 10 } },
      { name: 'quiet', match: { path: '/quiet' }, backend: 'quiet' },
      { name: 'capped', match: { path: '/capped' }, backend: 'app', websocket: { maxDuration: '1500ms' } },
      ...(ports.tls ? [{ name: 'secure', listeners: ['secure'] as [string], match: { path: '/secure' }, backend: 'app' }] : []),
    ],
    backends: [
      { name: 'app', endpoints: [endpoint(b.app)] },
      { name: 'sticky', endpoints: [endpoint(b.sticky[0]), endpoint(b.sticky[1])], ...(broken ? { balance: 'roundRobin' as const } : { affinity: { type: 'cookie' as const, cookie: { name: 'WSAFF', ttl: '1h' } } }) },
      { name: 'quiet', endpoints: [endpoint(b.quiet)] },
    ],
    authProviders: [{ name: 'main', jwt: { issuer: ISSUER, ...(broken ? {} : { audiences: ['chat'] }), hmacSecretFile: secretFile, tokenFrom: [{ header: 'Authorization' }] } }],
  };
}

/** Starts the backends and the gateway (compiled from the broken variant when asked); returns the good spec's file and the URLs of its listeners. */
async function start(ctx: ParityContext, broken: boolean): Promise<{ file: string; url: string; tlsUrl: string | null }> {
  const started = await Promise.all([
    startIdentityBackend('app', true),
    startIdentityBackend('s1', true),
    startIdentityBackend('s2', true),
    startIdentityBackend('quiet', false),
  ]);
  ctx.defer(() => Promise.all(started.map((s) => s.close())).then(() => undefined));
  const [app, s1, s2, quiet] = started.map((s) => s.port) as [number, number, number, number];
  const backends: Backends = { app, sticky: [s1, s2], quiet };
  const tls = ctx.runner.target === 'cloudflare' ? null : { port: await freePort(), cert: testCerts().serverCert, key: testCerts().serverKey };
  const ports: Ports = { plain: await freePort(), tls };
  const gateway = await ctx.runner.start({ apiVersion: 'wsctl/v1', kind: 'Gateway', metadata: { name: 'probed' }, spec: probedSpec(ctx, ports, backends, broken) }, ctx.dir);
  ctx.defer(() => gateway.stop());
  return { file: writeSpec(ctx, probedSpec(ctx, ports, backends)), url: `ws://127.0.0.1:${ports.plain}`, tlsUrl: tls ? `wss://127.0.0.1:${tls.port}` : null };
}

/** Writes the spec a probe reads and returns its path. */
function writeSpec(ctx: ParityContext, spec: GatewaySpec, name = 'probed'): string {
  const file = join(ctx.dir, `${name}.yaml`);
  writeFileSync(file, stringify({ apiVersion: 'wsctl/v1', kind: 'Gateway', metadata: { name }, spec }));
  return file;
}

/** The token flags: valid, expired and wrong-audience tokens in files. */
function tokenFlags(ctx: ParityContext): string[] {
  const write = (name: string, token: string): string => {
    const path = join(ctx.dir, name);
    writeFileSync(path, `${token}\n`);
    return path;
  };
  return ['--token-file', write('token.txt', TOKEN), '--expired-token-file', write('expired.txt', EXPIRED), '--wrong-audience-token-file', write('wrong-aud.txt', WRONG_AUDIENCE)];
}

async function probeJson(args: string[]): Promise<{ status: number; report: ProbeReport }> {
  const result = await wsctlInProcess(['probe', ...args, '--json']);
  return { status: result.status, report: JSON.parse(result.stdout) as ProbeReport };
}

/** Runs `wsctl probe … --json` as its own process (bin/run.js, as users run it) while the test goes on; stopped by PID in teardown. */
function probeInBackground(ctx: ParityContext, args: string[]): Promise<{ status: number; report: ProbeReport }> {
  const probe = startProcess(process.execPath, [BIN, 'probe', ...args, '--json']);
  ctx.defer(() => probe.stop());
  let stdout = '';
  probe.child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    probe.child.once('close', (code) => {
      try {
        resolve({ status: code ?? -1, report: JSON.parse(stdout) as ProbeReport });
      } catch {
        reject(new Error(`wsctl probe printed no JSON report (exit ${String(code)}): ${probe.output()}`));
      }
    });
  });
}

const checksOf = (report: ProbeReport): string[] => report.results.map((r) => `${r.pass ? 'PASS' : 'FAIL'} ${r.route} ${r.check}`).sort();
const detailOf = (report: ProbeReport, route: string, check: string): string => report.results.find((r) => r.route === route && r.check === check)?.detail ?? 'no such result';

const PASSING = [
  ...['upgrade', 'echo', 'plain-http-426', 'auth-missing-token', 'auth-expired-token', 'auth-wrong-audience'].map((c) => `PASS private ${c}`),
  ...['upgrade', 'stays-open', 'plain-http-426'].map((c) => `PASS quiet ${c}`),
  ...['upgrade', 'echo', 'plain-http-426'].map((c) => `PASS capped ${c}`),
  ...['upgrade', 'echo', 'plain-http-426', 'auth-missing-token'].map((c) => `PASS static ${c}`),
  ...['upgrade', 'echo', 'plain-http-426', 'affinity'].map((c) => `PASS sticky ${c}`),
  ...['upgrade', 'echo', 'plain-http-426', 'origin-disallowed', 'origin-duplicated', 'origin-comma-joined'].map((c) => `PASS ws ${c}`),
].sort();

const runners: GatewayRunner[] = [nginxRunner, haproxyRunner];
if (envoyUnavailable() === undefined) runners.push(envoyRunner);
if (workerdUnavailable() === undefined) runners.push(cloudflareRunner);

for (const runner of runners) {
  describe(`wsctl probe against ${runner.target}`, () => {
    it('passes every check on the config generated from the spec: echo or stays open, tokens, affinity, idle timeout and max duration (--slow), limits (--stress), several listeners', async () => {
      await withContext(runner, async (ctx) => {
        const { file, url, tlsUrl } = await start(ctx, false);
        // --slow waits out a timeout per route: its own process meanwhile (routes without per-client limits, so it shares none)
        const slowRun = probeInBackground(ctx, [file, '--url', url, '--route', 'ws', '--route', 'capped', '--slow']);
        const { status, report } = await probeJson([file, '--url', url, ...tokenFlags(ctx), '--identity-header', IDENTITY_HEADER, '--hold', '1']);
        expect(checksOf(report), JSON.stringify(report, null, 1)).toEqual(PASSING);
        expect(status).toBe(0);
        expect(detailOf(report, 'ws', 'upgrade')).toMatch(/^101 with a valid Sec-WebSocket-Accept, pong after \d+ ms$/);
        expect(detailOf(report, 'ws', 'echo')).toMatch(/^the data message came back after \d+ ms$/);
        expect(detailOf(report, 'quiet', 'stays-open')).toMatch(/^no echo \(no message came back\); the socket stayed open 1000 ms with [1-9] pings answered$/);
        expect(detailOf(report, 'sticky', 'affinity')).toMatch(/^4 connections reached (s[12]), \1, \1, \1 \(x-backend-id; cookie WSAFF sent back\)$/);
        expect(report.notes).toContain('static: auth-expired-token not run: the route uses static bearer tokens, not JWT');
        for (const token of [TOKEN, EXPIRED, WRONG_AUDIENCE]) expect(JSON.stringify(report), 'tokens are never echoed').not.toContain(token);
        if (tlsUrl) expect(report.notes).toContain(`secure: not probed: served on listener secure (port ${new URL(tlsUrl).port}, TLS), which no --url reaches`);

        if (tlsUrl) {
          // two listeners, plain and TLS: /ws is on both and probed through each URL, /secure only through the TLS one
          const both = await probeJson([file, '--url', url, '--url', tlsUrl, '--insecure', '--route', 'ws', '--route', 'secure']);
          expect(both.report.results.filter((r) => !r.pass)).toEqual([]);
          expect(both.status).toBe(0);
          expect({ url: both.report.url, urls: both.report.urls }).toEqual({ url, urls: [url, tlsUrl] });
          const ran = both.report.results.filter((r) => r.check === 'upgrade' || r.route === 'secure').map((r) => `${r.route} ${r.check} ${r.url}`);
          expect(ran.sort()).toEqual([`secure echo ${tlsUrl}`, `secure plain-http-426 ${tlsUrl}`, `secure upgrade ${tlsUrl}`, `ws upgrade ${url}`, `ws upgrade ${tlsUrl}`].sort());
        }

        const slow = await slowRun;
        if (runner.target === 'cloudflare') {
          // degraded (docs/cloudflare.md): a Worker cannot set an idle timeout; the probe says so precisely
          expect(detailOf(slow.report, 'ws', 'idle-timeout')).toMatch(/^the silent socket was still open \d+ ms after the last frame \(idle timeout 1500 ms, tolerance -250\/\+2000 ms\)$/);
        } else {
          expect(checksOf(slow.report)).toContain('PASS ws idle-timeout');
          expect(detailOf(slow.report, 'ws', 'idle-timeout')).toMatch(/^the gateway closed the silent socket after \d+ ms \(idle timeout 1500 ms, tolerance -250\/\+2000 ms\)$/);
        }
        const maxDuration = detailOf(slow.report, 'capped', 'max-duration');
        const window = String.raw`\(max duration 1500 ms, tolerance -250/\+2000 ms; \d+ pings 500 ms apart, \d+ answered, the last \d+ ms after the 101\)`;
        if (runner.target === 'envoy') {
          expect(maxDuration).toMatch(new RegExp(`^the gateway closed the busy socket after \\d+ ms ${window}$`));
        } else {
          // degraded (docs/features.md): nginx, HAProxy and a Worker never end a session at maxDuration, and the pings keep the idle timeout away
          expect(maxDuration).toMatch(new RegExp(`^the busy socket was still open \\d+ ms after its 101 ${window}$`));
        }

        const stress = await probeJson([file, '--url', url, '--route', 'sticky', '--route', 'ws', '--stress', ...tokenFlags(ctx)]);
        // gateway-wide: 16 sockets through /ws (/sticky's limit of 1 per client would refuse first), then one more
        const gatewayFull = detailOf(stress.report, 'ws', 'stress-max-connections');
        const overGateway = 'with 16 sockets open on the gateway (limits.maxConnections 16) one more: expected 503 or a close without an answer';
        if (runner.target === 'nginx' || runner.target === 'haproxy') expect(gatewayFull).toBe(`${overGateway}, got 503`);
        // Envoy's overload manager closes the connection without an HTTP answer (docs/envoy.md)
        else if (runner.target === 'envoy') expect(gatewayFull).toMatch(/^with 16 sockets open on the gateway \(limits\.maxConnections 16\) one more: expected 503 or a close without an answer, closed without an answer \(.+\)$/);
        // a Worker has no gateway-wide socket count (no shared counters across isolates)
        else expect(gatewayFull).toBe(`${overGateway}, got 101`);
        const connections = detailOf(stress.report, 'sticky', 'stress-connections');
        const handshakes = detailOf(stress.report, 'sticky', 'stress-handshakes');
        if (runner.target === 'nginx' || runner.target === 'haproxy') {
          expect(connections).toBe('with 1 sockets open (connectionsPerClient 1) one more: expected 429 or 503, got 429');
        } else {
          // compiled with --allow-degraded: neither Envoy nor a Worker has a per-client concurrent-connection limit (docs/features.md)
          expect(connections).toBe('with 1 sockets open (connectionsPerClient 1) one more: expected 429 or 503, got 101');
        }
        if (runner.target === 'cloudflare') {
          // no shared counters across isolates: per-client handshake limits are degraded too
          expect(handshakes).toMatch(/^expected 429 or 503 once over the rate; 22 handshakes in \d+ ms \(limit 10\/s, burst 0\): 22 accepted, 0 refused$/);
        } else {
          expect(handshakes).toMatch(/^22 handshakes in \d+ ms \(limit 10\/s, burst 0\): \d+ accepted, \d+ refused; the first refusal \(429\) was handshake \d+$/);
        }
      });
    });

    it('fails precisely on a gateway compiled without the allowlist, the audience check and affinity', async () => {
      await withContext(runner, async (ctx) => {
        const { file, url } = await start(ctx, true);
        const { status, report } = await probeJson([file, '--url', url, '--route', 'ws', '--route', 'private', '--route', 'sticky', ...tokenFlags(ctx), '--identity-header', IDENTITY_HEADER, '--hold', '1']);
        expect(status).toBe(1);
        expect(checksOf(report).filter((c) => c.startsWith('FAIL'))).toEqual(['FAIL private auth-wrong-audience', 'FAIL sticky affinity', 'FAIL ws origin-comma-joined', 'FAIL ws origin-disallowed', 'FAIL ws origin-duplicated']);
        expect(detailOf(report, 'ws', 'origin-disallowed')).toBe('expected 403, got 101');
        expect(report.results.find((r) => r.check === 'origin-disallowed')?.sent).toContain('Origin: https://wsctl-probe.invalid');
        expect(detailOf(report, 'private', 'auth-wrong-audience')).toBe('expected 401, got 101');
        expect(detailOf(report, 'private', 'auth-expired-token')).toBe('expected 401, got 401');
        expect(detailOf(report, 'sticky', 'affinity')).toMatch(/^affinity broken: 4 connections reached s\d, s\d, s\d, s\d \(x-backend-id; the first 101 set no WSAFF cookie\)$/);
        const human = await wsctlInProcess(['probe', file, '--url', url, '--route', 'ws']);
        expect(human.stdout).toContain('FAIL  ws  origin-comma-joined: expected 403, got 101');
        expect(human.stdout).toContain('3 passed, 3 failed');
      });
    });
  });
}

describe('wsctl probe over TLS (nginx)', () => {
  it('verifies the certificate unless --insecure is given', async () => {
    await withContext(nginxRunner, async (ctx) => {
      const certs = generateCerts(join(ctx.dir, 'certs'));
      let probed: GatewaySpec | undefined;
      const { port } = await launch(
        ctx,
        1,
        (p, eps) => (probed = { ...simpleSpec(p, eps), listeners: [{ name: 'public', port: p, address: '127.0.0.1', tls: { certFile: certs.serverCert, keyFile: certs.serverKey } }] }),
        true,
      );
      const file = writeSpec(ctx, probed!);
      const insecure = await probeJson([file, '--url', `wss://127.0.0.1:${port}`, '--insecure']);
      expect(checksOf(insecure.report)).toEqual(['PASS ws echo', 'PASS ws plain-http-426', 'PASS ws upgrade']);
      expect(insecure.status).toBe(0);
      const verified = await probeJson([file, '--url', `wss://127.0.0.1:${port}`, '--route', 'ws']);
      expect(verified.status).toBe(1);
      expect(verified.report.results[0]?.detail).toMatch(/^expected 101 Switching Protocols, no response \(.*(certificate|self-signed|issuer).*\)$/);
    });
  });
});

/**
 * `wsctl probe` against real proxies started as users start them: it passes on the config generated
 * from the spec, and fails, naming the check, on a gateway that does not do what the probed spec says.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import type { GatewaySpec } from '../../../src/spec/types.generated.js';
import type { ProbeReport } from '../../../src/probe/types.js';
import { wsctlInProcess } from '../../unit/cli/in-process.js';
import { makeWorkDir, type GatewayRunner } from '../harness/gateway.js';
import { stopAllProcesses } from '../harness/processes.js';
import { generateCerts } from '../harness/certs.js';
import { haproxyRunner } from '../haproxy/runner.js';
import { nginxRunner } from '../nginx/runner.js';
import { launch, simpleSpec, type Endpoints, type ParityContext } from '../parity/kit.js';

const work = makeWorkDir('probe');
let counter = 0;
const TOKEN = 'tok_probe_0123456789abcdef';

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

/** An Origin allowlist and plain HTTP refused on /ws; a static bearer token on /private. */
function guardedSpec(ctx: ParityContext, withAllowlist: boolean): (port: number, endpoints: Endpoints) => GatewaySpec {
  const tokens = join(ctx.dir, 'tokens.txt');
  writeFileSync(tokens, `${TOKEN}\n`);
  return (port, endpoints) => {
    const spec = simpleSpec(port, endpoints, { websocket: { plainHttp: 'reject' }, ...(withAllowlist ? { allowedOrigins: ['https://good.test'] } : {}) });
    spec.routes.push({ name: 'private', match: { path: '/private' }, backend: 'app', auth: { bearer: { tokensFile: tokens } } });
    return spec;
  };
}

/** Writes the spec a probe reads (the one with the allowlist) and returns its path. */
function writeSpec(ctx: ParityContext, spec: GatewaySpec): string {
  const file = join(ctx.dir, 'probed.yaml');
  writeFileSync(file, stringify({ apiVersion: 'wsctl/v1', kind: 'Gateway', metadata: { name: 'parity' }, spec }));
  return file;
}

async function probeJson(args: string[]): Promise<{ status: number; report: ProbeReport }> {
  const result = await wsctlInProcess(['probe', ...args, '--json']);
  return { status: result.status, report: JSON.parse(result.stdout) as ProbeReport };
}

const checksOf = (report: ProbeReport): string[] => report.results.map((r) => `${r.pass ? 'PASS' : 'FAIL'} ${r.route} ${r.check}`);

for (const runner of [nginxRunner, haproxyRunner]) {
  describe(`wsctl probe against ${runner.target}`, () => {
    it('passes every check on the config generated from the spec, with and without a token', async () => {
      await withContext(runner, async (ctx) => {
        const build = guardedSpec(ctx, true);
        let probed: GatewaySpec | undefined;
        const { port } = await launch(ctx, 1, (p, eps) => (probed = build(p, eps)));
        const file = writeSpec(ctx, probed!);
        const tokenFile = join(ctx.dir, 'token.txt');
        writeFileSync(tokenFile, `${TOKEN}\n`);
        const withToken = await probeJson([file, '--url', `ws://127.0.0.1:${port}`, '--token-file', tokenFile]);
        expect(checksOf(withToken.report)).toEqual([
          'PASS private upgrade',
          'PASS private plain-http-426',
          'PASS private auth-missing-token',
          'PASS ws upgrade',
          'PASS ws plain-http-426',
          'PASS ws origin-disallowed',
          'PASS ws origin-duplicated',
          'PASS ws origin-comma-joined',
        ]);
        expect(withToken.status).toBe(0);
        expect(withToken.report.results[0]?.detail, 'a ping crossed the tunnel').toMatch(/^101 with a valid Sec-WebSocket-Accept, pong after \d+ ms$/);
        expect(JSON.stringify(withToken.report), 'the token is never echoed').not.toContain(TOKEN);
        const human = await wsctlInProcess(['probe', file, '--url', `ws://127.0.0.1:${port}`, '--route', 'private']);
        expect(human.status).toBe(0);
        expect(human.stdout).toContain('PASS  private  auth-missing-token: expected 401, got 401');
        expect(human.stdout).toContain('note  private: only auth-missing-token ran');
      });
    });

    it('fails the Origin checks, precisely, on a gateway compiled without the allowlist', async () => {
      await withContext(runner, async (ctx) => {
        const build = guardedSpec(ctx, false);
        const { port, backends } = await launch(ctx, 1, build);
        const file = writeSpec(ctx, guardedSpec(ctx, true)(port, [{ address: '127.0.0.1', port: backends[0]!.port }]));
        const { status, report } = await probeJson([file, '--url', `ws://127.0.0.1:${port}`, '--route', 'ws']);
        expect(status).toBe(1);
        expect(checksOf(report)).toEqual(['PASS ws upgrade', 'PASS ws plain-http-426', 'FAIL ws origin-disallowed', 'FAIL ws origin-duplicated', 'FAIL ws origin-comma-joined']);
        const disallowed = report.results.find((r) => r.check === 'origin-disallowed');
        expect(disallowed?.detail).toBe('expected 403, got 101');
        expect(disallowed?.sent).toContain('Origin: https://wsctl-probe.invalid');
        const human = await wsctlInProcess(['probe', file, '--url', `ws://127.0.0.1:${port}`, '--route', 'ws']);
        expect(human.stdout).toContain('FAIL  ws  origin-comma-joined: expected 403, got 101');
        expect(human.stdout).toContain('2 passed, 3 failed');
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
      expect(checksOf(insecure.report)).toEqual(['PASS ws upgrade', 'PASS ws plain-http-426']);
      expect(insecure.status).toBe(0);
      const verified = await probeJson([file, '--url', `wss://127.0.0.1:${port}`, '--route', 'ws']);
      expect(verified.status).toBe(1);
      expect(verified.report.results[0]?.detail).toMatch(/^expected 101 Switching Protocols, no response \(.*(certificate|self-signed|issuer).*\)$/);
    });
  });
});

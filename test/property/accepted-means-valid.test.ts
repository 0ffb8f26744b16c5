/**
 * Accepted means valid (PRODUCT.md): any spec the validator accepts yields configs that `nginx -t`,
 * `haproxy -c -dW` and Envoy's own protos and validate rules accept, and a Cloudflare Worker that loads in V8. Random specs come from a seeded
 * generator; the seed is printed on every run, and
 *   WSCTL_PROPERTY_SEED=<seed> WSCTL_PROPERTY_RUNS=<n> npx vitest run test/property
 * replays (or widens) a run. A failing case's spec and outputs are kept in a temp directory.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { compileGateway } from '../../src/compile/compile.js';
import { Codes } from '../../src/diag/codes.js';
import type { Diagnostic } from '../../src/diag/diagnostic.js';
import { renderDiagnostics } from '../../src/diag/render.js';
import { writeOutputs } from '../../src/output/write.js';
import type { Gateway } from '../../src/spec/types.generated.js';
import { validateText, type SourcedGateway } from '../../src/spec/validate.js';
import { TARGETS } from '../../src/targets/registry.js';
import type { Target } from '../../src/targets/target.js';
import { generateGateway, type FixtureRefs } from './gateway-generator.js';
import { createPool, haproxyCheck, nginxCheck, proxyBinary, type CheckOutcome } from './proxy-checks.js';
import { createRandom, propertyRuns, propertySeed } from './random.js';

const RUNS = propertyRuns(40);
const SEED = propertySeed();
/** Share of generated specs the validator must accept for the property to mean something. */
// about 80% of generated specs are accepted (800-run sweep); below half, the property would mean little
const MIN_ACCEPTANCE = 0.5;

const target = (name: string): Target => TARGETS.find((t) => t.name === name) as Target;
const NGINX = target('nginx');
const HAPROXY = target('haproxy');
const ENVOY = target('envoy');
const CLOUDFLARE = target('cloudflare');

const root = mkdtempSync(join(tmpdir(), 'wsctl-property-'));
let keepRoot = false;
afterAll(() => {
  if (!keepRoot) rmSync(root, { recursive: true, force: true });
});

/** Copies the fixtures next to the runs and offers each both absolutely and relative to a run's spec. */
function fixtureRefs(): FixtureRefs {
  const dir = join(root, 'fixtures');
  mkdirSync(dir);
  const sources: Record<string, string> = {
    'server.crt': 'test/fixtures/tls/server.crt',
    'server.key': 'test/fixtures/tls/server.key',
    'ca.crt': 'test/fixtures/tls/ca.crt',
    'jwks-rsa.json': 'test/fixtures/auth/jwks.json',
    'jwks-ec.json': 'test/property/fixtures/jwks-ec.json',
    'jwks-mixed.json': 'test/property/fixtures/jwks-mixed.json',
    'hmac.secret': 'test/fixtures/auth/hmac.secret',
    'tokens.txt': 'test/fixtures/auth/tokens.txt',
    'tokens-edge.txt': 'test/property/fixtures/tokens-edge.txt',
  };
  for (const [name, source] of Object.entries(sources)) copyFileSync(resolve(source), join(dir, name));
  const both = (...names: string[]): string[] => names.flatMap((n) => [join(dir, n), `../fixtures/${n}`]);
  return {
    certs: both('server.crt'),
    keys: both('server.key'),
    cas: both('ca.crt'),
    jwks: both('jwks-rsa.json', 'jwks-ec.json', 'jwks-mixed.json'),
    hmacSecrets: both('hmac.secret'),
    tokens: both('tokens.txt', 'tokens-edge.txt'),
  };
}

/**
 * nginx -t resolves upstream host names and binds every listen address while it tests. Resolving a
 * random name would need DNS beyond 127.0.0.1, and binding 10.0.0.1 fails on a host without that
 * address, so nginx is checked on a twin of the spec: DNS endpoint names become `localhost` (the one
 * name every machine resolves from /etc/hosts) and specific non-loopback listen addresses become
 * loopback ones (distinct 127.0.0.N for IPv4, ::1 for IPv6, on a free port when ::1 is taken), for
 * the listeners and the metrics listener alike.
 * Neither changes the config's shape: names and addresses reach nginx.conf as single words that the
 * schema and the address check already restrict. HAProxy (init-addr none) and Envoy see the original.
 */
function nginxTwin(gateway: Gateway): Gateway {
  const twin = structuredClone(gateway);
  for (const backend of twin.spec.backends) {
    for (const ep of backend.endpoints) if (!ep.address.includes(':') && !/^[0-9.]+$/.test(ep.address)) ep.address = 'localhost';
  }
  const local = new Set(['0.0.0.0', '::', '::1']);
  const v4 = new Map<string, string>();
  // the metrics listener binds like any listener (its default address is loopback)
  const binds: { address?: string; port: number }[] = [...twin.spec.listeners, ...(twin.spec.metrics ? [twin.spec.metrics] : [])];
  const taken = new Set(binds.map((l) => `${l.address ?? '0.0.0.0'} ${l.port}`));
  const ports = new Set(binds.map((l) => l.port));
  for (const listener of binds) {
    const address = listener.address;
    if (address === undefined || local.has(address) || address.startsWith('127.')) continue;
    if (!address.includes(':')) {
      if (!v4.has(address)) v4.set(address, `127.0.0.${v4.size + 2}`);
      listener.address = v4.get(address);
      continue;
    }
    listener.address = '::1';
    if (taken.has(`::1 ${listener.port}`)) {
      let port = 20_000;
      while (ports.has(port)) port += 1;
      listener.port = port;
    }
    ports.add(listener.port);
    taken.add(`::1 ${listener.port}`);
  }
  return twin;
}

/** Ports in a "bind() to ADDR:PORT failed (98: Address already in use)" that another process really holds. */
async function onlyPortsInUse(output: string): Promise<boolean> {
  const emerg = output.split('\n').filter((line) => line.includes('[emerg]'));
  const inUse = emerg.map((line) => /bind\(\) to (.+):(\d+) failed \(98: Address already in use\)/.exec(line));
  if (emerg.length === 0 || inUse.some((m) => m === null)) return false;
  for (const m of inUse) {
    const host = (m as RegExpExecArray)[1]!.replace(/^\[|\]$/g, '');
    const port = Number((m as RegExpExecArray)[2]);
    const free = await new Promise<boolean>((done) => {
      const server = createServer();
      server.once('error', () => done(false));
      server.listen({ host, port, exclusive: true }, () => server.close(() => done(true)));
    });
    if (free) return false;
  }
  return true;
}

/**
 * An emit error other than a capability refusal (WS0201). compile.ts also wraps an emitter exception
 * as WS0201, so refusals that read like a JavaScript crash count as failures.
 */
function unexpectedErrors(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const crash = /TypeError|RangeError|ReferenceError|SyntaxError|is not a function|Cannot read propert|undefined|null|NaN/;
  return diagnostics.filter((d) => d.severity === 'error' && !(d.code === Codes.UNSUPPORTED_FEATURE && !crash.test(d.message)));
}

interface Failure {
  runSeed: number;
  dir: string;
  what: string;
  detail: string;
}

interface Stats {
  accepted: number;
  rejectedBy: Map<string, number>;
  checked: Record<'nginx' | 'haproxy' | 'envoy' | 'cloudflare', number>;
  refused: Record<'nginx' | 'haproxy' | 'envoy' | 'cloudflare', number>;
  portsInUse: number;
  /** Accepted runs with hundreds of routes. */
  largeAccepted: number;
}

/** One run in eight draws hundreds of routes (a multi-tenant gateway); decided by the run seed, so replays match. */
const isLarge = (runSeed: number): boolean => runSeed % 8 === 3;

function validate(dir: string, gateway: Gateway): { text: string; source?: SourcedGateway; diagnostics: Diagnostic[] } {
  const text = stringify(gateway, { lineWidth: 0 });
  writeFileSync(join(dir, 'gateway.yaml'), text);
  const result = validateText('gateway.yaml', text, dir);
  return { text, source: result.gateways[0], diagnostics: result.diagnostics };
}

describe('accepted means valid', () => {
  it(`every accepted spec compiles to configs nginx -t, haproxy -c -dW and Envoy's checks accept (seed ${SEED}, ${RUNS} runs)`, async () => {
    // missing binaries fail here, before anything is generated
    proxyBinary('nginx');
    proxyBinary('haproxy');
    console.log(`accepted-means-valid: seed ${SEED}, ${RUNS} runs (replay one run with WSCTL_PROPERTY_SEED=<run seed> WSCTL_PROPERTY_RUNS=1)`);
    const files = fixtureRefs();
    const failures: Failure[] = [];
    const stats: Stats = { accepted: 0, rejectedBy: new Map(), checked: { nginx: 0, haproxy: 0, envoy: 0, cloudflare: 0 }, refused: { nginx: 0, haproxy: 0, envoy: 0, cloudflare: 0 }, portsInUse: 0, largeAccepted: 0 };
    const pool = createPool(3);

    const compileFor = (runSeed: number, dir: string, source: SourcedGateway, t: Target, outDir: string): boolean => {
      const result = compileGateway(source, [t], { outDir, allowDegraded: true });
      const unexpected = unexpectedErrors(result.diagnostics);
      if (unexpected.length > 0) {
        failures.push({ runSeed, dir, what: `${t.name} emit`, detail: renderDiagnostics(unexpected) });
        return false;
      }
      if (!result.ok) {
        stats.refused[t.name as 'nginx'] += 1;
        return false;
      }
      writeOutputs(outDir, result.files);
      stats.checked[t.name as 'nginx'] += 1;
      return true;
    };
    const queueCheck = (runSeed: number, dir: string, what: string, check: () => Promise<CheckOutcome>): void => {
      pool.add(async () => {
        const outcome = await check();
        if (outcome.ok) return;
        if (what === 'nginx -t' && (await onlyPortsInUse(outcome.output))) {
          stats.portsInUse += 1; // another process holds the port nginx -t tried to bind: not the config's fault
          return;
        }
        failures.push({ runSeed, dir, what, detail: outcome.output });
      });
    };

    for (let run = 0; run < RUNS; run++) {
      const runSeed = (SEED + run) >>> 0;
      const dir = join(root, `run-${runSeed}`);
      mkdirSync(dir);
      const gateway = generateGateway(createRandom(runSeed), files, isLarge(runSeed));
      const { source, diagnostics } = validate(dir, gateway);
      if (!source) {
        for (const d of diagnostics.filter((x) => x.severity === 'error')) stats.rejectedBy.set(d.code, (stats.rejectedBy.get(d.code) ?? 0) + 1);
        continue;
      }
      stats.accepted += 1;
      if (isLarge(runSeed)) stats.largeAccepted += 1;

      const out = join(dir, 'out');
      if (compileFor(runSeed, dir, source, HAPROXY, out)) queueCheck(runSeed, dir, 'haproxy -c -dW', () => haproxyCheck(out));
      // Envoy's emitter refuses output that fails its protos or validate rules (WS0203): none may appear
      compileFor(runSeed, dir, source, ENVOY, out);
      // the Worker must load as an ES module in V8 (workerd's engine): syntax, and its regexes built at load
      if (compileFor(runSeed, dir, source, CLOUDFLARE, out)) {
        const worker = readFileSync(join(out, 'cloudflare', 'worker.js'), 'utf8');
        try {
          const module = (await import(`data:text/javascript;base64,${Buffer.from(worker).toString('base64')}`)) as { default?: { fetch?: unknown } };
          if (typeof module.default?.fetch !== 'function') throw new Error('no default export with a fetch handler');
        } catch (error) {
          failures.push({ runSeed, dir, what: 'cloudflare worker.js load', detail: String(error) });
        }
      }

      const twinDir = join(root, `run-${runSeed}-nginx`);
      mkdirSync(twinDir);
      const twin = validate(twinDir, nginxTwin(gateway));
      if (!twin.source) {
        failures.push({ runSeed, dir, what: 'nginx twin validation', detail: renderDiagnostics(twin.diagnostics) });
        continue;
      }
      const twinOut = join(twinDir, 'out');
      if (compileFor(runSeed, dir, twin.source, NGINX, twinOut)) queueCheck(runSeed, dir, 'nginx -t', () => nginxCheck(twinOut));
    }
    await pool.drain();

    const rejected = [...stats.rejectedBy].map(([code, n]) => `${code}×${n}`).join(' ');
    console.log(
      `accepted-means-valid: ${stats.accepted}/${RUNS} accepted, ${stats.largeAccepted} of them with hundreds of routes (rejections: ${rejected || 'none'}); ` +
        `checked nginx ${stats.checked.nginx}, haproxy ${stats.checked.haproxy}, envoy ${stats.checked.envoy}, cloudflare ${stats.checked.cloudflare}; ` +
        `capability refusals nginx ${stats.refused.nginx}, haproxy ${stats.refused.haproxy}, envoy ${stats.refused.envoy}, cloudflare ${stats.refused.cloudflare}; ` +
        `nginx -t runs lost to ports in use ${stats.portsInUse}`,
    );
    if (failures.length > 0) {
      keepRoot = true;
      const report = failures
        .map((f) => `--- run seed ${f.runSeed}: ${f.what} failed (spec and outputs kept in ${f.dir})\n${f.detail.trim().split('\n').slice(0, 15).join('\n')}`)
        .join('\n');
      expect.fail(`seed ${SEED}: ${failures.length} failure(s); replay one with WSCTL_PROPERTY_SEED=<run seed> WSCTL_PROPERTY_RUNS=1\n${report}`);
    }
    if (RUNS >= 20) expect(stats.accepted / RUNS, 'acceptance rate (tune the generator if the validator refuses most specs)').toBeGreaterThan(MIN_ACCEPTANCE);
    if (RUNS >= 20) expect(stats.largeAccepted, 'accepted runs with hundreds of routes').toBeGreaterThan(0);
  }, 180_000);
});

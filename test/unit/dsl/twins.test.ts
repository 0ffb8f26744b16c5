import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, loadGateway, lower, serializeBundle } from '../../../src/index.js';
import { fileSnapshots } from '../../../src/xds/gateway-snapshot.js';
import { wsctlInProcess } from '../cli/in-process.js';

const TARGETS = ['nginx', 'haproxy', 'envoy', 'ir'] as const;

function bundleOf(path: string) {
  const loaded = loadGateway(path);
  expect(loaded.diagnostics).toEqual([]);
  const bundle = loaded.bundles[0];
  if (!bundle) throw new Error(`${path} gave no gateway`);
  return bundle;
}

describe('examples/chat.ts, the twin of examples/chat.yaml', () => {
  const ts = bundleOf('examples/chat.ts');
  const yaml = bundleOf('examples/chat.yaml');

  it('produces the very spec object and file contents the YAML produces: one bundle, one content version', () => {
    expect(ts.gateway).toEqual(yaml.gateway);
    expect(serializeBundle(ts)).toBe(serializeBundle(yaml));
  });

  it('lowers to an identical IR', () => {
    expect(lower(ts)).toEqual(lower(yaml));
  });

  it.each(TARGETS)('compiles to byte-identical %s output', (target) => {
    const options = { target, outDir: 'out', specDir: 'examples', allowDegraded: true };
    const fromTs = compile(ts, options);
    const fromYaml = compile(yaml, options);
    expect(fromTs.ok).toBe(true);
    expect(fromTs.files.length).toBeGreaterThan(0);
    expect(fromTs.files).toEqual(fromYaml.files);
  });
});

describe('wsctl serve on a gateway module', () => {
  it('loads it through the same function and serves the same xDS snapshot version as the YAML twin', () => {
    const fromTs = fileSnapshots('examples/chat.ts', { allowDegraded: true });
    const fromYaml = fileSnapshots('examples/chat.yaml', { allowDegraded: true });
    expect(fromTs.ok, JSON.stringify(fromTs.diagnostics)).toBe(true);
    expect(fromTs.gateways[0]?.snapshot?.version).toBeDefined();
    expect(fromTs.gateways[0]?.snapshot?.version).toBe(fromYaml.gateways[0]?.snapshot?.version);
  });
});

describe('wsctl compile on a gateway module', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wsctl-dsl-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the files the YAML twin writes, differing only in the source named in their headers', async () => {
    const fromTs = await wsctlInProcess(['compile', 'examples/chat.ts', '--target', 'all', '--out', join(dir, 'ts'), '--allow-degraded', '--json']);
    const fromYaml = await wsctlInProcess(['compile', 'examples/chat.yaml', '--target', 'all', '--out', join(dir, 'yaml'), '--allow-degraded', '--json']);
    expect(fromTs.status, fromTs.stderr + fromTs.stdout).toBe(0);
    const files = (JSON.parse(fromTs.stdout) as { files: string[] }).files;
    expect(files).toEqual((JSON.parse(fromYaml.stdout) as { files: string[] }).files);
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) {
      const ts = readFileSync(join(dir, 'ts', file), 'utf8');
      const yaml = readFileSync(join(dir, 'yaml', file), 'utf8');
      expect(ts.replaceAll('chat.ts', 'chat.yaml'), file).toBe(yaml);
    }
  });

  it('refuses what a target cannot honour at the line of the builder call in the .ts, as it does in the YAML', async () => {
    const result = await wsctlInProcess(['compile', 'examples/chat.ts', '--target', 'envoy', '--out', join(dir, 'refused')]);
    expect(result.status).toBe(1);
    const line = readFileSync('examples/chat.ts', 'utf8').split('\n').findIndex((l) => l.includes('route({')) + 1;
    expect(result.stderr).toContain(`examples/chat.ts:${line}:5: error WS0201: spec.routes[0].rateLimit.connectionsPerClient`);
  });

  it('validates examples/tenants.ts: one route and one backend per tenant of its list', async () => {
    const result = await wsctlInProcess(['validate', 'examples/tenants.ts']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('examples/tenants.ts: ok (gateway tenants)\n');
    const spec = bundleOf('examples/tenants.ts').gateway.spec;
    expect(spec.routes.map((r) => [r.name, r.backend, r.match.hosts])).toEqual([
      ['acme-ws', 'acme', ['acme.example.com']],
      ['globex-ws', 'globex', ['globex.example.com']],
      ['initech-ws', 'initech', ['initech.example.com']],
    ]);
    expect(spec.backends.map((b) => b.name)).toEqual(['acme', 'globex', 'initech']);
    expect(spec.routes[1]?.auth).toEqual({ bearer: { tokensFile: 'auth/tokens.txt' } });
  });
});

describe('wsctl init --ts', () => {
  it('writes a starter gateway.ts that validates and compiles', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsctl-init-ts-'));
    try {
      const init = await wsctlInProcess(['init', '--ts', join(dir, 'gateway.ts')]);
      expect(init.status, init.stderr).toBe(0);
      expect(readFileSync(join(dir, 'gateway.ts'), 'utf8')).toContain("from 'wsctl'");
      const validate = await wsctlInProcess(['validate', join(dir, 'gateway.ts')]);
      expect(validate.stdout).toBe(`${join(dir, 'gateway.ts')}: ok (gateway my-gateway)\n`);
      const again = await wsctlInProcess(['init', '--ts', join(dir, 'gateway.ts')]);
      expect(again.status).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

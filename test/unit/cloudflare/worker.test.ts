import { describe, expect, it } from 'vitest';
import { compile, loadGateway, lower } from '../../../src/api.js';
import type { IrGateway } from '../../../src/ir/types.js';
import { endpointOrigin, workerTable } from '../../../src/targets/cloudflare/route-table.js';
import { quoteToml, TomlValueRefused, ZONE_NAME } from '../../../src/targets/cloudflare/toml.js';
import { TABLE_PLACEHOLDER } from '../../../src/targets/cloudflare/worker-script.js';
import { template } from '../../../src/targets/templates.js';
import { workerStructure } from '../emit/config-structure.js';

const features = lower(loadGateway('test/golden/cloudflare-features/input.yaml').bundles[0]!);
const file = (ir: IrGateway, path: string): { content: string; mode?: number } => {
  const result = compile(ir, { target: 'cloudflare', allowDegraded: true });
  expect(result.ok, JSON.stringify(result.diagnostics)).toBe(true);
  const found = result.files.find((f) => f.path === path);
  if (!found) throw new Error(`no ${path}`);
  return found;
};

describe('the cloudflare target', () => {
  it('writes the fixed runtime with the route table as its one data literal', () => {
    const worker = workerStructure(file(features, 'cloudflare/worker.js').content);
    const runtime = template('cloudflare/worker.js').replace(TABLE_PLACEHOLDER, 'const TABLE = <table>;');
    expect(worker.code).toBe(`// <header>\n// Deploy with \`npx wrangler deploy\` from this directory (worker.js is the module; no build step).\n${runtime}`);
    expect(worker.table).toEqual(workerTable(features).table);
  });

  it('writes an ES module that loads and exports a fetch handler', async () => {
    const source = file(features, 'cloudflare/worker.js').content;
    const module = (await import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`)) as { default: { fetch: unknown } };
    expect(typeof module.default.fetch).toBe('function');
  });

  it('ships digests of bearer tokens, never the tokens, and keeps a module with an HS256 secret private', () => {
    const worker = file(features, 'cloudflare/worker.js');
    const tokens = features.routes.flatMap((r) => (r.auth.type === 'bearer' ? r.auth.tokens : []));
    expect(tokens.length).toBeGreaterThan(0);
    for (const token of tokens) expect(worker.content).not.toContain(token);
    expect(worker.mode).toBe(0o600);
    const noHmac: IrGateway = { ...features, authProviders: features.authProviders.filter((p) => p.keys.type !== 'hmac'), routes: features.routes.filter((r) => !(r.auth.type === 'jwt' && r.auth.provider === 'hmac')) };
    expect(file(noHmac, 'cloudflare/worker.js').mode).toBe(0o644);
  });

  it('needs --allow-degraded for idle timeouts and refuses health checks and mTLS outright', () => {
    const chat = loadGateway('examples/chat.yaml').bundles[0]!;
    const strict = compile(chat, { target: 'cloudflare' });
    expect(strict.ok).toBe(false);
    expect(strict.diagnostics.map((d) => d.message).join('\n')).toContain('(idle-timeout) faithfully');
    expect(compile(chat, { target: 'cloudflare', allowDegraded: true }).files.map((f) => f.path)).toEqual(['cloudflare/worker.js', 'cloudflare/wrangler.toml']);
    const everything = compile(loadGateway('test/golden/valid-everything/input.yaml').bundles[0]!, { target: 'cloudflare', allowDegraded: true });
    const errors = everything.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
    expect(errors.some((m) => m.includes('(mtls)'))).toBe(true);
    expect(errors.some((m) => m.includes('(health-check-websocket)'))).toBe(true);
  });

  it('refuses an endpoint address that would not stay one URL host', () => {
    expect(endpointOrigin({ address: '10.0.0.1', kind: 'ipv4', port: 8080, weight: 1 }, false)).toBe('http://10.0.0.1:8080');
    expect(endpointOrigin({ address: '::1', kind: 'ipv6', port: 443, weight: 1 }, true)).toBe('https://[::1]:443');
    // an IPv6 literal in its canonical form, as fetch() will use it
    expect(endpointOrigin({ address: '::ffff:10.0.0.1', kind: 'ipv6', port: 80, weight: 1 }, false)).toBe('http://[::ffff:a00:1]:80');
    expect(endpointOrigin({ address: 'evil.test/x?', kind: 'dns', port: 80, weight: 1 }, false)).toBeNull();
    expect(endpointOrigin({ address: 'a@evil.test', kind: 'dns', port: 80, weight: 1 }, false)).toBeNull();
    const bad: IrGateway = { ...features, backends: features.backends.map((b, i) => (i === 0 ? { ...b, endpoints: [{ address: 'evil.test#', kind: 'dns' as const, port: 80, weight: 1 }] } : b)) };
    const result = compile(bad, { target: 'cloudflare', allowDegraded: true });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.find((d) => d.severity === 'error')?.message).toContain('is not a URL host');
  });

  it('quotes wrangler.toml values only inside their allow-list', () => {
    expect(quoteToml('example.com', ZONE_NAME)).toBe('"example.com"');
    expect(() => quoteToml('example.com"\n[x]', ZONE_NAME)).toThrow(TomlValueRefused);
    expect(quoteToml('a"b\\c\n', { what: 'test', allow: /^[\s\S]*$/ })).toBe('"a\\"b\\\\c\\u000a"');
  });

  it('orders virtual hosts as Envoy does: exact names, then wildcards longest first, each with the host-less routes', () => {
    const { virtualHosts, anyHost, routes } = workerTable(features).table;
    expect(virtualHosts.map((v) => v.host)).toEqual(['chat.example.com', 'rooms.example.org', '*.eu.chat.example.com', '*.chat.example.com']);
    expect(anyHost.map((i) => routes[i]?.name)).toEqual(['feed-exact', 'ip']);
    expect(virtualHosts[1]?.routes.map((i) => routes[i]?.name)).toEqual(['feed-exact', 'ip', 'rooms']);
  });
});

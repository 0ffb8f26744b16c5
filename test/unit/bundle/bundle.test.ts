import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { compile, loadGateway, lower, validateGateway } from '../../../src/api.js';
import { bundleVersion, parseBundle, serializeBundle } from '../../../src/bundle/bundle.js';
import type { GatewayBundle } from '../../../src/bundle/types.js';
import { compileFile } from '../../../src/compile/compile-file.js';
import { printableIr } from '../../../src/ir/printable.js';

const EVERYTHING = 'test/golden/valid-everything/input.yaml';

function load(file: string): GatewayBundle {
  const loaded = loadGateway(file);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  return loaded.bundles[0] as GatewayBundle;
}

describe('a gateway bundle', () => {
  const bundle = load(EVERYTHING);

  it('holds the contents of every file the spec references, by the path as written', () => {
    expect(Object.keys(bundle.files)).toEqual([
      '../../fixtures/auth/hmac.secret',
      '../../fixtures/auth/jwks.json',
      '../../fixtures/auth/tokens.txt',
      '../../fixtures/tls/ca.crt',
      '../../fixtures/tls/server.crt',
      '../../fixtures/tls/server.key',
    ]);
    expect(bundle.files['../../fixtures/tls/server.key']).toBe(readFileSync('test/fixtures/tls/server.key', 'utf8'));
  });

  // nginx cannot honour the everything spec's websocket health check: it is proven on the chat example
  const cases = [
    { file: EVERYTHING, targets: ['haproxy', 'envoy', 'ir'] },
    { file: 'examples/chat.yaml', targets: ['nginx', 'haproxy', 'envoy'] },
  ];

  for (const { file, targets } of cases) {
    const specDir = resolve(file, '..');
    for (const target of targets) {
      it(`round-trips through JSON to byte-identical ${target} output (${file})`, () => {
        const original = load(file);
        const travelled = parseBundle(serializeBundle(original));
        expect(travelled).toEqual(original);
        const options = { target, outDir: 'out', specDir, allowDegraded: true };
        const direct = compile(original, options);
        expect(direct.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(direct.files.length).toBeGreaterThan(0);
        expect(compile(travelled, options).files).toEqual(direct.files);
      });

      it(`compiles to the same bytes as wsctl compile on the spec file (${target}, ${file})`, () => {
        const fromFile = compileFile(file, { target, outDir: 'out', check: true, allowDegraded: true });
        const fromBundle = compile(load(file), { target, outDir: 'out', specDir, allowDegraded: true });
        expect(fromFile.files.length).toBeGreaterThan(0);
        // headers name the spec file; the bundle's stand-in name differs, everything else is the same
        const body = (text: string): string => text.replace(/from [^\s:]+\.(yaml|json)/g, 'from SPEC');
        expect(fromBundle.files.map((f) => [f.path, body(f.content)])).toEqual(fromFile.files.map((f) => [f.path, body(f.content)]));
      });
    }
  }

  it('compiles without the disk: files it references need not exist any more', () => {
    const elsewhere = compile(bundle, { target: 'envoy', allowDegraded: true, outDir: 'out', specDir: '/nonexistent' });
    expect(elsewhere.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(elsewhere.ok).toBe(true);
    const resources = elsewhere.files.find((f) => f.path === 'envoy/resources/extensions.yaml')?.content ?? '';
    expect(resources).toContain('inline_string');
  });

  it('has a stable content version that changes with any byte of a referenced file', () => {
    expect(bundleVersion(bundle)).toMatch(/^[0-9a-f]{16}$/);
    expect(bundleVersion(load(EVERYTHING))).toBe(bundleVersion(bundle));
    // key order in the spec object does not matter: the serialization is canonical
    const reordered = parseBundle(JSON.stringify({ files: bundle.files, gateway: bundle.gateway, apiVersion: bundle.apiVersion }));
    expect(bundleVersion(reordered)).toBe(bundleVersion(bundle));
    const edited = { ...bundle, files: { ...bundle.files, '../../fixtures/auth/tokens.txt': `${bundle.files['../../fixtures/auth/tokens.txt']}extra-token-0123456789\n` } };
    expect(bundleVersion(edited)).not.toBe(bundleVersion(bundle));
  });

  it('is validated with the same located diagnostics when it lacks a file or carries bad content', () => {
    const { ['../../fixtures/tls/ca.crt']: _dropped, ...rest } = bundle.files;
    const missing = validateGateway({ ...bundle, files: rest });
    expect(missing.ok).toBe(false);
    expect(missing.diagnostics.map((d) => [d.code, d.path])).toContainEqual(['WS0109', 'spec.listeners[0].tls.clientCaFile']);
    expect(missing.diagnostics[0]?.line).toBeGreaterThan(0);
    const bad = validateGateway({ ...bundle, files: { ...bundle.files, '../../fixtures/auth/jwks.json': '{"keys": []}' } });
    expect(bad.diagnostics.map((d) => d.code)).toContain('WS0115');
  });

  it('refuses an envelope that is not a bundle, with a plain message', () => {
    expect(() => parseBundle('nope')).toThrow(/must be JSON/);
    expect(() => parseBundle('{"apiVersion":"x"}')).toThrow(/apiVersion/);
    expect(() => parseBundle(JSON.stringify({ apiVersion: 'wsctl/bundle/v1', gateway: {}, files: { a: 1 } }))).toThrow(/files/);
  });
});

describe('the printed IR', () => {
  const bundle = load(EVERYTHING);
  const ir = lower(bundle);
  const printed = stringify(printableIr(ir));

  it('never shows a private key, an HS256 secret or a bearer token', () => {
    const secrets = [
      readFileSync('test/fixtures/tls/server.key', 'utf8').split('\n')[1] ?? 'missing',
      readFileSync('test/fixtures/auth/hmac.secret', 'utf8').trim(),
      ...readFileSync('test/fixtures/auth/tokens.txt', 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')),
    ];
    expect(secrets.length).toBeGreaterThan(2);
    for (const secret of secrets) expect(printed).not.toContain(secret);
    expect(printed).toContain('[redacted sha256:');
  });

  it('still shows certificates and public keys, and leaves the IR itself untouched', () => {
    expect(printed).toContain('BEGIN CERTIFICATE');
    expect(JSON.stringify(ir)).toContain(readFileSync('test/fixtures/auth/hmac.secret', 'utf8').trim());
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Codes } from '../../../src/diag/codes.js';
import { validateFiles, validateText } from '../../../src/spec/validate.js';

const minimal = readFileSync('examples/minimal.yaml', 'utf8');

describe('semantic checks', () => {
  it('accept every example', () => {
    const result = validateFiles(['examples/minimal.yaml', 'examples/chat.yaml', 'examples/multi-tenant.yaml', 'examples/socketio.yaml']);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.gateways.map((g) => g.gateway.metadata.name).sort()).toEqual(['chat', 'minimal', 'realtime', 'tenants']);
  });

  it('report every problem of a file at once, sorted by position', () => {
    const text = minimal.replace('backend: app', 'backend: nope').replace('port: 8080', 'port: 8080\n    - name: public\n      port: 8081');
    const result = validateText('two.yaml', text, 'examples');
    expect(result.diagnostics.map((d) => d.code)).toEqual([Codes.DUPLICATE_NAME, Codes.UNKNOWN_BACKEND]);
    const lines = result.diagnostics.map((d) => d.line);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
  });

  it('suggest the closest name for a dangling reference', () => {
    const result = validateText('typo.yaml', minimal.replace('backend: app', 'backend: apq'), 'examples');
    expect(result.diagnostics[0]?.message).toBe('no backend named "apq" (did you mean "app"?)');
  });

  it('treat 0.0.0.0 as clashing with any IPv4 address on the same port, but not other ports', () => {
    const clash = minimal.replace('port: 8080', 'port: 8080\n    - name: local\n      address: 127.0.0.1\n      port: 8080');
    expect(validateText('c.yaml', clash, 'examples').diagnostics.map((d) => d.code)).toEqual([Codes.PORT_CLASH]);
    const fine = minimal.replace('port: 8080', 'port: 8080\n    - name: local\n      address: 127.0.0.1\n      port: 8081');
    expect(validateText('f.yaml', fine, 'examples').ok).toBe(true);
  });

  it('treat the same path on different hosts as different routes', () => {
    const text = minimal
      .replace('path: /ws', 'hosts: [a.example.com]\n        path: /ws')
      .replace('  backends:', '    - name: ws-b\n      match: { hosts: [b.example.com], path: /ws }\n      backend: app\n  backends:');
    expect(validateText('h.yaml', text, 'examples').ok).toBe(true);
  });

  it('resolve referenced files against the spec directory, not the working directory', () => {
    const text = minimal.replace('port: 8080', 'port: 8443\n      tls: { certFile: tls/chat.crt, keyFile: tls/chat.key }');
    expect(validateText('t.yaml', text, 'examples').ok).toBe(true);
    expect(validateText('t.yaml', text, 'test').diagnostics.map((d) => d.code)).toEqual([Codes.FILE_MISSING, Codes.FILE_MISSING]);
  });

  it('refuse a private key in a JWKS', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'wsctl-jwks-'));
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(join(dir, 'jwks.json'), JSON.stringify({ keys: [privateKey.export({ format: 'jwk' })] }));
    const text = minimal
      .replace('backend: app', 'backend: app\n      auth: { jwt: main }')
      .replace('  backends:', '  authProviders:\n    - name: main\n      jwt: { issuer: "https://a.example.com", jwksFile: jwks.json }\n  backends:');
    const result = validateText('k.yaml', text, dir);
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([[Codes.FILE_CONTENT, 'jwks.json: key 0 is a private key; a JWKS must hold public keys only']]);
  });

  it('refuse IPv6 addresses the loose schema pattern lets through, and dotted numbers that are no IPv4 address', () => {
    const listener = minimal.replace('port: 8080', 'port: 8080\n      address: "1::2::3"');
    for (const address of ['12345::1', '1:2:3:4:5:6:7:8:9', ':::', '::ffff:999.1.1.1', '1.2.3', '256.1.1.1']) {
      const text = listener.replace('127.0.0.1', `"${address}"`);
      const result = validateText('ip.yaml', text, 'examples');
      expect(result.diagnostics.map((d) => [d.code, d.path])).toEqual([
        [Codes.BAD_FORMAT, 'spec.listeners[0].address'],
        [Codes.BAD_FORMAT, 'spec.backends[0].endpoints[0].address'],
      ]);
    }
    for (const address of ['::1', '2001:db8::1', '::ffff:10.0.0.1', 'FD00::A', 'localhost', '10.0.0.1']) {
      expect(validateText('ok.yaml', minimal.replace('127.0.0.1', `"${address}"`), 'examples').ok).toBe(true);
    }
  });

  it('refuse zero timeouts, which every proxy reads differently (Envoy refuses a zero connect timeout)', () => {
    const text = minimal
      .replace('backend: app', 'backend: app\n      websocket: { idleTimeout: 0s, handshakeTimeout: 0ms }')
      .replace('port: 9000 }', 'port: 9000 }\n      connectTimeout: 0h0m');
    const result = validateText('zero.yaml', text, 'examples');
    expect(result.diagnostics.map((d) => [d.code, d.path])).toEqual([
      [Codes.TIMEOUT_ORDER, 'spec.routes[0].websocket.idleTimeout'],
      [Codes.TIMEOUT_ORDER, 'spec.routes[0].websocket.handshakeTimeout'],
      [Codes.TIMEOUT_ORDER, 'spec.backends[0].connectTimeout'],
    ]);
    expect(validateText('off.yaml', text.replace(/0s|0ms|0h0m/g, 'off'), 'examples').ok).toBe(true);
  });

  it('refuse regex escapes and classes the engines disagree on (\\l, [], [^]), keep portable ones', () => {
    const regex = (path: string): string => minimal.replace('path: /ws', () => `path: '${path}'\n        pathType: Regex`);
    for (const path of ['/Dlj|nm\\ld4', '^/\\q', '/a\\0', '/\\x41', '/\\u0041', '/[]{', '/a[^]b', '/x[]]']) {
      expect(validateText('r.yaml', regex(path), 'examples').diagnostics.map((d) => d.code)).toEqual([Codes.BAD_PATH]);
    }
    for (const path of ['^/\\d+/\\w{1,3}\\s?$', '/a\\.b', '/\\\\l', '/\\$\\{\\(', '/[\\]a]', '/[a-z]+[^/]*', '/\\[]']) {
      expect(validateText('ok.yaml', regex(path), 'examples').ok).toBe(true);
    }
  });
});

describe('JWKS keys', () => {
  const withJwks = (dir: string): string =>
    minimal
      .replace('backend: app', 'backend: app\n      auth: { jwt: main }')
      .replace('  backends:', '  authProviders:\n    - name: main\n      jwt: { issuer: "https://a.example.com", jwksFile: jwks.json }\n  backends:');

  it('refuse algorithms that not every target verifies (P-384, PS256)', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'wsctl-jwks-alg-'));
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({ format: 'jwk' });
    writeFileSync(join(dir, 'jwks.json'), JSON.stringify({ keys: [p384] }));
    expect(validateText('k.yaml', withJwks(dir), dir).diagnostics.map((d) => d.message)).toEqual(['jwks.json: key 0 is on curve "P-384"; only P-256 (ES256) EC keys are supported']);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
    writeFileSync(join(dir, 'jwks.json'), JSON.stringify({ keys: [{ ...rsa, alg: 'PS256' }] }));
    expect(validateText('k.yaml', withJwks(dir), dir).diagnostics.map((d) => d.message)).toEqual(['jwks.json: key 0 declares alg "PS256"; a RSA key is used for RS256 only']);
    writeFileSync(join(dir, 'jwks.json'), JSON.stringify({ keys: [{ ...rsa, alg: 'RS256' }] }));
    expect(validateText('k.yaml', withJwks(dir), dir).ok).toBe(true);
  });
});

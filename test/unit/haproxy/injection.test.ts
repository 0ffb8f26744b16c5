/**
 * Hostile values in every string field either fail validation or leave haproxy.cfg with the same
 * directive structure (same keywords, same number of words per line) as a benign value.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { compileGateway } from '../../../src/compile/compile.js';
import { validateText } from '../../../src/spec/validate.js';
import { haproxyTarget } from '../../../src/targets/haproxy/target.js';
import { haproxyMapStructure, haproxyStructure, haproxyWords as words } from '../emit/config-structure.js';

const FIX = resolve('test/fixtures');

/** A spec using every string field once. */
function baseSpec(): Record<string, unknown> {
  return {
    apiVersion: 'wsctl/v1',
    kind: 'Gateway',
    metadata: { name: 'inject' },
    spec: {
      listeners: [{ name: 'public', port: 8443, address: '127.0.0.1', tls: { certFile: `${FIX}/tls/server.crt`, keyFile: `${FIX}/tls/server.key`, clientCaFile: `${FIX}/tls/ca.crt`, clientCert: 'optional' } }],
      routes: [
        {
          name: 'chat',
          match: { hosts: ['chat.example.com'], path: '/ws' },
          backend: 'app',
          allowedOrigins: ['https://chat.example.com'],
          auth: { jwt: 'main' },
          rateLimit: { connectionsPerClient: 5, handshakesPerSecondPerClient: 2, burst: 1 },
        },
        { name: 'rooms', match: { path: '^/rooms/[0-9]+$', pathType: 'Regex' }, backend: 'hdr', auth: { bearer: { tokensFile: `${FIX}/auth/tokens.txt` } } },
        { name: 'hs', match: { path: '/hs' }, backend: 'qp', auth: { jwt: 'hmac' } },
      ],
      backends: [
        { name: 'app', endpoints: [{ address: '10.0.0.1', port: 8080 }], affinity: { type: 'cookie', cookie: { name: 'WSAFF' } }, healthCheck: { path: '/healthz', expect: 'websocket' }, tls: { caFile: `${FIX}/tls/ca.crt`, serverName: 'app.internal' } },
        { name: 'hdr', endpoints: [{ address: 'app.internal', port: 8080 }], affinity: { type: 'header', header: { name: 'X-Session' } } },
        { name: 'qp', endpoints: [{ address: '10.0.0.3', port: 8080 }], affinity: { type: 'queryParam', queryParam: { name: 'sid' } } },
      ],
      authProviders: [
        { name: 'main', jwt: { issuer: 'https://auth.example.com', audiences: ['chat'], jwksFile: `${FIX}/auth/jwks.json`, tokenFrom: [{ header: 'X-Token' }, { queryParam: 'access_token' }], forwardClaims: { sub: 'X-User-Id' } } },
        { name: 'hmac', jwt: { issuer: 'https://auth.example.com', hmacSecretFile: '__HMAC__' } },
      ],
    },
  };
}

/** Every string field, as a path into the spec. */
const FIELDS: (string | number)[][] = [
  ['metadata', 'name'],
  ['spec', 'listeners', 0, 'name'],
  ['spec', 'listeners', 0, 'address'],
  ['spec', 'listeners', 0, 'tls', 'certFile'],
  ['spec', 'routes', 0, 'name'],
  ['spec', 'routes', 0, 'match', 'hosts', 0],
  ['spec', 'routes', 0, 'match', 'path'],
  ['spec', 'routes', 1, 'match', 'path'],
  ['spec', 'routes', 0, 'allowedOrigins', 0],
  ['spec', 'routes', 1, 'auth', 'bearer', 'tokensFile'],
  ['spec', 'backends', 0, 'name'],
  ['spec', 'backends', 0, 'endpoints', 0, 'address'],
  ['spec', 'backends', 1, 'endpoints', 0, 'address'],
  ['spec', 'backends', 0, 'affinity', 'cookie', 'name'],
  ['spec', 'backends', 1, 'affinity', 'header', 'name'],
  ['spec', 'backends', 2, 'affinity', 'queryParam', 'name'],
  ['spec', 'backends', 0, 'healthCheck', 'path'],
  ['spec', 'backends', 0, 'tls', 'serverName'],
  ['spec', 'authProviders', 0, 'jwt', 'issuer'],
  ['spec', 'authProviders', 0, 'jwt', 'audiences', 0],
  ['spec', 'authProviders', 0, 'jwt', 'tokenFrom', 0, 'header'],
  ['spec', 'authProviders', 0, 'jwt', 'tokenFrom', 1, 'queryParam'],
  ['spec', 'authProviders', 0, 'jwt', 'forwardClaims', 'sub'],
];

const HOSTILE = ['\n', '\r\nglobal', ';', '{', '}', ' }', '#', '"', "'", '$HOME', '${HOME}', ' ', '\\', '\u00fc', '\u202e', ' if TRUE', ' -f /etc/passwd', '\t', '%[env(HOME)]', ')', ','];

/**
 * The directive structure: per non-empty line, the keyword and the number of words (shared with the
 * IR-level sweep), then the words per line of every map file (maps have no quoting at all).
 */
const structure = (compiled: Compiled | null): string[] => [...haproxyStructure(compiled?.config ?? ''), 'maps:', ...(compiled?.maps ?? [])];

/** haproxy.cfg and the structure of the map files beside it. */
interface Compiled {
  config: string;
  maps: string[];
}

function setAt(target: Record<string, unknown>, path: (string | number)[], value: string): void {
  let node: Record<string | number, unknown> = target;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] ?? '';
  const current = node[last];
  node[last] = `${String(current)}${value}`;
}

const dir = mkdtempSync(join(tmpdir(), 'wsctl-haproxy-inject-'));

/** Compiles a spec (as YAML text) for haproxy; null when validation refuses it. */
function compile(spec: Record<string, unknown>, hmacSecret = 'a-benign-hmac-secret-of-at-least-32-bytes', specName = 'gateway.yaml'): Compiled | null {
  const secretFile = join(dir, `secret-${Buffer.from(hmacSecret).toString('hex').slice(0, 40)}`);
  writeFileSync(secretFile, hmacSecret);
  const text = stringify(spec).replace('__HMAC__', secretFile);
  const validation = validateText(join(dir, specName), text, dir);
  const source = validation.gateways[0];
  if (!validation.ok || !source) return null;
  const result = compileGateway(source, [haproxyTarget], { outDir: join(dir, 'out'), allowDegraded: true });
  if (!result.ok) throw new Error(`accepted spec failed to compile: ${result.diagnostics.map((d) => d.message).join('; ')}`);
  const config = result.files.find((f) => f.path === 'haproxy/haproxy.cfg')?.content;
  return config === undefined ? null : { config, maps: haproxyMapStructure(result.files) };
}

describe('haproxy config injection', () => {
  const benign = compile(baseSpec());

  it('compiles the benign spec', () => {
    expect(benign).not.toBeNull();
  });

  for (const field of FIELDS) {
    it(`keeps the structure for hostile values in ${field.join('.')}`, () => {
      const accepted: string[] = [];
      for (const hostile of HOSTILE) {
        const spec = baseSpec();
        setAt(spec, field, hostile);
        const config = compile(spec);
        if (config === null) continue;
        accepted.push(hostile);
        expect(structure(config), `value ${JSON.stringify(hostile)}`).toEqual(structure(benign));
      }
      // documents which hostile values a field lets through (e.g. regex paths accept { } \ $)
      expect(accepted.every((v) => HOSTILE.includes(v))).toBe(true);
    });
  }

  it('keeps the structure for a hostile HS256 secret file and spec file name', () => {
    for (const hostile of HOSTILE) {
      const config = compile(baseSpec(), `secret-with-${hostile}-and-padding-to-32-bytes`, `gate${hostile.replace(/[\n\r/\\]/g, '')}way.yaml`);
      expect(config).not.toBeNull();
      expect(structure(config)).toEqual(structure(benign));
      expect(config?.config).not.toContain('secret-with');
    }
  });

  it('carries an accepted hostile regex through as one word with its exact bytes', () => {
    const spec = baseSpec();
    setAt(spec, ['spec', 'routes', 1, 'match', 'path'], '(a|b){1,2}\\d$');
    const config = compile(spec)?.config ?? '';
    const line = config.split('\n').map(words).find((w) => w[0] === 'acl' && w[2] === 'path' && w[4] === 'reg');
    expect(line?.[6]).toBe('^/rooms/[0-9]+$(a|b){1,2}\\d$');
  });
});

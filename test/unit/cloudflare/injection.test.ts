/**
 * Hostile values in every string field either fail validation or reach the Worker as data only: the
 * module's code stays the fixed runtime, its table is the IR's, and wrangler.toml keeps its lines.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { compileGateway } from '../../../src/compile/compile.js';
import { validateText } from '../../../src/spec/validate.js';
import { cloudflareTarget } from '../../../src/targets/cloudflare/target.js';
import { workerStructure, wranglerStructure } from '../emit/config-structure.js';

const FIX = resolve('test/fixtures');

/** A spec using every string field the Worker serves once (no mTLS and no health checks: refused here). */
function baseSpec(): Record<string, unknown> {
  return {
    apiVersion: 'wsctl/v1',
    kind: 'Gateway',
    metadata: { name: 'inject' },
    spec: {
      listeners: [{ name: 'public', port: 8443, address: '127.0.0.1', tls: { certFile: `${FIX}/tls/server.crt`, keyFile: `${FIX}/tls/server.key` } }],
      routes: [
        { name: 'chat', match: { hosts: ['chat.example.com'], path: '/ws' }, backend: 'app', allowedOrigins: ['https://chat.example.com'], auth: { jwt: 'main' } },
        { name: 'rooms', match: { path: '^/rooms/[0-9]+$', pathType: 'Regex' }, backend: 'hdr', auth: { bearer: { tokensFile: `${FIX}/auth/tokens.txt` } } },
        { name: 'hs', match: { path: '/hs' }, backend: 'qp', auth: { jwt: 'hmac' } },
      ],
      backends: [
        { name: 'app', endpoints: [{ address: '10.0.0.1', port: 8080 }], affinity: { type: 'cookie', cookie: { name: 'WSAFF' } }, tls: { caFile: `${FIX}/tls/ca.crt`, serverName: 'app.internal' } },
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
  ['spec', 'routes', 0, 'name'],
  ['spec', 'routes', 0, 'match', 'hosts', 0],
  ['spec', 'routes', 0, 'match', 'path'],
  ['spec', 'routes', 1, 'match', 'path'],
  ['spec', 'routes', 0, 'allowedOrigins', 0],
  ['spec', 'backends', 0, 'name'],
  ['spec', 'backends', 0, 'endpoints', 0, 'address'],
  ['spec', 'backends', 1, 'endpoints', 0, 'address'],
  ['spec', 'backends', 0, 'affinity', 'cookie', 'name'],
  ['spec', 'backends', 1, 'affinity', 'header', 'name'],
  ['spec', 'backends', 2, 'affinity', 'queryParam', 'name'],
  ['spec', 'authProviders', 0, 'jwt', 'issuer'],
  ['spec', 'authProviders', 0, 'jwt', 'audiences', 0],
  ['spec', 'authProviders', 0, 'jwt', 'tokenFrom', 0, 'header'],
  ['spec', 'authProviders', 0, 'jwt', 'tokenFrom', 1, 'queryParam'],
  ['spec', 'authProviders', 0, 'jwt', 'forwardClaims', 'sub'],
];

const HOSTILE = ['\n', '\r\n', '"', "'", '`', '${globalThis.x}', '*/', '//', '\\', '\u2028', '\u2029', '</script>', '"; fetch("//evil"); "', '__proto__', ' ', '#', '[x]', '\u00fc'];

function setAt(target: Record<string, unknown>, path: (string | number)[], value: string): void {
  let node: Record<string | number, unknown> = target;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] ?? '';
  node[last] = `${String(node[last])}${value}`;
}

const dir = mkdtempSync(join(tmpdir(), 'wsctl-cloudflare-inject-'));

/** Compiles a spec for cloudflare; null when validation refuses it. */
function compile(spec: Record<string, unknown>, hmacSecret = 'a-benign-hmac-secret-of-at-least-32-bytes', specName = 'gateway.yaml'): { worker: string; toml: string } | null {
  const secretFile = join(dir, `secret-${Buffer.from(hmacSecret).toString('hex').slice(0, 40)}`);
  writeFileSync(secretFile, hmacSecret);
  const validation = validateText(join(dir, specName), stringify(spec).replace('__HMAC__', secretFile), dir);
  const source = validation.gateways[0];
  if (!validation.ok || !source) return null;
  const result = compileGateway(source, [cloudflareTarget], { outDir: join(dir, 'out'), allowDegraded: true });
  if (!result.ok) throw new Error(`accepted spec failed to compile: ${result.diagnostics.map((d) => d.message).join('; ')}`);
  const text = (path: string): string => result.files.find((f) => f.path === path)?.content ?? '';
  return { worker: text('cloudflare/worker.js'), toml: text('cloudflare/wrangler.toml') };
}

describe('cloudflare Worker injection', () => {
  const benign = compile(baseSpec());
  const code = workerStructure(benign?.worker ?? '').code;
  const toml = wranglerStructure(benign?.toml ?? '');

  it('compiles the benign spec', () => {
    expect(benign).not.toBeNull();
  });

  for (const field of FIELDS) {
    it(`keeps hostile values in ${field.join('.')} as data`, () => {
      for (const hostile of HOSTILE) {
        const spec = baseSpec();
        setAt(spec, field, hostile);
        const out = compile(spec);
        if (out === null) continue;
        expect(workerStructure(out.worker).code, `value ${JSON.stringify(hostile)}`).toBe(code);
        expect(wranglerStructure(out.toml), `value ${JSON.stringify(hostile)}`).toEqual(toml);
      }
    });
  }

  it('keeps a hostile HS256 secret and spec file name out of the code', () => {
    for (const hostile of HOSTILE) {
      const out = compile(baseSpec(), `secret-with-${hostile}-and-padding-to-32-bytes`, `gate${hostile.replace(/[\n\r/\\]/g, '')}way.yaml`);
      expect(out).not.toBeNull();
      expect(workerStructure(out?.worker ?? '').code).toBe(code);
      expect(wranglerStructure(out?.toml ?? '')).toEqual(toml);
    }
  });

  it('carries an accepted hostile regex through with its exact characters', () => {
    const spec = baseSpec();
    setAt(spec, ['spec', 'routes', 1, 'match', 'path'], '(a|b){1,2}\\d$');
    const table = workerStructure(compile(spec)?.worker ?? '').table as { routes: { path: { value: string } }[] };
    expect(table.routes.map((r) => r.path.value)).toContain('^/rooms/[0-9]+$(a|b){1,2}\\d$');
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadGateway, lower } from '../../../src/api.js';
import type { IrGateway } from '../../../src/ir/types.js';
import { expectedAccept } from '../../../src/probe/exchange.js';
import { clientFrame, readFrame } from '../../../src/probe/frames.js';
import { DISALLOWED_ORIGIN, planProbe, type PlanOptions } from '../../../src/probe/plan.js';
import { parseProbeUrl } from '../../../src/probe/probe.js';

const dir = mkdtempSync(join(tmpdir(), 'wsctl-probe-plan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function gateway(): IrGateway {
  writeFileSync(join(dir, 'tokens.txt'), 'secret-token-0123456789\n');
  const spec = {
    apiVersion: 'wsctl/v1',
    kind: 'Gateway',
    metadata: { name: 'plan' },
    spec: {
      listeners: [
        { name: 'public', port: 8080, address: '127.0.0.1' },
        { name: 'admin', port: 9090, address: '127.0.0.1' },
      ],
      routes: [
        { name: 'chat-exact', match: { path: '/chat', pathType: 'Exact' }, backend: 'app', allowedOrigins: ['https://b.test', 'https://a.test'] },
        { name: 'chat-prefix', match: { path: '/chat' }, backend: 'app' },
        { name: 'literal-regex', match: { path: '^/live$', pathType: 'Regex' }, backend: 'app' },
        { name: 'real-regex', match: { path: '^/rooms/[0-9]+$', pathType: 'Regex' }, backend: 'app' },
        { name: 'wild', match: { path: '/w', hosts: ['*.example.com'] }, backend: 'app', websocket: { plainHttp: 'proxy' }, rateLimit: { handshakesPerSecondPerClient: 2 } },
        { name: 'private', match: { path: '/private' }, backend: 'app', auth: { bearer: { tokensFile: join(dir, 'tokens.txt') } } },
        { name: 'admin-only', listeners: ['admin'], match: { path: '/admin' }, backend: 'app' },
      ],
      backends: [{ name: 'app', endpoints: [{ address: '127.0.0.1', port: 9000 }] }],
    },
  };
  const file = join(dir, 'gateway.yaml');
  writeFileSync(file, stringify(spec));
  const loaded = loadGateway(file);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
  return lower(loaded.bundles[0]!);
}

const ir = gateway();
const options: PlanOptions = { defaultHost: '127.0.0.1:8080', port: 8080, routes: [], token: null };
const byName = (name: string, opts: PlanOptions = options) => planProbe(ir, opts).find((r) => r.route === name)!;
const names = (name: string, opts: PlanOptions = options) => byName(name, opts).checks.map((c) => c.check);

describe('the probe plan', () => {
  it('checks the upgrade, 426 and the three Origin refusals on an exact route with an allowlist', () => {
    expect(names('chat-exact')).toEqual(['upgrade', 'plain-http-426', 'origin-disallowed', 'origin-duplicated', 'origin-comma-joined']);
    const duplicated = byName('chat-exact').checks.find((c) => c.check === 'origin-duplicated')!;
    expect(duplicated.request.headers.filter(([n]) => n === 'Origin')).toEqual([['Origin', 'https://a.test'], ['Origin', DISALLOWED_ORIGIN]]);
    expect(duplicated.request.path).toBe('/chat');
  });

  it('skips a prefix route whose sample path an exact route serves, and a regex without a literal sample', () => {
    expect(byName('chat-prefix').notes).toEqual(['skipped: 127.0.0.1:8080/chat is served by route chat-exact']);
    expect(byName('real-regex').notes).toEqual(['skipped: no safe sample path for regex ^/rooms/[0-9]+$']);
    expect(byName('literal-regex').path).toBe('/live');
  });

  it('sends a host of a wildcard route and paces handshakes under its rate limit; no 426 on a proxy route', () => {
    expect(byName('wild').host).toBe('probe.example.com');
    expect(byName('wild').gapMs).toBe(550);
    expect(names('wild')).toEqual(['upgrade']);
  });

  it('runs only the missing-token check on an auth route without a token, everything with one', () => {
    expect(names('private')).toEqual(['auth-missing-token']);
    const withToken = { ...options, token: 'secret-token-0123456789' };
    expect(names('private', withToken)).toEqual(['upgrade', 'plain-http-426', 'auth-missing-token']);
    expect(byName('private', withToken).checks[0]!.request.headers).toContainEqual(['Authorization', 'Bearer secret-token-0123456789']);
    expect(byName('private', withToken).checks[2]!.request.headers.some(([n]) => n === 'Authorization')).toBe(false);
  });

  it('skips routes not served on the probed port and refuses unknown route names', () => {
    expect(byName('admin-only').notes).toEqual(['skipped: not served on a listener with port 8080']);
    expect(() => planProbe(ir, { ...options, routes: ['nope'] })).toThrow('no route named nope in gateway plan');
  });
});

describe('the handshake helpers', () => {
  it('compute the Sec-WebSocket-Accept of RFC 6455 section 1.3', () => {
    expect(expectedAccept('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  it('frame a masked ping and read frames back, whole or not yet', () => {
    const ping = clientFrame(0x9, Buffer.from('hello'));
    expect(ping[0]).toBe(0x89);
    expect(readFrame(ping)).toEqual({ opcode: 0x9, payload: Buffer.from('hello'), size: 11 });
    const long = Buffer.concat([Buffer.from([0x82, 126, 0x01, 0x00]), Buffer.alloc(256, 7)]);
    expect(readFrame(long)?.payload.length).toBe(256);
    expect(readFrame(long.subarray(0, 100))).toBeNull();
  });

  it('parse --url: ws and wss ports, no path', () => {
    expect(parseProbeUrl('wss://gw.example.com', false)).toEqual({ target: { tls: true, host: 'gw.example.com', port: 443, insecure: false }, authority: 'gw.example.com' });
    expect(parseProbeUrl('ws://127.0.0.1:8080/', true).target).toEqual({ tls: false, host: '127.0.0.1', port: 8080, insecure: true });
    expect(() => parseProbeUrl('ws://127.0.0.1:8080/ws', false)).toThrow('--url takes no path');
    expect(() => parseProbeUrl('ftp://x', false)).toThrow('--url must be');
  });
});

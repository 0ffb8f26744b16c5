import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadGateway, lower } from '../../../src/api.js';
import type { IrGateway } from '../../../src/ir/types.js';
import { expectedAccept } from '../../../src/probe/handshake.js';
import { clientFrame, readFrame } from '../../../src/probe/frames.js';
import { DISALLOWED_ORIGIN, jwtClaims, planProbe, type PlanOptions } from '../../../src/probe/plan.js';
import { parseProbeUrl, pickGateway } from '../../../src/probe/probe.js';

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

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
/** An unsigned token with these claims: the plan only reads claims, it never verifies or makes tokens. */
const fakeJwt = (claims: Record<string, unknown>): string => `${b64({ alg: 'HS256' })}.${b64(claims)}.c2ln`;

/** A gateway with a JWT route (audience chat), a sticky backend, limits and a short idle timeout. */
function richGateway(extra: Record<string, unknown> = {}): IrGateway {
  writeFileSync(join(dir, 'hmac.secret'), 'a-secret-a-secret-a-secret-a-secret\n');
  const spec = {
    apiVersion: 'wsctl/v1',
    kind: 'Gateway',
    metadata: { name: 'rich' },
    spec: {
      listeners: [{ name: 'public', port: 8080, address: '127.0.0.1' }],
      routes: [
        { name: 'jwt', match: { path: '/jwt' }, backend: 'sticky', auth: { jwt: 'main' }, websocket: { idleTimeout: '2s' }, rateLimit: { connectionsPerClient: 3, handshakesPerSecondPerClient: 5, burst: 2 } },
        { name: 'open', match: { path: '/open' }, backend: 'sticky', websocket: { idleTimeout: '5m' }, rateLimit: { connectionsPerClient: 500, handshakesPerSecondPerClient: 100 } },
      ],
      backends: [{ name: 'sticky', endpoints: [{ address: '127.0.0.1', port: 9000 }, { address: '127.0.0.1', port: 9001 }], affinity: { type: 'header', header: { name: 'X-Session' } } }],
      authProviders: [{ name: 'main', jwt: { issuer: 'https://issuer.test', audiences: ['chat'], hmacSecretFile: join(dir, 'hmac.secret'), tokenFrom: [{ queryParam: 'access_token' }] } }],
      ...extra,
    },
  };
  const file = join(dir, 'rich.yaml');
  writeFileSync(file, stringify(spec));
  const loaded = loadGateway(file);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
  return lower(loaded.bundles[0]!);
}
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

describe('the plan for tokens, affinity, --slow and --stress', () => {
  const rich = richGateway();
  const base: PlanOptions = { defaultHost: '127.0.0.1:8080', port: 8080, routes: [], token: fakeJwt({ aud: 'chat' }) };
  const plan = (opts: Partial<PlanOptions>) => planProbe(rich, { ...base, ...opts });
  const route = (opts: Partial<PlanOptions>, name = 'jwt') => plan(opts).find((r) => r.route === name)!;

  it('sends a user-supplied expired and wrong-audience token where the provider reads tokens, expecting 401', () => {
    const expired = fakeJwt({ aud: 'chat', exp: Math.floor(Date.now() / 1000) - 3600 });
    const wrong = fakeJwt({ aud: ['other'] });
    const jwt = route({ expiredToken: expired, wrongAudienceToken: wrong });
    const byCheck = (c: string) => jwt.checks.find((x) => x.check === c)!;
    expect(byCheck('auth-expired-token').request.path).toBe(`/jwt?access_token=${expired}`);
    expect(byCheck('auth-expired-token').expect).toEqual({ kind: 'status', status: 401 });
    expect(byCheck('auth-wrong-audience').request.path).toBe(`/jwt?access_token=${wrong}`);
  });

  it('does not run a bad-token check that would prove nothing, and says why', () => {
    const notYet = fakeJwt({ exp: Math.floor(Date.now() / 1000) - 10 });
    const accepted = fakeJwt({ aud: ['x', 'chat'] });
    const jwt = route({ expiredToken: notYet, wrongAudienceToken: accepted });
    expect(jwt.checks.map((c) => c.check)).not.toContain('auth-expired-token');
    expect(jwt.notes.join('\n')).toMatch(/auth-expired-token not run: the --expired-token-file token expires at .*, not yet past with provider main's clock skew of \d+ ms/);
    expect(jwt.notes).toContain('auth-wrong-audience not run: the --wrong-audience-token-file token has aud chat, which provider main accepts');
    expect(() => plan({ expiredToken: 'not-a-jwt' })).toThrow('--expired-token-file does not hold a JWT');
  });

  it('checks affinity only with --identity-header, sending the same header key on every connection', () => {
    expect(route({}).checks.map((c) => c.check)).not.toContain('affinity');
    expect(route({}).notes).toContain('affinity not checked: give --identity-header NAME, a header backend sticky sets on its 101 naming the instance');
    const affinity = route({ identityHeader: 'X-Backend-Id', affinityConnections: 5 }).checks.find((c) => c.check === 'affinity')!;
    expect(affinity.expect).toEqual({ kind: 'affinity', connections: 5, identityHeader: 'x-backend-id', key: { type: 'header', name: 'X-Session', value: 'wsctl-probe-jwt' } });
    expect(affinity.request.headers).toContainEqual(['X-Session', 'wsctl-probe-jwt']);
  });

  it('checks the idle timeout only with --slow, and only when it fits in the time limit', () => {
    expect(route({}).checks.map((c) => c.check)).not.toContain('idle-timeout');
    expect(route({ slow: true }).checks.find((c) => c.check === 'idle-timeout')?.expect).toEqual({ kind: 'idle', idleMs: 2000, earlyMs: 250, lateMs: 2000 });
    expect(route({ slow: true, timeLimitMs: 60_000 }, 'open').notes).toContain('idle-timeout not run: the idle timeout (300000 ms) and its tolerance (75000 ms) do not fit in the time limit (60000 ms)');
  });

  it('exceeds the per-client limits only with --stress, within its bounds; paces handshakes below the rate otherwise', () => {
    expect(route({}).checks.map((c) => c.check)).not.toContain('stress-connections');
    expect(route({}).gapMs).toBe(250);
    const stress = route({ stress: true }).checks;
    expect(stress.find((c) => c.check === 'stress-connections')?.expect).toEqual({ kind: 'over-connections', limit: 3 });
    expect(stress.find((c) => c.check === 'stress-handshakes')?.expect).toEqual({ kind: 'over-handshakes', count: 14, rate: 5, burst: 2 });
    expect(route({ stress: true, identityHeader: 'X-Backend-Id' }, 'open').notes).toEqual([
      'stress-connections not run: connectionsPerClient 500 is above the probe\'s bound of 64 sockets',
      'stress-handshakes not run: exceeding 100/s with burst 0 takes more than 200 handshakes',
    ]);
  });

  it('reads claims without verifying anything', () => {
    expect(jwtClaims(fakeJwt({ sub: 'a' }))).toEqual({ sub: 'a' });
    expect(jwtClaims('a.b')).toBeNull();
  });
});

describe('choosing the gateway of a file that holds several', () => {
  it('takes --gateway NAME, else the only one on the probed port, else says to choose', () => {
    const doc = (name: string, port: number) => stringify({ apiVersion: 'wsctl/v1', kind: 'Gateway', metadata: { name }, spec: { listeners: [{ name: 'l', port }], routes: [{ name: 'r', match: { path: '/' }, backend: 'b' }], backends: [{ name: 'b', endpoints: [{ address: '127.0.0.1', port: 9000 }] }] } });
    const file = join(dir, 'two.yaml');
    writeFileSync(file, `${doc('one', 8080)}---\n${doc('two', 8080)}---\n${doc('three', 9090)}`);
    expect(pickGateway(file, 9090, null).name).toBe('three');
    expect(pickGateway(file, 8080, 'two').name).toBe('two');
    expect(() => pickGateway(file, 8080, null)).toThrow('holds 3 gateways (one, two, three) and 2 listen on port 8080: choose one with --gateway NAME');
    expect(() => pickGateway(file, 8080, 'four')).toThrow('holds no gateway named four');
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

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
import { planGatewayStress } from '../../../src/probe/gateway-stress.js';
import { formatProbeReport, parseProbeUrl, pickGateway } from '../../../src/probe/probe.js';
import { reachOf } from '../../../src/probe/reach.js';

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
        { name: 'jwt', match: { path: '/jwt' }, backend: 'sticky', auth: { jwt: 'main' }, websocket: { idleTimeout: '2s', maxDuration: '1500ms' }, rateLimit: { connectionsPerClient: 3, handshakesPerSecondPerClient: 5, burst: 2 } },
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
const options: PlanOptions = { defaultHost: '127.0.0.1:8080', listeners: ['public'], routes: [], token: null };
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

  it('leaves out routes on no listener the URL reaches, and refuses unknown route names', () => {
    expect(planProbe(ir, options).map((r) => r.route)).not.toContain('admin-only');
    expect(planProbe(ir, { ...options, listeners: null }).map((r) => r.route)).toContain('admin-only');
    expect(() => planProbe(ir, { ...options, routes: ['nope'] })).toThrow('no route named nope in gateway plan');
  });
});

describe('the plan for tokens, affinity, --slow and --stress', () => {
  const rich = richGateway();
  const base: PlanOptions = { defaultHost: '127.0.0.1:8080', listeners: ['public'], routes: [], token: fakeJwt({ aud: 'chat' }) };
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

  it('checks the max duration only with --slow, on a socket pinged often enough that the idle timeout never fires', () => {
    expect(route({}).checks.map((c) => c.check)).not.toContain('max-duration');
    expect(route({ slow: true }).checks.find((c) => c.check === 'max-duration')?.expect).toEqual({ kind: 'max-duration', maxMs: 1500, earlyMs: 250, lateMs: 2000, pingEveryMs: 500 });
    expect(route({ slow: true }, 'open').notes).toContain('max-duration not run: the route has no max duration');
    expect(route({ slow: true, timeLimitMs: 3_000 }).notes).toContain('max-duration not run: the max duration (1500 ms) and its tolerance (2000 ms) do not fit in the time limit (3000 ms)');
  });

  it('fills the whole gateway only with --stress, under a small limits.maxConnections, on a route no smaller limit guards', () => {
    const small = richGateway({ limits: { maxConnections: 16 } });
    const plans = [planProbe(small, { ...base, stress: true })];
    const planned = planGatewayStress(small, plans);
    expect(planned.note).toBeNull();
    const check = planned.plans[0]!.find((r) => r.route === 'open')!.checks.at(-1)!;
    expect(check).toMatchObject({ check: 'stress-max-connections', expect: { kind: 'over-gateway-connections', limit: 16, gapMs: 100 } }); // paced under its 100/s handshake rate
    expect(planned.plans[0]!.find((r) => r.route === 'jwt')!.checks.map((c) => c.check)).not.toContain('stress-max-connections');
    expect(planGatewayStress(rich, [planProbe(rich, { ...base, stress: true })]).note).toBe(
      "gateway rich: stress-max-connections not run: limits.maxConnections 4096 is above the probe's bound of 64 sockets (filling a gateway refuses every other client meanwhile)",
    );
    const onlyJwt = [planProbe(small, { ...base, stress: true, routes: ['jwt'] })];
    expect(planGatewayStress(small, onlyJwt).note).toBe('gateway rich: stress-max-connections not run: every probed route has a per-client or backend connection limit of at most 16, which would refuse first');
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

describe('several --url: each route probed through every URL on one of its listeners', () => {
  const url = (u: string) => parseProbeUrl(u, false);

  it('matches URLs to listeners by port and names the routes no URL reaches', () => {
    const both = reachOf(ir, [url('ws://127.0.0.1:8080'), url('ws://127.0.0.1:9090')], []);
    expect(both.reach.map((r) => r.listeners)).toEqual([['public'], ['admin']]);
    expect(both.notes).toEqual([]);
    const one = reachOf(ir, [url('ws://127.0.0.1:8080')], ['admin-only', 'chat-exact']);
    expect(one.notes).toEqual(['admin-only: not probed: served on listener admin (port 9090), which no --url reaches']);
  });

  it('probes every route through a lone URL on an unknown port (a load balancer in front), none through one of several', () => {
    expect(reachOf(ir, [url('wss://gw.example.com')], []).reach[0]!.listeners).toBeNull();
    const two = reachOf(ir, [url('ws://127.0.0.1:8080'), url('ws://127.0.0.1:7000')], []);
    expect(two.reach[1]!.listeners).toEqual([]);
    expect(two.notes).toContain("--url ws://127.0.0.1:7000: port 7000 is no listener's (admin (port 9090), public (port 8080)): nothing probed through it");
    expect(two.notes).toContain('admin-only: not probed: served on listener admin (port 9090), which no --url reaches');
  });

  it('refuses a run in which no URL reaches any chosen route, and says when the scheme does not match the listener', () => {
    expect(() => reachOf(ir, [url('ws://127.0.0.1:8080'), url('ws://127.0.0.1:7000')], ['admin-only'])).toThrow('no --url reaches any route: the gateway plan listens on admin (port 9090), public (port 8080), the URLs name port 8080, 7000');
    expect(reachOf(ir, [url('wss://127.0.0.1:8080')], []).notes).toContain('--url wss://127.0.0.1:8080: listener public (port 8080) serves plain ws://, not TLS');
  });
});

describe('the human report', () => {
  const result = (url: string, pass: boolean) => ({ route: 'ws', url, check: 'upgrade' as const, pass, sent: ['GET /ws HTTP/1.1'], received: 'HTTP 101', detail: 'd' });

  it('says which URL each check ran against only when there are several', () => {
    const one = formatProbeReport({ ok: true, url: 'ws://a:1', urls: ['ws://a:1'], results: [result('ws://a:1', true)], notes: [] });
    expect(one).toBe('PASS  ws  upgrade: d\nws://a:1: 1 passed, 0 failed\n');
    const two = formatProbeReport({ ok: false, url: 'ws://a:1', urls: ['ws://a:1', 'wss://a:2'], results: [result('ws://a:1', true), result('wss://a:2', false)], notes: ['secure: not probed'] });
    expect(two.split('\n')).toEqual(['PASS  ws  upgrade via ws://a:1: d', 'FAIL  ws  upgrade via wss://a:2: d', '      sent: GET /ws HTTP/1.1', '      received: HTTP 101', 'note  secure: not probed', 'ws://a:1, wss://a:2: 1 passed, 1 failed', '']);
  });
});

describe('choosing the gateway of a file that holds several', () => {
  it('takes --gateway NAME, else the only one on the probed port, else says to choose', () => {
    const doc = (name: string, port: number) => stringify({ apiVersion: 'wsctl/v1', kind: 'Gateway', metadata: { name }, spec: { listeners: [{ name: 'l', port }], routes: [{ name: 'r', match: { path: '/' }, backend: 'b' }], backends: [{ name: 'b', endpoints: [{ address: '127.0.0.1', port: 9000 }] }] } });
    const file = join(dir, 'two.yaml');
    writeFileSync(file, `${doc('one', 8080)}---\n${doc('two', 8080)}---\n${doc('three', 9090)}`);
    expect(pickGateway(file, [9090], null).name).toBe('three');
    expect(pickGateway(file, [8080], 'two').name).toBe('two');
    expect(() => pickGateway(file, [8080], null)).toThrow('holds 3 gateways (one, two, three) and 2 listen on port 8080: choose one with --gateway NAME');
    expect(() => pickGateway(file, [8080], 'four')).toThrow('holds no gateway named four');
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
    expect(parseProbeUrl('wss://gw.example.com', false)).toEqual({ url: 'wss://gw.example.com', target: { tls: true, host: 'gw.example.com', port: 443, insecure: false }, authority: 'gw.example.com' });
    expect(parseProbeUrl('ws://127.0.0.1:8080/', true).target).toEqual({ tls: false, host: '127.0.0.1', port: 8080, insecure: true });
    expect(() => parseProbeUrl('ws://127.0.0.1:8080/ws', false)).toThrow('--url takes no path');
    expect(() => parseProbeUrl('ftp://x', false)).toThrow('--url must be');
  });
});

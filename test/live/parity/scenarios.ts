/**
 * The parity scenarios: each is written once, tagged with the feature ids it proves, and runs on every
 * target whose capability table claims all of them (see parity.test.ts and coverage.test.ts).
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { Feature } from '../../../src/targets/features.js';
import { generateCerts } from '../harness/certs.js';
import { makeJwks, now, signAsymmetric, signAsymmetricUntil, signHs256 } from '../harness/jwt.js';
import { closedWithin, connect as connectRaw, mustConnect as mustConnectRaw, roundTrip, whoami } from '../harness/ws-client.js';
import { freePort } from '../harness/ports.js';
import { HEADER_SIZE_SCENARIOS } from './header-sizes.js';
import { LONG_POLLING_SCENARIOS } from './long-polling.js';
import { REAL_CLIENT_SCENARIOS } from './real-clients.js';
import { RELOAD_STORM_SCENARIOS } from './reload-storm.js';
import { eventually, launch, rawRequest, simpleSpec, startSwitchableBackend, startTlsEchoBackend, timed, upgradeLines, writeFile, type ParityContext } from './kit.js';

/** One live scenario. */
export interface ParityScenario {
  /** Sentence-like name. */
  name: string;
  /** Features it proves; it runs on a target only when the target claims every one as 'yes'. */
  features: Feature[];
  /** Runs it (throws or fails an expect on a broken claim). */
  run(ctx: ParityContext): Promise<void>;
}

/** Opens a socket; a reset by the proxy (idle, drain) must not surface as an unhandled 'error' event. */
const connect: typeof connectRaw = async (url, options) => {
  const result = await connectRaw(url, options);
  if (result.ok) result.ws.on('error', () => undefined);
  return result;
};

/** Like the harness mustConnect, with the same reset tolerance as connect. */
const mustConnect: typeof mustConnectRaw = async (url, options) => {
  const result = await mustConnectRaw(url, options);
  result.ws.on('error', () => undefined);
  return result;
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Which echo backend served each of `count` fresh sockets opened with `options(i)`. */
async function servedBy(url: (i: number) => string, count: number, options: (i: number) => Parameters<typeof connect>[1] = () => ({})): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { ws } = await mustConnect(url(i), options(i));
    ids.push((await whoami(ws)).id);
    ws.close();
  }
  return ids;
}

/**
 * Who serves 4 sockets in a row, or undefined when one is refused: while an endpoint's health flips, a
 * request may find no endpoint marked healthy for a moment (a 503 on a loaded machine); the scenario
 * waits for the settled state, not for every request on the way to it.
 */
async function servedByWhileSwitching(url: string): Promise<string[] | undefined> {
  try {
    return await servedBy(() => url, 4);
  } catch {
    return undefined;
  }
}

const distinct = (ids: string[]): number => new Set(ids).size;

/** Sticky over 20 reconnects with one key, and more than one endpoint across 16 keys. */
async function expectAffinity(url: (key: string) => string, options: (key: string) => Parameters<typeof connect>[1]): Promise<void> {
  const same = await servedBy(() => url('alice'), 20, () => options('alice'));
  expect(distinct(same), `one key stays on one endpoint: ${same.join(',')}`).toBe(1);
  const spread = await servedBy((i) => url(`user-${i}`), 16, (i) => options(`user-${i}`));
  expect(distinct(spread), 'different keys spread over endpoints').toBeGreaterThan(1);
}

const jwtClaims = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ iss: 'https://issuer.test', aud: 'chat', sub: 'user-42', exp: now() + 300, ...extra });

/**
 * The connection gauge each target's metrics expose, with the labels of the gateway's listener "public":
 * target-specific data of the metrics scenario, kept in this one place.
 */
const CONNECTION_GAUGE: Record<string, { metric: string; labels: Record<string, string> }> = {
  nginx: { metric: 'nginx_connections_active', labels: {} },
  haproxy: { metric: 'haproxy_frontend_current_sessions', labels: { proxy: 'fe-public' } },
  envoy: { metric: 'envoy_http_downstream_cx_active', labels: { envoy_http_conn_manager_prefix: 'public' } },
};

/** One line of Prometheus text exposition (0.0.4): a comment, a blank line, or `name{labels} value [timestamp]`. */
const EXPOSITION_LINE = /^(#.*|\s*|[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? (-?[0-9.]+([eE][+-]?[0-9]+)?|NaN|[+-]Inf)( -?[0-9]+)?)$/;

/** Scrapes a metrics URL: status, content type and the text. */
async function scrape(url: string): Promise<{ status: number; type: string; text: string }> {
  const response = await fetch(url);
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

/** The value of one sample: the metric with exactly these label values (other labels ignored), or undefined. */
function sample(text: string, metric: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)/.exec(line);
    if (!match || match[1] !== metric) continue;
    const found = Object.fromEntries([...(match[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[4]);
  }
  return undefined;
}

export const SCENARIOS: ParityScenario[] = [
  {
    name: 'upgrades and echoes text, binary and a 1 MB message',
    features: ['websocket-upgrade', 'match-prefix'],
    async run(ctx) {
      const { base, backends } = await launch(ctx, 1, (port, eps) => simpleSpec(port, eps));
      const { ws } = await mustConnect(`${base}/ws/room`);
      expect((await roundTrip(ws, 'hello')).data.toString()).toBe('hello');
      const binary = await roundTrip(ws, Buffer.from([0, 1, 2, 255]));
      expect(binary.isBinary).toBe(true);
      expect([...binary.data]).toEqual([0, 1, 2, 255]);
      const big = randomBytes(1024 * 1024);
      expect((await roundTrip(ws, big)).data.equals(big)).toBe(true);
      expect(backends[0]?.upgrades[0]?.url).toBe('/ws/room');
      ws.close();
    },
  },
  {
    name: 'refuses h2c and other non-websocket upgrades',
    features: ['websocket-upgrade'],
    async run(ctx) {
      const { port, backends } = await launch(ctx, 1, (p, eps) => simpleSpec(p, eps, { websocket: { plainHttp: 'proxy' } }));
      const h2c = await rawRequest(port, ['GET /ws HTTP/1.1', 'Host: 127.0.0.1', 'Connection: Upgrade, HTTP2-Settings', 'Upgrade: h2c', 'HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA']);
      expect(h2c.status).not.toBe(101);
      const both = await rawRequest(port, upgradeLines('/ws').map((l) => (l === 'Upgrade: websocket' ? 'Upgrade: websocket, h2c' : l)));
      expect(both.status).not.toBe(101);
      expect(backends[0]?.plainRequests.every((r) => !String(r.headers.upgrade ?? '').toLowerCase().includes('h2c'))).toBe(true);
      expect(backends[0]?.upgrades.length).toBe(0);
    },
  },
  {
    name: 'answers plain HTTP with 426 on a reject route',
    features: ['plain-http-reject'],
    async run(ctx) {
      const { port, backends } = await launch(ctx, 1, (p, eps) => simpleSpec(p, eps, { websocket: { plainHttp: 'reject' } }));
      const res = await rawRequest(port, ['GET /ws HTTP/1.1', 'Host: 127.0.0.1']);
      expect(res.status).toBe(426);
      expect(backends[0]?.plainRequests.length).toBe(0);
    },
  },
  {
    name: 'proxies plain HTTP on a proxy route',
    features: ['plain-http-proxy'],
    async run(ctx) {
      const { port } = await launch(ctx, 1, (p, eps) => simpleSpec(p, eps, { websocket: { plainHttp: 'proxy' } }));
      const res = await fetch(`http://127.0.0.1:${port}/ws`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('plain:b0');
    },
  },
  {
    name: 'routes by host name and wildcard, and refuses unknown hosts',
    features: ['match-host', 'match-prefix'],
    async run(ctx) {
      const { base } = await launch(ctx, 2, (port, eps) => ({
        listeners: [{ name: 'public', port, address: '127.0.0.1' }],
        routes: [
          { name: 'exact', match: { hosts: ['chat.test'], path: '/ws' }, backend: 'a' },
          { name: 'wild', match: { hosts: ['*.rooms.test'], path: '/ws' }, backend: 'b' },
        ],
        backends: [
          { name: 'a', endpoints: [eps[0]!] },
          { name: 'b', endpoints: [eps[1]!] },
        ],
      }));
      const as = async (host: string): Promise<string> => whoami((await mustConnect(`${base}/ws`, { headers: { host } })).ws).then((w) => w.id);
      expect(await as('chat.test')).toBe('b0');
      expect(await as('CHAT.test:8080')).toBe('b0');
      expect(await as('x.y.rooms.test')).toBe('b1');
      const other = await connect(`${base}/ws`, { headers: { host: 'rooms.test' } });
      expect(other.ok).toBe(false);
    },
  },
  {
    name: 'matches exact paths only exactly',
    features: ['match-exact'],
    async run(ctx) {
      const { base } = await launch(ctx, 1, (p, eps) => simpleSpec(p, eps, { match: { path: '/feed', pathType: 'Exact' } }));
      expect((await connect(`${base}/feed`)).ok).toBe(true);
      expect((await connect(`${base}/feed/x`)).ok).toBe(false);
    },
  },
  {
    name: 'matches regular-expression paths',
    features: ['match-regex'],
    async run(ctx) {
      const { base } = await launch(ctx, 1, (p, eps) => simpleSpec(p, eps, { match: { path: '^/rooms/[0-9]+$', pathType: 'Regex' } }));
      expect((await connect(`${base}/rooms/42`)).ok).toBe(true);
      expect((await connect(`${base}/rooms/abc`)).ok).toBe(false);
    },
  },
  {
    name: 'lets an upgrade through only with exactly one allowed Origin (none, wrong, comma-joined and duplicated: 403)',
    features: ['origin-allowlist'],
    async run(ctx) {
      const { base, port, backends } = await launch(ctx, 1, (p, eps) => simpleSpec(p, eps, { allowedOrigins: ['https://good.test'] }));
      const good = await connect(`${base}/ws`, { origin: 'https://good.test' });
      expect(good.ok ? 101 : good.status).toBe(101);
      if (good.ok) good.ws.close();
      const wrong = await connect(`${base}/ws`, { origin: 'https://evil.test' });
      expect(wrong.ok ? 101 : wrong.status).toBe(403);
      const none = await connect(`${base}/ws`);
      expect(none.ok ? 101 : none.status, 'an upgrade without Origin').toBe(403);
      expect((await rawRequest(port, upgradeLines('/ws', ['Origin: https://evil.test, https://good.test']))).status).toBe(403);
      expect((await rawRequest(port, upgradeLines('/ws', ['Origin: https://good.test, https://good.test']))).status).toBe(403);
      expect((await rawRequest(port, upgradeLines('/ws', ['Origin: https://good.test', 'Origin: https://evil.test']))).status).toBe(403);
      expect((await rawRequest(port, upgradeLines('/ws', ['Origin: https://evil.test', 'Origin: https://good.test']))).status).toBe(403);
      expect((await rawRequest(port, upgradeLines('/ws', ['Origin: https://good.test', 'Origin: https://good.test']))).status).toBe(403);
      expect(backends[0]?.upgrades.length, 'only the allowed upgrade reached the backend').toBe(1);
    },
  },
  {
    name: 'passes plain requests without Origin on a proxy route and refuses a wrong or duplicated Origin',
    features: ['origin-allowlist', 'plain-http-proxy'],
    async run(ctx) {
      const { port, backends } = await launch(ctx, 1, (p, eps) => simpleSpec(p, eps, { allowedOrigins: ['https://good.test'], websocket: { plainHttp: 'proxy' } }));
      const get = (extra: string[]): Promise<{ status: number }> => rawRequest(port, ['GET /ws/poll HTTP/1.1', 'Host: 127.0.0.1', 'Connection: close', ...extra]);
      expect((await get([])).status, 'a same-origin GET carries no Origin').toBe(200);
      expect((await get(['Origin: https://good.test'])).status).toBe(200);
      expect((await get(['Origin: https://evil.test'])).status).toBe(403);
      expect((await get(['Origin: https://evil.test, https://good.test'])).status).toBe(403);
      expect((await get(['Origin: https://good.test', 'Origin: https://evil.test'])).status).toBe(403);
      expect((await get(['Origin: https://evil.test', 'Origin: https://good.test'])).status).toBe(403);
      expect(backends[0]?.plainRequests.length, 'only the two accepted GETs reached the backend').toBe(2);
    },
  },
  {
    name: 'verifies RS256 JWTs (401 when missing, expired, badly signed or for another audience) and forwards claims',
    features: ['auth-jwt-rs256', 'auth-jwt-forward-claims'],
    async run(ctx) {
      const keys = makeJwks('RSA', 'k1');
      const other = makeJwks('RSA', 'k2');
      const jwks = writeFile(ctx, 'jwks.json', keys.jwks);
      const { base } = await launch(ctx, 1, (p, eps) =>
        simpleSpec(p, eps, { auth: { jwt: 'main' } }, {}, {
          authProviders: [{ name: 'main', jwt: { issuer: 'https://issuer.test', audiences: ['chat'], jwksFile: jwks, tokenFrom: [{ header: 'Authorization' }, { queryParam: 'access_token' }], forwardClaims: { sub: 'X-User-Id' } } }],
        }),
      );
      const status = async (token: string | null): Promise<number> => {
        const r = await connect(`${base}/ws`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
        if (r.ok) r.ws.close();
        return r.ok ? 101 : r.status;
      };
      expect(await status(null)).toBe(401);
      expect(await status(signAsymmetric(jwtClaims({ exp: now() - 120 }), keys.privateKey, 'k1'))).toBe(401);
      expect(await status(signAsymmetric(jwtClaims(), other.privateKey, 'k1'))).toBe(401);
      expect(await status(signAsymmetric(jwtClaims({ aud: 'other' }), keys.privateKey, 'k1'))).toBe(401);
      expect(await status(signAsymmetric(jwtClaims({ iss: 'https://evil.test' }), keys.privateKey, 'k1'))).toBe(401);
      expect(await status(signAsymmetric(jwtClaims({ nbf: now() + 600 }), keys.privateKey, 'k1'))).toBe(401);
      expect(await status(signAsymmetric(jwtClaims({ aud: ['x', 'chat'] }), keys.privateKey, 'k1'))).toBe(101);
      const good = signAsymmetric(jwtClaims(), keys.privateKey, 'k1');
      const { ws } = await mustConnect(`${base}/ws`, { headers: { authorization: `Bearer ${good}`, 'x-user-id': 'spoofed' } });
      expect((await whoami(ws)).headers['x-user-id']).toBe('user-42');
      ws.close();
      const viaQuery = await mustConnect(`${base}/ws?access_token=${good}`);
      viaQuery.ws.close();
    },
  },
  {
    name: 'verifies HS256 JWTs and pins the algorithm',
    features: ['auth-jwt-hs256'],
    async run(ctx) {
      const secret = 'a-test-secret-that-is-at-least-32-bytes-long';
      const file = writeFile(ctx, 'hmac.secret', `${secret}\n`);
      const { base } = await launch(ctx, 1, (p, eps) =>
        simpleSpec(p, eps, { auth: { jwt: 'hs' } }, {}, { authProviders: [{ name: 'hs', jwt: { issuer: 'https://issuer.test', hmacSecretFile: file } }] }),
      );
      const status = async (token: string): Promise<number> => {
        const r = await connect(`${base}/ws`, { headers: { authorization: `Bearer ${token}` } });
        if (r.ok) r.ws.close();
        return r.ok ? 101 : r.status;
      };
      expect(await status(signHs256(jwtClaims(), secret))).toBe(101);
      expect(await status(signHs256(jwtClaims(), 'another-secret-another-secret-another'))).toBe(401);
      expect(await status(signHs256(jwtClaims(), secret, { alg: 'HS512' }))).toBe(401);
      expect(await status(signHs256(jwtClaims({ exp: now() - 120 }), secret))).toBe(401);
    },
  },
  {
    name: 'verifies ES256 JWTs from a JWKS',
    features: ['auth-jwt-es256'],
    async run(ctx) {
      const keys = makeJwks('EC', 'e1');
      const other = makeJwks('EC', 'e2');
      const jwks = writeFile(ctx, 'jwks.json', keys.jwks);
      const { base } = await launch(ctx, 1, (p, eps) =>
        simpleSpec(p, eps, { auth: { jwt: 'ec' } }, {}, { authProviders: [{ name: 'ec', jwt: { issuer: 'https://issuer.test', jwksFile: jwks } }] }),
      );
      const ok = await connect(`${base}/ws`, { headers: { authorization: `Bearer ${signAsymmetric(jwtClaims(), keys.privateKey, 'e1')}` } });
      expect(ok.ok).toBe(true);
      if (ok.ok) ok.ws.close();
      const bad = await connect(`${base}/ws`, { headers: { authorization: `Bearer ${signAsymmetric(jwtClaims(), other.privateKey, 'e1')}` } });
      expect(bad.ok ? 101 : bad.status).toBe(401);
      // r or s with a leading zero byte (1 signature in 128): a JOSE-to-DER conversion that trims or
      // pads wrongly refuses exactly these, as a rare 401 for a valid token
      for (const half of ['r', 's'] as const) {
        const token = signAsymmetricUntil(jwtClaims(), keys.privateKey, 'e1', (signature) => signature[half === 'r' ? 0 : 32] === 0);
        const zero = await connect(`${base}/ws`, { headers: { authorization: `Bearer ${token}` } });
        expect(zero.ok ? 101 : zero.status, `a valid ES256 token whose ${half} starts with 0x00`).toBe(101);
        if (zero.ok) zero.ws.close();
      }
    },
  },
  {
    name: 'accepts listed static bearer tokens only',
    features: ['auth-bearer'],
    async run(ctx) {
      const token = 'tok_0123456789abcdef';
      const file = writeFile(ctx, 'tokens.txt', `# comment\n${token}\nanother-token-0123456789\n`);
      const { base } = await launch(ctx, 1, (p, eps) => simpleSpec(p, eps, { auth: { bearer: { tokensFile: file } } }));
      const status = async (headers: Record<string, string>): Promise<number> => {
        const r = await connect(`${base}/ws`, { headers });
        if (r.ok) r.ws.close();
        return r.ok ? 101 : r.status;
      };
      expect(await status({ authorization: `Bearer ${token}` })).toBe(101);
      expect(await status({ authorization: 'Bearer tok_0123456789abcdeX' })).toBe(401);
      expect(await status({})).toBe(401);
    },
  },
  {
    name: 'keeps a cookie-carrying client on the endpoint of its first request (HttpOnly cookie set on the 101)',
    features: ['affinity-cookie'],
    async run(ctx) {
      const { base } = await launch(ctx, 3, (p, eps) => simpleSpec(p, eps, {}, { affinity: { type: 'cookie', cookie: { name: 'WSAFF' } } }));
      const first = await mustConnect(`${base}/ws`, { localAddress: '127.0.0.1' });
      const setCookie = ([] as string[]).concat(first.headers['set-cookie'] ?? []).find((c) => c.startsWith('WSAFF='));
      expect(setCookie, 'Set-Cookie on the 101').toBeDefined();
      expect(setCookie?.toLowerCase()).toContain('httponly');
      const firstId = (await whoami(first.ws)).id;
      first.ws.close();
      const cookie = (setCookie ?? '').split(';')[0] ?? '';
      // the cookie, not the address, keeps it there: the same cookie from other addresses too
      const again = await servedBy(() => `${base}/ws`, 20, (i) => ({ headers: { cookie }, localAddress: `127.0.${i + 1}.${(i * 37) % 250 + 2}` }));
      expect(again.every((id) => id === firstId), again.join(',')).toBe(true);
    },
  },
  {
    name: 'sets one affinity cookie on every target: attributes decided in the IR (ttl 1400ms → Max-Age=2; no ttl → a session cookie)',
    features: ['affinity-cookie'],
    async run(ctx) {
      const attributes = async (cookie: { name: string; ttl?: string }): Promise<string[]> => {
        const { base } = await launch(ctx, 2, (p, eps) => simpleSpec(p, eps, {}, { affinity: { type: 'cookie', cookie } }));
        const { ws, headers } = await mustConnect(`${base}/ws`);
        ws.close();
        const setCookie = ([] as string[]).concat(headers['set-cookie'] ?? []).find((c) => c.startsWith(`${cookie.name}=`)) ?? '';
        expect(setCookie, 'Set-Cookie on the 101').not.toBe('');
        return setCookie.split(';').slice(1).map((a) => a.trim().toLowerCase()).filter(Boolean).sort();
      };
      // rounded up, never shortened; plain ws:// listener, so no Secure
      expect(await attributes({ name: 'WSAFF', ttl: '1400ms' })).toEqual(['httponly', 'max-age=2', 'path=/', 'samesite=lax']);
      expect(await attributes({ name: 'WSSESSION' })).toEqual(['httponly', 'path=/', 'samesite=lax']);
    },
  },
  {
    name: 'keeps a client that keeps no cookie on one endpoint by its address (cookie affinity fallback)',
    features: ['affinity-cookie'],
    async run(ctx) {
      const { base } = await launch(ctx, 3, (p, eps) => simpleSpec(p, eps, {}, { affinity: { type: 'cookie', cookie: { name: 'WSAFF' } } }));
      const ip = (key: string): string => (key === 'alice' ? '127.0.0.1' : `127.0.${Number(key.split('-')[1]) + 1}.${7 + Number(key.split('-')[1]) * 13}`);
      await expectAffinity(() => `${base}/ws`, (key) => ({ localAddress: ip(key) }));
      // a client that keeps the cookie from its first, cookieless request lands where it did without one
      const cookieless = (await servedBy(() => `${base}/ws`, 1, () => ({ localAddress: '127.0.0.1' })))[0];
      const first = await mustConnect(`${base}/ws`, { localAddress: '127.0.0.1' });
      const cookie = (([] as string[]).concat(first.headers['set-cookie'] ?? []).find((c) => c.startsWith('WSAFF=')) ?? '').split(';')[0] ?? '';
      first.ws.close();
      const kept = await servedBy(() => `${base}/ws`, 20, () => ({ headers: { cookie }, localAddress: '127.0.0.1' }));
      expect(kept.every((id) => id === cookieless), `${cookieless}: ${kept.join(',')}`).toBe(true);
    },
  },
  {
    name: 'keeps a client IP on one endpoint and spreads different IPs',
    features: ['affinity-source-ip'],
    async run(ctx) {
      const { base } = await launch(ctx, 3, (p, eps) => simpleSpec(p, eps, {}, { affinity: { type: 'sourceIp' } }));
      const ip = (key: string): string => (key === 'alice' ? '127.0.0.1' : `127.0.${Number(key.split('-')[1]) + 1}.${7 + Number(key.split('-')[1]) * 13}`);
      await expectAffinity(() => `${base}/ws`, (key) => ({ localAddress: ip(key) }));
    },
  },
  {
    name: 'keeps a header value on one endpoint and spreads different values',
    features: ['affinity-header'],
    async run(ctx) {
      const { base } = await launch(ctx, 3, (p, eps) => simpleSpec(p, eps, {}, { affinity: { type: 'header', header: { name: 'X-Session' } } }));
      await expectAffinity(() => `${base}/ws`, (key) => ({ headers: { 'x-session': key } }));
    },
  },
  {
    name: 'keeps a query parameter value on one endpoint and spreads different values',
    features: ['affinity-query-param'],
    async run(ctx) {
      const { base } = await launch(ctx, 3, (p, eps) => simpleSpec(p, eps, {}, { affinity: { type: 'queryParam', queryParam: { name: 'sid' } } }));
      await expectAffinity((key) => `${base}/ws?sid=${key}`, () => ({}));
    },
  },
  {
    name: 'spreads sockets evenly with roundRobin',
    features: ['balance-round-robin'],
    async run(ctx) {
      const { base } = await launch(ctx, 3, (p, eps) => simpleSpec(p, eps, {}, { balance: 'roundRobin' }));
      const ids = await servedBy(() => `${base}/ws`, 9);
      // every endpoint takes its share; multi-process proxies (nginx workers) keep one rotation per process
      const counts = ['b0', 'b1', 'b2'].map((id) => ids.filter((x) => x === id).length);
      expect(Math.min(...counts), ids.join(',')).toBeGreaterThanOrEqual(2);
      expect(Math.max(...counts), ids.join(',')).toBeLessThanOrEqual(4);
    },
  },
  {
    name: 'sends new sockets to the endpoint with the fewest live ones (leastConnections)',
    features: ['balance-least-connections'],
    async run(ctx) {
      const { base } = await launch(ctx, 2, (p, eps) => simpleSpec(p, eps, {}, { balance: 'leastConnections' }));
      const held = await Promise.all(Array.from({ length: 4 }, async () => (await mustConnect(`${base}/ws`)).ws));
      const owners = await Promise.all(held.map(async (ws) => (await whoami(ws)).id));
      expect(distinct(owners)).toBe(2);
      for (const [i, ws] of held.entries()) if (owners[i] === 'b0') ws.close();
      await sleep(300);
      const next = await servedBy(() => `${base}/ws`, 1);
      const fresh = await Promise.all([0, 1].map(async () => (await mustConnect(`${base}/ws`)).ws));
      const freshOwners = await Promise.all(fresh.map(async (ws) => (await whoami(ws)).id));
      expect([...next, ...freshOwners].filter((id) => id === 'b0').length).toBeGreaterThanOrEqual(2);
      for (const ws of [...held, ...fresh]) ws.close();
    },
  },
  {
    name: 'honours endpoint weights',
    features: ['endpoint-weights', 'balance-round-robin'],
    async run(ctx) {
      const { base } = await launch(ctx, 2, (p, eps) => simpleSpec(p, [{ ...eps[0]!, weight: 3 } as never, eps[1]!], {}, { balance: 'roundRobin' }));
      const ids = await servedBy(() => `${base}/ws`, 20);
      // 15 of 20 with one rotation; Envoy keeps one weighted rotation per worker thread, so allow ±2
      // (ignored weights would give 10)
      const heavy = ids.filter((id) => id === 'b0').length;
      expect(heavy, ids.join(',')).toBeGreaterThanOrEqual(13);
      expect(heavy, ids.join(',')).toBeLessThanOrEqual(17);
    },
  },
  {
    name: 'closes a socket idle for idleTimeout but not one with traffic',
    features: ['idle-timeout'],
    async run(ctx) {
      const { base } = await launch(ctx, 1, (p, eps) => simpleSpec(p, eps, { websocket: { idleTimeout: '1s' } }));
      const idle = (await mustConnect(`${base}/ws`)).ws;
      const busy = (await mustConnect(`${base}/ws`)).ws;
      const timer = setInterval(() => busy.send('ping'), 300);
      const closed = await timed(() => closedWithin(idle, 4_000));
      clearInterval(timer);
      expect(closed.value).not.toBe('open');
      expect(closed.ms).toBeGreaterThanOrEqual(800);
      expect(busy.readyState).toBe(busy.OPEN);
      busy.close();
    },
  },
  {
    name: 'gives up on a backend that does not answer the upgrade within handshakeTimeout',
    features: ['handshake-timeout'],
    async run(ctx) {
      const { createServer } = await import('node:net');
      const held = new Set<import('node:net').Socket>();
      const silent = createServer((socket) => {
        held.add(socket);
        socket.on('error', () => undefined);
      });
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
      // close() waits for every connection: destroy the ones this backend never answers
      ctx.defer(() => {
        for (const socket of held) socket.destroy();
        return new Promise<void>((r) => silent.close(() => r()));
      });
      const address = silent.address();
      const silentPort = typeof address === 'object' && address ? address.port : 0;
      const { base } = await launch(ctx, 0, (p) => simpleSpec(p, [{ address: '127.0.0.1', port: silentPort }], { websocket: { handshakeTimeout: '1s', idleTimeout: '1h' } }));
      const result = await timed(() => connect(`${base}/ws`, { handshakeTimeout: 8_000 }));
      expect(result.value.ok).toBe(false);
      expect(result.ms).toBeLessThan(4_000);
    },
  },
  {
    name: 'refuses a client over connectionsPerClient concurrent sockets with 429',
    features: ['rate-limit-connections'],
    async run(ctx) {
      const { base } = await launch(ctx, 1, (p, eps) => simpleSpec(p, eps, { rateLimit: { connectionsPerClient: 2 } }));
      const a = (await mustConnect(`${base}/ws`)).ws;
      const b = (await mustConnect(`${base}/ws`)).ws;
      const third = await connect(`${base}/ws`);
      expect(third.ok ? 101 : third.status).toBe(429);
      a.close();
      await closedWithin(a, 1_000);
      await eventually(async () => {
        const r = await connect(`${base}/ws`);
        if (r.ok) r.ws.close();
        return r.ok;
      }, 3_000, 'a slot frees when a socket closes');
      b.close();
    },
  },
  {
    name: 'limits handshakes per second per client with a burst, refusing the excess with 429',
    features: ['rate-limit-handshakes'],
    async run(ctx) {
      const { base } = await launch(ctx, 1, (p, eps) => simpleSpec(p, eps, { rateLimit: { handshakesPerSecondPerClient: 2, burst: 2 } }));
      const results = await Promise.all(Array.from({ length: 12 }, () => connect(`${base}/ws`)));
      const accepted = results.filter((r) => r.ok).length;
      for (const r of results) if (r.ok) r.ws.close();
      expect(accepted).toBeGreaterThanOrEqual(2);
      expect(accepted).toBeLessThanOrEqual(5);
      expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.status === 429)).toBe(true);
    },
  },
  {
    name: 'terminates TLS with the configured minimum version',
    features: ['tls'],
    async run(ctx) {
      const certs = generateCerts(`${ctx.dir}/certs`);
      const { base } = await launch(ctx, 1, (port, eps) => ({ ...simpleSpec(port, eps), listeners: [{ name: 'public', port, address: '127.0.0.1', tls: { certFile: certs.serverCert, keyFile: certs.serverKey, minVersion: '1.3' } }] }), true);
      const { readFileSync } = await import('node:fs');
      const ca = readFileSync(certs.caCert);
      const { ws } = await mustConnect(`${base}/ws`, { ca });
      expect((await roundTrip(ws, 'over tls')).data.toString()).toBe('over tls');
      ws.close();
      expect((await connect(`${base}/ws`, { ca, maxVersion: 'TLSv1.2' })).ok).toBe(false);
      expect((await connect(`${base}/ws`)).ok, 'untrusted certificate is refused by the client').toBe(false);
    },
  },
  {
    name: 'requires a client certificate from the configured CA (mTLS)',
    features: ['tls', 'mtls'],
    async run(ctx) {
      const certs = generateCerts(`${ctx.dir}/certs`);
      const { readFileSync } = await import('node:fs');
      const { base } = await launch(
        ctx,
        1,
        (port, eps) => ({
          ...simpleSpec(port, eps),
          listeners: [{ name: 'public', port, address: '127.0.0.1', tls: { certFile: certs.serverCert, keyFile: certs.serverKey, clientCaFile: certs.caCert, clientCert: 'required' } }],
        }),
        true,
      );
      const ca = readFileSync(certs.caCert);
      const good = await connect(`${base}/ws`, { ca, cert: readFileSync(certs.clientCert), key: readFileSync(certs.clientKey) });
      expect(good.ok).toBe(true);
      if (good.ok) good.ws.close();
      expect((await connect(`${base}/ws`, { ca })).ok).toBe(false);
      expect((await connect(`${base}/ws`, { ca, cert: readFileSync(certs.rogueClientCert), key: readFileSync(certs.rogueClientKey) })).ok).toBe(false);
    },
  },
  {
    name: 'verifies upstream TLS against the CA and server name',
    features: ['upstream-tls'],
    async run(ctx) {
      const certs = generateCerts(`${ctx.dir}/certs`);
      const upstream = await startTlsEchoBackend(ctx, 'tls0', certs.serverCert, certs.serverKey);
      const endpoint = [{ address: '127.0.0.1', port: upstream.port }];
      const good = await launch(ctx, 0, (p) => simpleSpec(p, endpoint, {}, { tls: { caFile: certs.caCert, serverName: 'localhost' } }));
      const { ws } = await mustConnect(`${good.base}/ws`);
      expect((await whoami(ws)).id).toBe('tls0');
      ws.close();
      const wrongName = await launch(ctx, 0, (p) => simpleSpec(p, endpoint, {}, { tls: { caFile: certs.caCert, serverName: 'other.test' } }));
      expect((await connect(`${wrongName.base}/ws`)).ok).toBe(false);
      const wrongCa = await launch(ctx, 0, (p) => simpleSpec(p, endpoint, {}, { tls: { caFile: `${certs.dir}/rogue-ca.crt`, serverName: 'localhost' } }));
      expect((await connect(`${wrongCa.base}/ws`)).ok).toBe(false);
    },
  },
  {
    name: 'caps concurrent sockets to a backend at maxConnections',
    features: ['backend-max-connections'],
    async run(ctx) {
      // Envoy queues a socket over the cap until a slot frees or handshakeTimeout passes (then 504);
      // nginx and HAProxy refuse it at once
      const { base } = await launch(ctx, 1, (p, eps) => simpleSpec(p, eps, { websocket: { handshakeTimeout: '2s' } }, { maxConnections: 2 }));
      const held = [(await mustConnect(`${base}/ws`)).ws, (await mustConnect(`${base}/ws`)).ws];
      const third = await timed(() => connect(`${base}/ws`, { handshakeTimeout: 8_000 }));
      expect(third.value.ok).toBe(false);
      expect(third.value.ok ? 101 : third.value.status).toBeGreaterThanOrEqual(500);
      expect(third.ms).toBeLessThan(5_000);
      for (const ws of held) ws.close();
    },
  },
  {
    name: 'refuses a socket over limits.maxConnections at once, keeps the open ones, and accepts again when one closes',
    features: ['gateway-max-connections'],
    async run(ctx) {
      // nginx and HAProxy answer 503; Envoy's overload manager closes the connection with no answer (measured)
      const limit = 16;
      const { base } = await launch(ctx, 1, (p, eps) => simpleSpec(p, eps, {}, {}, { limits: { maxConnections: limit } }));
      const held = [];
      for (let i = 0; i < limit; i++) held.push((await mustConnect(`${base}/ws`)).ws);
      const over = await timed(() => connect(`${base}/ws`, { handshakeTimeout: 8_000 }));
      expect(over.value.ok).toBe(false);
      if (!over.value.ok && over.value.status) expect(over.value.status).toBe(503);
      expect(over.ms).toBeLessThan(5_000);
      for (const ws of held) expect((await roundTrip(ws, 'still here')).data.toString()).toBe('still here');
      const first = held.shift();
      first?.close();
      if (first) await closedWithin(first, 2_000);
      await eventually(async () => {
        const again = await connect(`${base}/ws`);
        if (again.ok) again.ws.close();
        return again.ok;
      }, 5_000, 'a socket is accepted again once one of the held ones closed');
      for (const ws of held) ws.close();
    },
  },
  {
    name: 'takes an endpoint out when its HTTP health check fails and back when it passes',
    features: ['health-check-http'],
    async run(ctx) {
      const a = await startSwitchableBackend(ctx, 'a');
      const b = await startSwitchableBackend(ctx, 'b');
      const { base } = await launch(ctx, 0, (p) =>
        simpleSpec(p, [a, b].map((x) => ({ address: '127.0.0.1', port: x.port })), {}, { balance: 'roundRobin', healthCheck: { path: '/hc', interval: '300ms', timeout: '300ms', healthyThreshold: 1, unhealthyThreshold: 1 } }),
      );
      a.setHealthy(false);
      await eventually(async () => (await servedByWhileSwitching(`${base}/ws`))?.every((id) => id === 'b') === true, 5_000, 'only b serves while a fails its check');
      a.setHealthy(true);
      await eventually(async () => (await servedByWhileSwitching(`${base}/ws`))?.includes('a') === true, 5_000, 'a serves again');
    },
  },
  {
    name: 'health-checks endpoints with a real WebSocket handshake (expects 101)',
    features: ['health-check-websocket'],
    async run(ctx) {
      const a = await startSwitchableBackend(ctx, 'a');
      const b = await startSwitchableBackend(ctx, 'b');
      const { base } = await launch(ctx, 0, (p) =>
        simpleSpec(p, [a, b].map((x) => ({ address: '127.0.0.1', port: x.port })), {}, { balance: 'roundRobin', healthCheck: { path: '/hc', expect: 'websocket', interval: '300ms', timeout: '300ms', healthyThreshold: 1, unhealthyThreshold: 1 } }),
      );
      a.setHealthy(false);
      await eventually(async () => (await servedByWhileSwitching(`${base}/ws`))?.every((id) => id === 'b') === true, 5_000, 'only b serves while a refuses the check upgrade');
      a.setHealthy(true);
      await eventually(async () => (await servedByWhileSwitching(`${base}/ws`))?.includes('a') === true, 5_000, 'a serves again');
    },
  },
  {
    name: 'logs one access line per socket when it closes, without the query string',
    features: ['access-log'],
    async run(ctx) {
      const { base, gateway } = await launch(ctx, 1, (p, eps) => simpleSpec(p, eps, {}, {}, { accessLog: { format: 'json' } }));
      const { ws } = await mustConnect(`${base}/ws/logged?token=secret-in-query`);
      await roundTrip(ws, 'x'.repeat(1000));
      await sleep(300);
      // JSON may escape '/' as '\/'
      const line = (): string | undefined => gateway.logs().split('\n').map((l) => l.replace(/\\\//g, '/')).find((l) => l.includes('/ws/logged') && l.includes('101'));
      expect(line(), 'no line while the socket is open').toBeUndefined();
      ws.close();
      await eventually(() => line() !== undefined, 3_000, 'an access line after close');
      expect(gateway.logs()).not.toContain('secret-in-query');
    },
  },
  {
    name: 'keeps a live socket through a reload until drainTimeout',
    features: ['drain'],
    async run(ctx) {
      const { base, gateway } = await launch(ctx, 1, (p, eps) => simpleSpec(p, eps, {}, {}, { limits: { drainTimeout: '3s' } }));
      const { ws } = await mustConnect(`${base}/ws`);
      await gateway.reload();
      expect((await roundTrip(ws, 'after reload')).data.toString()).toBe('after reload');
      const fresh = await mustConnect(`${base}/ws`);
      fresh.ws.close();
      const closed = await timed(() => closedWithin(ws, 8_000));
      expect(closed.value).not.toBe('open');
      expect(closed.ms).toBeGreaterThan(1_500);
    },
  },
  {
    name: 'closes a busy socket at maxDuration',
    features: ['max-duration'],
    async run(ctx) {
      const { base } = await launch(ctx, 1, (p, eps) => simpleSpec(p, eps, { websocket: { maxDuration: '2s', idleTimeout: '1h', handshakeTimeout: '1s' } }));
      const { ws } = await mustConnect(`${base}/ws`);
      const timer = setInterval(() => ws.send('ping'), 200);
      const closed = await timed(() => closedWithin(ws, 6_000));
      clearInterval(timer);
      expect(closed.value).not.toBe('open');
      expect(closed.ms).toBeGreaterThan(1_500);
    },
  },
  {
    name: 'gives up connecting to an unreachable endpoint after connectTimeout',
    features: ['connect-timeout'],
    async run(ctx) {
      const { base } = await launch(ctx, 0, (p) => simpleSpec(p, [{ address: '192.0.2.1', port: 9 }], {}, { connectTimeout: '500ms' }));
      const result = await timed(() => connect(`${base}/ws`, { handshakeTimeout: 10_000 }));
      expect(result.value.ok).toBe(false);
      expect(result.ms).toBeLessThan(3_500);
    },
  },
  {
    name: 'exposes Prometheus metrics on spec.metrics',
    features: ['metrics'],
    async run(ctx) {
      const gauge = CONNECTION_GAUGE[ctx.runner.target];
      if (!gauge) throw new Error(`no connection gauge known for target ${ctx.runner.target}`);
      const metricsPort = await freePort();
      const { base } = await launch(ctx, 1, (p, eps) => simpleSpec(p, eps, {}, {}, { metrics: { port: metricsPort, address: '127.0.0.1', path: '/metrics' } }));
      const url = `http://127.0.0.1:${metricsPort}/metrics`;
      const first = await scrape(url);
      expect(first.status).toBe(200);
      expect(first.type).toMatch(/^text\/plain/);
      const bad = first.text.split('\n').filter((line) => !EXPOSITION_LINE.test(line));
      expect(bad, 'every line is # HELP, # TYPE or name{labels} value').toEqual([]);
      expect(first.text).toMatch(new RegExp(`^# TYPE ${gauge.metric} gauge$`, 'm'));
      expect(sample(first.text, gauge.metric, gauge.labels), `${gauge.metric} is exposed`).toBeTypeOf('number');
      // compared with the value after the sockets close too: a start-up probe connection may still be
      // counted in the first scrape and gone by the next
      const value = async (): Promise<number> => sample((await scrape(url)).text, gauge.metric, gauge.labels) ?? Number.NaN;
      const held = [(await mustConnect(`${base}/ws`)).ws, (await mustConnect(`${base}/ws`)).ws];
      let during = Number.NaN;
      await eventually(async () => (during = await value()) >= 2, 5_000, `${gauge.metric} counts the 2 open sockets`);
      for (const ws of held) ws.close();
      await eventually(async () => (await value()) <= during - 2, 8_000, `${gauge.metric} falls by 2 when the sockets close (from ${during})`);
      expect((await scrape(`http://127.0.0.1:${metricsPort}/elsewhere`)).status).toBe(404);
    },
  },
  ...LONG_POLLING_SCENARIOS,
  ...HEADER_SIZE_SCENARIOS,
  ...REAL_CLIENT_SCENARIOS,
  ...RELOAD_STORM_SCENARIOS,
];

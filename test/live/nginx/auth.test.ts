import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeJwks, now, signAsymmetric, signHs256 } from '../harness/jwt.js';
import { connect, mustConnect, whoami } from '../harness/ws-client.js';
import { httpGet } from './http.js';
import { scenario, workDir, type Scenario } from './setup.js';

const SECRET = 'a-very-long-hs256-secret-for-wsctl-tests-0123456789';
const ISSUER = 'https://auth.example.com';
const TOKEN = 'static-token-0123456789abcdef';
const rsa = makeJwks('RSA', 'rsa-1');
const ec = makeJwks('EC', 'ec-1');
const other = makeJwks('RSA', 'rsa-1');
let gw: Scenario;

const claims = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  iss: ISSUER,
  aud: 'chat',
  sub: 'user-42',
  exp: now() + 300,
  ...extra,
});
const bearer = (token: string): { headers: Record<string, string> } => ({ headers: { Authorization: `Bearer ${token}` } });

beforeAll(async () => {
  const files = workDir('auth-files');
  const jwks = JSON.stringify({ keys: [...JSON.parse(rsa.jwks).keys, ...JSON.parse(ec.jwks).keys] });
  writeFileSync(join(files, 'jwks.json'), jwks);
  writeFileSync(join(files, 'hmac.secret'), `${SECRET}\n`);
  writeFileSync(join(files, 'tokens.txt'), `# api tokens\n${TOKEN}\n`);
  gw = await scenario('auth', 1, (port, endpoints) => ({
    listeners: [{ name: 'public', port, address: '127.0.0.1' }],
    routes: [
      { name: 'hs', match: { path: '/hs' }, backend: 'app', auth: { jwt: 'hmac' } },
      { name: 'rs', match: { path: '/rs' }, backend: 'app', auth: { jwt: 'keys' } },
      { name: 'origin', match: { path: '/origin' }, backend: 'app', allowedOrigins: ['https://good.example.com'] },
      { name: 'static', match: { path: '/static' }, backend: 'app', auth: { bearer: { tokensFile: join(files, 'tokens.txt') } } },
    ],
    backends: [{ name: 'app', endpoints: [endpoints[0]!] }],
    authProviders: [
      {
        name: 'hmac',
        jwt: {
          issuer: ISSUER,
          audiences: ['chat'],
          hmacSecretFile: join(files, 'hmac.secret'),
          tokenFrom: [{ header: 'Authorization' }, { queryParam: 'access_token' }],
          forwardClaims: { sub: 'X-User-Id', tenant: 'X-Tenant' } as Record<string, string>,
        },
      },
      { name: 'keys', jwt: { issuer: ISSUER, audiences: ['chat', 'chat-mobile'], jwksFile: join(files, 'jwks.json'), forwardClaims: { sub: 'X-User-Id' } as Record<string, string> } },
    ],
  }));
});

describe('nginx: JWT auth (njs)', () => {
  it('lets a good HS256 token through and forwards its claims as headers', async () => {
    const { ws } = await mustConnect(`${gw.base}/hs`, bearer(signHs256(claims({ tenant: 'acme' }), SECRET)));
    const seen = await whoami(ws);
    expect(seen.headers['x-user-id']).toBe('user-42');
    expect(seen.headers['x-tenant']).toBe('acme');
    ws.close();
  });

  it('reads the token from the query parameter too (copied for the auth subrequest)', async () => {
    const { ws } = await mustConnect(`${gw.base}/hs?access_token=${signHs256(claims(), SECRET)}`);
    expect((await whoami(ws)).headers['x-user-id']).toBe('user-42');
    ws.close();
  });

  it('drops a client-sent copy of a claim header', async () => {
    const token = signHs256(claims({ sub: undefined }), SECRET);
    const { ws } = await mustConnect(`${gw.base}/hs`, { headers: { Authorization: `Bearer ${token}`, 'X-User-Id': 'admin' } });
    expect((await whoami(ws)).headers['x-user-id']).toBeUndefined();
    ws.close();
  });

  it.each([
    ['missing', undefined],
    ['expired', signHs256(claims({ exp: now() - 120 }), SECRET)],
    ['not yet valid', signHs256(claims({ nbf: now() + 120 }), SECRET)],
    ['bad signature', signHs256(claims(), `${SECRET}-wrong`)],
    ['wrong audience', signHs256(claims({ aud: 'billing' }), SECRET)],
    ['wrong issuer', signHs256(claims({ iss: 'https://evil.example.com' }), SECRET)],
    ['alg none', `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}.`],
    ['garbage', 'not.a.jwt'],
  ])('refuses a %s HS256 token with 401 and no reason in the body', async (_name, token) => {
    const result = await connect(`${gw.base}/hs`, token ? bearer(token) : {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.status).toBe(401);
    expect(result.body).not.toMatch(/expired|signature|audience|issuer/i);
  });

  it('accepts an expired token within the clock skew (30s)', async () => {
    const { ws } = await mustConnect(`${gw.base}/hs`, bearer(signHs256(claims({ exp: now() - 10 }), SECRET)));
    ws.close();
  });

  it('verifies RS256 and ES256 tokens against the JWKS, with any listed audience', async () => {
    const rs = await mustConnect(`${gw.base}/rs`, bearer(signAsymmetric(claims({ aud: ['x', 'chat-mobile'] }), rsa.privateKey, 'rsa-1')));
    expect((await whoami(rs.ws)).headers['x-user-id']).toBe('user-42');
    rs.ws.close();
    const es = await mustConnect(`${gw.base}/rs`, bearer(signAsymmetric(claims(), ec.privateKey, 'ec-1')));
    es.ws.close();
  });

  it('refuses RS256 tokens signed by another key, with the wrong audience, or an HS256 token signed with the public key', async () => {
    for (const token of [
      signAsymmetric(claims(), other.privateKey, 'rsa-1'),
      signAsymmetric(claims({ aud: 'billing' }), rsa.privateKey, 'rsa-1'),
      signHs256(claims(), JSON.parse(rsa.jwks).keys[0].n as string),
    ]) {
      const result = await connect(`${gw.base}/rs`, bearer(token));
      expect(result.ok ? 101 : result.status).toBe(401);
    }
  });
});

describe('nginx: static bearer tokens', () => {
  it('accepts a listed token and refuses others with 401', async () => {
    (await mustConnect(`${gw.base}/static`, bearer(TOKEN))).ws.close();
    for (const options of [{}, bearer(`${TOKEN}x`), { headers: { Authorization: TOKEN } }]) {
      const result = await connect(`${gw.base}/static`, options);
      expect(result.ok ? 101 : result.status).toBe(401);
    }
  });
});

describe('nginx: Origin allowlist', () => {
  it('accepts the exact allowed Origin', async () => {
    (await mustConnect(`${gw.base}/origin`, { origin: 'https://good.example.com' })).ws.close();
  });

  it.each([
    ['a wrong Origin', { Origin: 'https://evil.example.com' }],
    ['a missing Origin', {}],
    ['a prefix-extended Origin', { Origin: 'https://good.example.com.evil.com' }],
    ['a comma-joined Origin', { Origin: 'https://good.example.com, https://evil.example.com' }],
    ['a duplicated Origin (good first)', { Origin: ['https://good.example.com', 'https://evil.example.com'] }],
  ])('refuses %s with 403', async (_name, headers: Record<string, string | string[]>) => {
    const res = await httpGet(`http://127.0.0.1:${gw.port}/origin`, {
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      ...headers,
    });
    expect(res.status).toBe(403);
  });
});

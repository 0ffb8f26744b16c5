import type { ClientOptions } from 'ws';
import { beforeAll, describe, expect, it } from 'vitest';
import { connect, mustConnect, whoami } from '../harness/ws-client.js';
import type { Route } from '../../../src/spec/types.generated.js';
import { scenario, type Scenario } from './setup.js';

let gw: Scenario;

beforeAll(async () => {
  gw = await scenario('affinity', 3, (port, endpoints) => {
    const eps = endpoints as [{ address: string; port: number }, ...{ address: string; port: number }[]];
    return {
      listeners: [{ name: 'public', port, address: '127.0.0.1' }],
      routes: ['cookie', 'ip', 'header', 'query'].map((name) => ({ name, match: { path: `/${name}` }, backend: name })) as [Route, ...Route[]],
      backends: [
        { name: 'cookie', endpoints: eps, affinity: { type: 'cookie', cookie: { name: 'WSAFFINITY', ttl: '1h' } } },
        { name: 'ip', endpoints: eps, affinity: { type: 'sourceIp' } },
        { name: 'header', endpoints: eps, affinity: { type: 'header', header: { name: 'X-Session' } } },
        { name: 'query', endpoints: eps, affinity: { type: 'queryParam', queryParam: { name: 'sid' } } },
      ],
    };
  });
});

/** Which backend serves a handshake to path with these options. */
async function backendFor(path: string, options: ClientOptions = {}): Promise<string> {
  const { ws } = await mustConnect(`${gw.base}${path}`, options);
  const { id } = await whoami(ws);
  ws.close();
  return id;
}

/** Backend ids for 20 reconnects with one key, and for 20 different keys. */
async function stickAndSpread(same: () => Promise<string>, different: (i: number) => Promise<string>): Promise<{ sticky: Set<string>; spread: Set<string> }> {
  const sticky = new Set<string>();
  for (let i = 0; i < 20; i++) sticky.add(await same());
  const spread = new Set(await Promise.all(Array.from({ length: 20 }, (_, i) => different(i))));
  return { sticky, spread };
}

describe('nginx: affinity keeps a client on one backend and spreads different clients', () => {
  it('cookie: sets the cookie on the 101 only when absent, then sticks to it', async () => {
    const first = await connect(`${gw.base}/cookie`);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    first.ws.close();
    const setCookie = first.headers['set-cookie']?.[0] ?? '';
    expect(setCookie).toMatch(/^WSAFFINITY=[0-9a-f]{32}; Path=\/; Max-Age=3600; HttpOnly; SameSite=Lax$/);
    const cookie = setCookie.split(';')[0]!;
    const again = await connect(`${gw.base}/cookie`, { headers: { Cookie: cookie } });
    expect(again.ok && again.headers['set-cookie']).toBeUndefined();
    if (again.ok) again.ws.close();
    const { sticky, spread } = await stickAndSpread(
      () => backendFor('/cookie', { headers: { Cookie: cookie } }),
      // without the cookie, clients spread by address (the source-IP fallback)
      (i) => backendFor('/cookie', { localAddress: `127.0.${i + 1}.${i * 11 + 3}` }),
    );
    expect(sticky.size).toBe(1);
    expect(spread.size).toBeGreaterThan(1);
  });

  it('sourceIp: one client address sticks, different addresses spread', async () => {
    const { sticky, spread } = await stickAndSpread(
      () => backendFor('/ip', { localAddress: '127.0.0.1' }),
      (i) => backendFor('/ip', { localAddress: `127.0.${i + 1}.${i + 2}` }),
    );
    expect(sticky.size).toBe(1);
    expect(spread.size).toBeGreaterThan(1);
  });

  it('header: one X-Session value sticks, different values spread', async () => {
    const { sticky, spread } = await stickAndSpread(
      () => backendFor('/header', { headers: { 'X-Session': 'session-a' } }),
      (i) => backendFor('/header', { headers: { 'X-Session': `session-${i}` } }),
    );
    expect(sticky.size).toBe(1);
    expect(spread.size).toBeGreaterThan(1);
  });

  it('queryParam: one sid sticks, different sids spread', async () => {
    const { sticky, spread } = await stickAndSpread(
      () => backendFor('/query?sid=abc'),
      (i) => backendFor(`/query?sid=s${i}`),
    );
    expect(sticky.size).toBe(1);
    expect(spread.size).toBeGreaterThan(1);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { closedWithin, connect, mustConnect, roundTrip } from '../harness/ws-client.js';
import { scenario, type Scenario } from './setup.js';

let gw: Scenario;
let small: Scenario;

beforeAll(async () => {
  gw = await scenario('limits', 1, (port, endpoints) => ({
    listeners: [{ name: 'public', port, address: '127.0.0.1' }],
    routes: [
      { name: 'idle', match: { path: '/idle' }, backend: 'app', websocket: { idleTimeout: '2s' } },
      { name: 'conn', match: { path: '/conn' }, backend: 'app', rateLimit: { connectionsPerClient: 2 } },
      { name: 'rate', match: { path: '/rate' }, backend: 'app', rateLimit: { handshakesPerSecondPerClient: 1, burst: 2 } },
      { name: 'capped', match: { path: '/capped' }, backend: 'capped' },
    ],
    backends: [
      { name: 'app', endpoints: [endpoints[0]!] },
      { name: 'capped', endpoints: [endpoints[0]!], maxConnections: 2 },
    ],
  }));
  small = await scenario('capacity', 1, (port, endpoints) => ({
    listeners: [{ name: 'public', port, address: '127.0.0.1' }],
    routes: [{ name: 'ws', match: { path: '/ws' }, backend: 'app' }],
    backends: [{ name: 'app', endpoints: [endpoints[0]!] }],
    limits: { maxConnections: 16 },
  }));
});

describe('nginx: timeouts and limits', () => {
  it('closes an idle socket after idleTimeout (2s) while a pinging socket stays open', async () => {
    const idle = (await mustConnect(`${gw.base}/idle`)).ws;
    const busy = (await mustConnect(`${gw.base}/idle`)).ws;
    const opened = Date.now();
    const timer = setInterval(() => void roundTrip(busy, 'ping').catch(() => undefined), 500);
    const idleClosed = closedWithin(idle, 4_000).then((code) => ({ code, after: Date.now() - opened }));
    const busyState = await closedWithin(busy, 4_000);
    clearInterval(timer);
    const { code, after } = await idleClosed;
    expect(code).not.toBe('open');
    expect(after).toBeGreaterThanOrEqual(1_800);
    expect(after).toBeLessThan(3_500);
    expect(busyState).toBe('open');
    busy.close();
  });

  it('refuses a third concurrent socket from one client with 429 and admits it once one closes', async () => {
    const a = (await mustConnect(`${gw.base}/conn`)).ws;
    const b = (await mustConnect(`${gw.base}/conn`)).ws;
    const third = await connect(`${gw.base}/conn`);
    expect(third.ok ? 101 : third.status).toBe(429);
    a.close();
    await closedWithin(a, 1_000);
    await new Promise((r) => setTimeout(r, 200));
    (await mustConnect(`${gw.base}/conn`)).ws.close();
    b.close();
  });

  it('limits handshakes per second per client beyond the burst with 429', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => connect(`${gw.base}/rate`)));
    const accepted = results.filter((r) => r.ok);
    const refused = results.filter((r) => !r.ok);
    for (const r of results) if (r.ok) r.ws.close();
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    expect(accepted.length).toBeLessThanOrEqual(4);
    expect(refused.every((r) => !r.ok && r.status === 429)).toBe(true);
  });

  it('caps a backend at maxConnections with 503', async () => {
    const open = [(await mustConnect(`${gw.base}/capped`)).ws, (await mustConnect(`${gw.base}/capped`)).ws];
    const over = await connect(`${gw.base}/capped`);
    expect(over.ok ? 101 : over.status).toBe(503);
    for (const ws of open) ws.close();
  });

  it('caps the whole gateway at limits.maxConnections (16) with 503', async () => {
    const open = await Promise.all(Array.from({ length: 16 }, async () => (await mustConnect(`${small.base}/ws`)).ws));
    const over = await connect(`${small.base}/ws`);
    expect(over.ok ? 101 : over.status).toBe(503);
    for (const ws of open) ws.close();
  });
});

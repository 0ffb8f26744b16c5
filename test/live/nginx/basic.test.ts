import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { connect, mustConnect, roundTrip, whoami } from '../harness/ws-client.js';
import { httpGet } from './http.js';
import { nginxPrefix } from './runner.js';
import { scenario, type Scenario } from './setup.js';

let gw: Scenario;

beforeAll(async () => {
  gw = await scenario('basic', 1, (port, endpoints) => ({
    listeners: [{ name: 'public', port, address: '127.0.0.1' }],
    routes: [
      { name: 'ws', match: { path: '/ws' }, backend: 'app' },
      { name: 'mixed', match: { path: '/mixed' }, backend: 'app', websocket: { plainHttp: 'proxy' } },
    ],
    backends: [{ name: 'app', endpoints: [endpoints[0]!] }],
    accessLog: { format: 'json' },
  }));
});

describe('nginx: WebSocket proxying', () => {
  it('upgrades and echoes text, binary and a 1 MB message both ways', async () => {
    const { ws } = await mustConnect(`${gw.base}/ws`);
    const text = await roundTrip(ws, 'hello');
    expect(text).toMatchObject({ isBinary: false });
    expect(text.data.toString()).toBe('hello');
    const bytes = Buffer.from([0, 1, 2, 255, 254]);
    const binary = await roundTrip(ws, bytes);
    expect(binary.isBinary).toBe(true);
    expect(Buffer.compare(binary.data, bytes)).toBe(0);
    const big = Buffer.alloc(1024 * 1024, 7);
    big[12345] = 1;
    const echoed = await roundTrip(ws, big);
    expect(echoed.data.length).toBe(big.length);
    expect(Buffer.compare(echoed.data, big)).toBe(0);
    ws.close();
  });

  it('forwards Host, X-Forwarded-For/Proto/Host and X-Real-IP, and overwrites a spoofed X-Forwarded-For', async () => {
    const { ws } = await mustConnect(`${gw.base}/ws`, { headers: { 'X-Forwarded-For': '6.6.6.6' } });
    const seen = await whoami(ws);
    expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen.headers['x-real-ip']).toBe('127.0.0.1');
    expect(seen.headers['x-forwarded-proto']).toBe('http');
    expect(seen.headers.host).toBe(`127.0.0.1:${gw.port}`);
    expect(seen.headers.upgrade).toBe('websocket');
    ws.close();
  });

  it('answers a plain GET on a websocket-only route with 426 and Upgrade: websocket', async () => {
    const res = await httpGet(`http://127.0.0.1:${gw.port}/ws`);
    expect(res.status).toBe(426);
    expect(res.headers.upgrade).toBe('websocket');
  });

  it('refuses an h2c upgrade (no 101, nothing tunnelled)', async () => {
    const h2c = { Connection: 'Upgrade, HTTP2-Settings', Upgrade: 'h2c', 'HTTP2-Settings': 'AAMAAABkAAQAAP__' };
    expect((await httpGet(`http://127.0.0.1:${gw.port}/ws`, h2c)).status).toBe(426);
    const before = gw.backends[0]!.plainRequests.length;
    const proxied = await httpGet(`http://127.0.0.1:${gw.port}/mixed`, h2c);
    expect(proxied.status).toBe(200);
    const seen = gw.backends[0]!.plainRequests.slice(before);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.headers.upgrade).toBeUndefined();
    expect(seen[0]!.headers.connection ?? '').not.toMatch(/upgrade/i);
  });

  it('proxies plain HTTP on a plainHttp: proxy route', async () => {
    const res = await httpGet(`http://127.0.0.1:${gw.port}/mixed/page`);
    expect(res.status).toBe(200);
    expect(res.body).toBe('plain:b0');
  });

  it('serves its own /healthz and 404 for unrouted paths', async () => {
    expect((await httpGet(`http://127.0.0.1:${gw.port}/healthz`)).status).toBe(200);
    expect((await connect(`${gw.base}/elsewhere`)).ok).toBe(false);
    expect((await httpGet(`http://127.0.0.1:${gw.port}/elsewhere`)).status).toBe(404);
  });

  it('logs one JSON line per closed socket with duration, bytes and status, without the query string', async () => {
    const { ws } = await mustConnect(`${gw.base}/ws/room?access_token=secret-token-value`);
    await roundTrip(ws, 'x'.repeat(5000));
    await new Promise((r) => setTimeout(r, 300));
    ws.close();
    const logFile = join(nginxPrefix(gw.gateway), 'access.log');
    const deadline = Date.now() + 5_000;
    let line: Record<string, unknown> | undefined;
    while (!line && Date.now() < deadline) {
      line = readFileSync(logFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l.path === '/ws/room' && l.status === 101);
      if (!line) await new Promise((r) => setTimeout(r, 100));
    }
    expect(line).toBeDefined();
    expect(line!.route).toBe('ws');
    expect(Number(line!.duration_s)).toBeGreaterThanOrEqual(0.3);
    expect(Number(line!.bytes_to_client)).toBeGreaterThan(5000);
    expect(Number(line!.bytes_to_upstream)).toBeGreaterThan(5000);
    expect(readFileSync(logFile, 'utf8')).not.toContain('secret-token-value');
  });
});

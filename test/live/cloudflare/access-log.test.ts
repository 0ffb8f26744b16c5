/**
 * The Worker's degraded access log, live under workerd: one JSON line per request when its answer is
 * known (a Worker never sees an upgraded socket close), with the route, status and path but never the
 * query string.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../src/spec/types.generated.js';
import { startEchoBackend } from '../harness/echo-backend.js';
import { makeWorkDir } from '../harness/gateway.js';
import { freePort } from '../harness/ports.js';
import { mustConnect, roundTrip } from '../harness/ws-client.js';
import { eventually } from '../parity/kit.js';
import { cloudflareRunner, workerdUnavailable } from './runner.js';

const unavailable = workerdUnavailable();
const work = makeWorkDir('cloudflare-log');
const stops: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
  work.cleanup();
});

describe.skipIf(unavailable !== undefined)('the Worker access log', () => {
  it('writes one JSON line per request with route, status and path, without the query string', async () => {
    const backend = await startEchoBackend('b0');
    stops.push(() => backend.close());
    const port = await freePort();
    const spec: Gateway = {
      apiVersion: 'wsctl/v1',
      kind: 'Gateway',
      metadata: { name: 'logged' },
      spec: {
        listeners: [{ name: 'public', port, address: '127.0.0.1' }],
        routes: [{ name: 'ws', match: { path: '/ws' }, backend: 'app' }],
        backends: [{ name: 'app', endpoints: [{ address: '127.0.0.1', port: backend.port }] }],
        accessLog: { format: 'json' },
      },
    };
    const gateway = await cloudflareRunner.start(spec, work.dir);
    stops.push(() => gateway.stop());
    const { ws } = await mustConnect(`ws://127.0.0.1:${port}/ws/logged?token=secret-in-query`);
    expect((await roundTrip(ws, 'hi')).data.toString()).toBe('hi');
    ws.close();
    const line = (): Record<string, unknown> | undefined =>
      gateway
        .logs()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((entry) => entry['path'] === '/ws/logged');
    await eventually(() => line() !== undefined, 3_000, 'an access line');
    expect(line()).toMatchObject({ gateway: 'logged', route: 'ws', status: 101, upgrade: true, upstream: `http://127.0.0.1:${backend.port}` });
    expect(gateway.logs()).not.toContain('secret-in-query');
  });
});

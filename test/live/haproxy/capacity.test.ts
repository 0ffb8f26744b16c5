import { afterAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../src/spec/types.generated.js';
import { startEchoBackend, type EchoBackend } from '../harness/echo-backend.js';
import { makeWorkDir, type RunningGateway } from '../harness/gateway.js';
import { freePort } from '../harness/ports.js';
import { stopAllProcesses } from '../harness/processes.js';
import { closedWithin, connect, mustConnect, roundTrip } from '../harness/ws-client.js';
import { haproxyRunner } from './runner.js';

const work = makeWorkDir('haproxy-capacity');
const LIMIT = 16;
afterAll(async () => {
  await stopAllProcesses();
  work.cleanup();
});

/** A gateway with limits.maxConnections = LIMIT over one echo backend, on two listeners (the limit is gateway-wide). */
async function start(accessLog: boolean): Promise<{ gateway: RunningGateway; ports: number[]; backend: EchoBackend }> {
  const backend = await startEchoBackend('b0');
  const ports = [await freePort(), await freePort()];
  const spec: Gateway = {
    apiVersion: 'wsctl/v1',
    kind: 'Gateway',
    metadata: { name: 'capacity' },
    spec: {
      listeners: [
        { name: 'l0', port: ports[0]!, address: '127.0.0.1' },
        { name: 'l1', port: ports[1]!, address: '127.0.0.1' },
      ],
      routes: [{ name: 'ws', match: { path: '/ws' }, backend: 'app' }],
      backends: [{ name: 'app', endpoints: [{ address: '127.0.0.1', port: backend.port }] }],
      limits: { maxConnections: LIMIT },
      accessLog: { enabled: accessLog },
    },
  };
  return { gateway: await haproxyRunner.start(spec, work.dir), ports, backend };
}

async function eventually(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const refusalLines = (gateway: RunningGateway): string[] => gateway.logs().split('\n').filter((l) => /"status":503|status=503/.test(l));

describe('haproxy over limits.maxConnections', () => {
  for (const accessLog of [true, false]) {
    it(`answers the connection over the limit with a prompt, logged 503 and leaves the open sockets alone (access log ${accessLog ? 'on' : 'off'})`, async () => {
      const { gateway, ports, backend } = await start(accessLog);
      try {
        // spread over both listeners: the count is gateway-wide
        const open = [];
        for (let i = 0; i < LIMIT; i++) open.push((await mustConnect(`ws://127.0.0.1:${ports[i % 2]}/ws`)).ws);
        const started = Date.now();
        const over = await connect(`ws://127.0.0.1:${ports[1]}/ws`, { handshakeTimeout: 5_000 });
        const ms = Date.now() - started;
        expect(over.ok ? 101 : over.status).toBe(503);
        expect(ms, 'refused promptly').toBeLessThan(1_000);
        await eventually(() => refusalLines(gateway).length === 1, 3_000, 'one log line for the refusal');
        if (!accessLog) expect(gateway.logs(), 'without an access log only the refusal is logged').not.toMatch(/"status":101/);
        const echoes = await Promise.all(open.map(async (ws, i) => (await roundTrip(ws, `still ${i}`)).data.toString()));
        expect(echoes).toEqual(open.map((_, i) => `still ${i}`));
        expect(backend.openSockets()).toBe(LIMIT);
        open[0]?.close();
        if (open[0]) await closedWithin(open[0], 2_000);
        await eventually(async () => {
          const next = await connect(`ws://127.0.0.1:${ports[0]}/ws`);
          if (next.ok) open.push(next.ws);
          return next.ok;
        }, 3_000, 'a slot frees when a socket closes');
        for (const ws of open) ws.close();
      } finally {
        await gateway.stop();
        await backend.close();
      }
    });
  }
});

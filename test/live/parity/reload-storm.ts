/**
 * Parity scenario of drain under churn: a live socket must outlive any number of reloads within
 * drainTimeout (HAProxy's `mworker-max-reloads 10` used to kill it at the 11th, whatever drainTimeout said).
 */
import { expect } from 'vitest';
import type WebSocket from 'ws';
import { mustConnect, roundTrip } from '../harness/ws-client.js';
import { launch, simpleSpec } from './kit.js';
import type { ParityScenario } from './scenarios.js';

/** Reloads in a row: twice the cap HAProxy used to apply, plus one (the spec's generation budget is above it). */
const RELOADS = 21;

/** The echo of text, or why not: a socket already closed or a reply that never comes fails at once. */
async function echo(ws: WebSocket, text: string): Promise<string> {
  if (ws.readyState !== ws.OPEN) return `socket closed (readyState ${ws.readyState})`;
  const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('no reply within 3 s'), 3_000).unref());
  return Promise.race([roundTrip(ws, text).then((r) => r.data.toString(), (error: unknown) => String(error)), timeout]);
}

export const RELOAD_STORM_SCENARIOS: ParityScenario[] = [
  {
    name: `keeps live sockets through ${RELOADS} reloads in a row within drainTimeout`,
    features: ['drain', 'drain-repeated-reloads'],
    async run(ctx) {
      const { base, gateway } = await launch(ctx, 1, (p, eps) => simpleSpec(p, eps, {}, {}, { limits: { drainTimeout: '2m', maxDrainingGenerations: 32 } }));
      const first = (await mustConnect(`${base}/ws`)).ws;
      first.on('error', () => undefined);
      // one more socket in some later generations, so several draining workers hold live sockets at once
      const later: WebSocket[] = [];
      for (let i = 1; i <= RELOADS; i++) {
        await gateway.reload();
        expect(await echo(first, `after reload ${i}`), `first socket after reload ${i}`).toBe(`after reload ${i}`);
        if (i % 7 === 0) {
          const { ws } = await mustConnect(`${base}/ws`);
          ws.on('error', () => undefined);
          later.push(ws);
        }
      }
      for (const [i, ws] of [first, ...later].entries()) expect(await echo(ws, `end ${i}`)).toBe(`end ${i}`);
      for (const ws of [first, ...later]) ws.close();
    },
  },
];

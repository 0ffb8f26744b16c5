import { writeFileSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { watchAndReload, type WatchRun } from '../../../src/reload/watch.js';
import { makeWorkDir } from '../harness/gateway.js';
import { mustConnect, roundTrip } from '../harness/ws-client.js';
import { simpleSpec } from '../parity/kit.js';
import { gatewayOf, startFixture, type ReloadFixture } from './kit.js';

const work = makeWorkDir('reload-watch');
const fixtures: ReloadFixture[] = [];
afterEach(async () => {
  for (const f of fixtures.splice(0)) await f.stop();
});
afterAll(() => work.cleanup());

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('wsctl reload --watch', () => {
  it('coalesces a burst of spec edits into one checked reload of nginx', async () => {
    const f = await startFixture('nginx', work.dir, 1, (port, eps) => simpleSpec(port, eps));
    fixtures.push(f);
    const { ws } = await mustConnect(`${f.base}/ws`);
    const runs: WatchRun[] = [];
    const abort = new AbortController();
    const watching = watchAndReload({ file: f.specFile, target: 'nginx', outDir: f.gateway.outDir, allowDegraded: true }, 400, (run) => runs.push(run), abort.signal);
    try {
      while (runs.length < 1) await sleep(20);
      expect(runs[0]?.report.decision).toBe('unchanged');
      // five edits 60 ms apart: a burst, shorter than the 400 ms quiet time between any two of them
      for (let i = 1; i <= 5; i++) {
        writeFileSync(f.specFile, stringify(gatewayOf(simpleSpec(f.port, f.endpoints, { websocket: { idleTimeout: `${60 + i}s` } }))));
        await sleep(60);
      }
      const deadline = Date.now() + 15_000;
      while (runs.length < 2 && Date.now() < deadline) await sleep(50);
      await sleep(1_500);
      expect(runs.map((r) => r.report.decision)).toEqual(['unchanged', 'reload']);
      expect(runs[1]?.events).toBeGreaterThanOrEqual(5);
      expect(f.read('nginx.conf')).toContain('proxy_read_timeout "65s"');
      expect((await roundTrip(ws, 'through the burst')).data.toString()).toBe('through the burst');
    } finally {
      abort.abort();
      await watching;
      ws.terminate();
    }
  });
});

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { reloadLockPath } from '../../../src/reload/lock.js';
import { watchAndReload, type WatchRun } from '../../../src/reload/watch.js';
import { makeWorkDir } from '../harness/gateway.js';
import { mustConnect, roundTrip } from '../harness/ws-client.js';
import { simpleSpec } from '../parity/kit.js';
import type WebSocket from 'ws';
import { closedWithin } from '../harness/ws-client.js';
import { gatewayOf, RELOAD_TARGETS, startFixture, type ReloadFixture } from './kit.js';

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

describe.each(RELOAD_TARGETS)('wsctl reload --watch on %s', (target) => {
  it('holds generations made by reloads outside wsctl to limits.maxDrainingGenerations, without any spec change', { timeout: 60_000 }, async () => {
    const spec = (port: number, eps: Parameters<typeof simpleSpec>[1]) => simpleSpec(port, eps, {}, {}, { limits: { drainTimeout: '10m', maxDrainingGenerations: 1 } });
    const f = await startFixture(target, work.dir, 1, spec);
    fixtures.push(f);
    const config = f.read(target === 'nginx' ? 'nginx.conf' : 'haproxy.cfg');
    const runs: WatchRun[] = [];
    const abort = new AbortController();
    const watching = watchAndReload({ file: f.specFile, target, outDir: f.gateway.outDir, allowDegraded: true }, 400, (run) => runs.push(run), abort.signal, 250);
    const held: WebSocket[] = [];
    try {
      while (runs.length < 1) await sleep(20);
      // while another wsctl reload holds the folder's lock (a live pid that is not the watch's), checks skip
      const lock = reloadLockPath(join(f.gateway.outDir, target));
      writeFileSync(lock, `${process.ppid}\n`);
      // two reloads the way a user or systemd makes them (nginx -s reload; SIGUSR2 to the haproxy master),
      // each leaving a socket on the generation it retires: two draining, one over the budget
      for (let i = 0; i < 2; i++) {
        held.push((await mustConnect(`${f.base}/ws`)).ws);
        await f.gateway.reload();
      }
      await sleep(1_000);
      expect(runs.filter((r) => r.trigger === 'budget')).toEqual([]);
      expect((await roundTrip(held[0]!, 'oldest, while locked')).data.toString()).toBe('oldest, while locked');
      rmSync(lock);
      // generous: on a loaded machine a check may wait seconds for the HAProxy master CLI
      const deadline = Date.now() + 35_000;
      while (!runs.some((r) => r.trigger === 'budget') && Date.now() < deadline) await sleep(50);
      const check = runs.find((r) => r.trigger === 'budget');
      expect(check?.report.steps.map((s) => s.kind)).toEqual(['budget']);
      expect(check?.report.steps[0]?.message).toMatch(/closed the oldest draining generation .*: 2 draining generations exceed limits\.maxDrainingGenerations 1/);
      expect(check?.report.status?.draining).toBe(1);
      expect(await closedWithin(held[0]!, 5_000)).not.toBe('open');
      expect((await roundTrip(held[1]!, 'second generation')).data.toString()).toBe('second generation');
      // no spec change, no run of it: only the first, and the file on disk as it was
      expect(runs.filter((r) => r.trigger === 'spec')).toHaveLength(1);
      expect(f.read(target === 'nginx' ? 'nginx.conf' : 'haproxy.cfg')).toBe(config);
      // within budget now: later checks close nothing and report nothing
      await sleep(1_000);
      expect(runs.filter((r) => r.trigger === 'budget')).toHaveLength(1);
    } finally {
      abort.abort();
      await watching;
      for (const ws of held) ws.terminate();
    }
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import type { GatewaySpec } from '../../../src/spec/types.generated.js';
import { generateCerts, type TestCerts } from '../harness/certs.js';
import { makeWorkDir } from '../harness/gateway.js';
import { closedWithin, mustConnect, roundTrip, whoami } from '../harness/ws-client.js';
import { wsctlInProcess } from '../../unit/cli/in-process.js';
import { simpleSpec, type Endpoints } from '../parity/kit.js';
import { currentPids, RELOAD_TARGETS, startFixture, type ReloadFixture } from './kit.js';

const work = makeWorkDir('reload');
let certs: TestCerts;
const fixtures: ReloadFixture[] = [];
const sockets: WebSocket[] = [];

beforeAll(() => {
  certs = generateCerts(`${work.dir}/certs`);
});
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  for (const f of fixtures.splice(0)) await f.stop();
});
afterAll(() => work.cleanup());

async function open(url: string): Promise<WebSocket> {
  const { ws } = await mustConnect(url);
  ws.on('error', () => undefined);
  sockets.push(ws);
  return ws;
}

async function echoes(ws: WebSocket, text: string): Promise<string> {
  return (await roundTrip(ws, text)).data.toString();
}

async function start(target: (typeof RELOAD_TARGETS)[number], count: number, build: (port: number, eps: Endpoints) => GatewaySpec): Promise<ReloadFixture> {
  const fixture = await startFixture(target, work.dir, count, build);
  fixtures.push(fixture);
  return fixture;
}

describe('wsctl reload on HAProxy: endpoint-only changes', () => {
  it('adds, reweights and removes endpoints through the Runtime API: same worker, live sockets stay, new endpoints get traffic', async () => {
    const base = (port: number, eps: Endpoints): GatewaySpec => simpleSpec(port, eps.slice(0, 1));
    const f = await start('haproxy', 2, base);
    const first = await f.apply(base(f.port, f.endpoints));
    expect(first.report.decision).toBe('unchanged');
    const worker = currentPids(first.report);
    expect(worker).toHaveLength(1);
    const s1 = await open(`${f.base}/ws`);
    expect((await whoami(s1)).id).toBe(f.backends[0]!.id);

    const added = await f.apply(simpleSpec(f.port, f.endpoints));
    expect(added.status, added.report.reason).toBe(0);
    expect(added.report.decision).toBe('runtime');
    expect(added.report.steps.map((s) => s.message)).toContain('add server be-app/app-2 127.0.0.1:' + f.endpoints[1]!.port + ' weight 1');
    expect(currentPids(added.report)).toEqual(worker);
    expect(added.report.status?.draining).toBe(0);
    expect(await echoes(s1, 'after add')).toBe('after add');
    // leastconn: the new endpoint holds no socket yet, so it takes the next one
    const s2 = await open(`${f.base}/ws`);
    expect((await whoami(s2)).id).toBe(f.backends[1]!.id);

    // b0 removed, b1 (now the only endpoint) weighted 3: app-1 moves to b1's address, app-2 goes
    const removed = await f.apply(simpleSpec(f.port, [{ ...f.endpoints[1]!, weight: 3 }] as unknown as Endpoints));
    expect(removed.report.decision, removed.report.reason).toBe('runtime');
    expect(currentPids(removed.report)).toEqual(worker);
    const messages = removed.report.steps.map((s) => s.message).join('\n');
    expect(messages).toContain(`set server be-app/app-1 addr 127.0.0.1 port ${f.endpoints[1]!.port}`);
    expect(messages).toContain('set server be-app/app-1 weight 3');
    expect(messages).toMatch(/del server be-app\/app-2: refused while live sockets remain/);
    expect(await echoes(s1, 'after remove')).toBe('after remove');
    expect(await echoes(s2, 'after remove')).toBe('after remove');
    for (let i = 0; i < 3; i++) expect((await whoami(await open(`${f.base}/ws`))).id).toBe(f.backends[1]!.id);

    // once app-2's socket is gone, the next run deletes it; the config on disk has the same server set
    s2.close();
    await closedWithin(s2, 2_000);
    const cleaned = await f.apply(simpleSpec(f.port, [{ ...f.endpoints[1]!, weight: 3 }] as unknown as Endpoints));
    expect(cleaned.report.decision).toBe('unchanged');
    expect(cleaned.report.steps.map((s) => s.message)).toContain('del server be-app/app-2');
    expect(f.read('haproxy.cfg')).toMatch(new RegExp(`server app-1 127\\.0\\.0\\.1:${f.endpoints[1]!.port} weight 3\\n`));
    expect(f.read('haproxy.cfg')).not.toContain('server app-2');
    expect(f.gateway.logs()).not.toMatch(/Reloading HAProxy/);
  });
});

describe.each(RELOAD_TARGETS)('wsctl reload on %s', (target) => {
  it('applies a route change with one checked reload; live sockets survive and the new route serves', async () => {
    const f = await start(target, 1, (port, eps) => simpleSpec(port, eps));
    const s1 = await open(`${f.base}/ws`);
    const spec = simpleSpec(f.port, f.endpoints);
    const changed = await f.apply({ ...spec, routes: [...spec.routes, { name: 'other', match: { path: '/other' }, backend: 'app' }] });
    expect(changed.status, changed.report.reason).toBe(0);
    expect(changed.report.decision).toBe('reload');
    expect(changed.report.steps.map((s) => s.kind)).toEqual(['write', 'check', 'reload', ...(changed.report.steps.some((s) => s.kind === 'budget') ? ['budget'] : [])]);
    expect(changed.report.status?.draining).toBe(1);
    expect(await echoes(s1, 'after reload')).toBe('after reload');
    expect(await echoes(await open(`${f.base}/other`), 'new route')).toBe('new route');
    const again = await f.apply({ ...spec, routes: [...spec.routes, { name: 'other', match: { path: '/other' }, backend: 'app' }] });
    expect(again.report.decision).toBe('unchanged');
  });

  it('refuses a config the proxy rejects: exit 1, the running files back on disk, the old config still serving', async () => {
    const f = await start(target, 1, (port, eps) => simpleSpec(port, eps));
    const good = await f.apply(simpleSpec(f.port, f.endpoints));
    const config = target === 'nginx' ? 'nginx.conf' : 'haproxy.cfg';
    const before = f.read(config);
    const s1 = await open(`${f.base}/ws`);
    // valid to the validator, refused by the proxy: a certificate with another certificate's key
    const spec = simpleSpec(f.port, f.endpoints);
    const bad = await f.apply({ ...spec, listeners: [{ ...spec.listeners[0]!, tls: { certFile: certs.serverCert, keyFile: certs.clientKey } }] });
    expect(bad.status).toBe(1);
    expect(bad.report.decision).toBe('refused');
    expect(bad.report.reason).toMatch(target === 'nginx' ? /key values mismatch/ : /refused the new config/);
    expect(bad.report.steps.map((s) => s.kind)).toEqual(['write', 'restore']);
    expect(f.read(config)).toBe(before);
    expect(JSON.parse(f.read('wsctl-live.json')).version).toBe(good.report.version);
    expect(await echoes(s1, 'still plain ws')).toBe('still plain ws');
    expect(await echoes(await open(`${f.base}/ws`), 'new socket')).toBe('new socket');
  });

  it('closes the oldest draining generation past limits.maxDrainingGenerations, and only it', async () => {
    const spec = (port: number, eps: Endpoints, idle: string): GatewaySpec => simpleSpec(port, eps, { websocket: { idleTimeout: idle } }, {}, { limits: { drainTimeout: '10m', maxDrainingGenerations: 2 } });
    const f = await start(target, 1, (port, eps) => spec(port, eps, '60s'));
    const held: WebSocket[] = [];
    for (const idle of ['61s', '62s', '63s']) {
      held.push(await open(`${f.base}/ws`));
      const result = await f.apply(spec(f.port, f.endpoints, idle));
      expect(result.report.decision, result.report.reason).toBe('reload');
      expect(result.report.status?.draining).toBeLessThanOrEqual(2);
    }
    const last = await f.apply(spec(f.port, f.endpoints, '63s'));
    expect(last.report.status?.draining).toBe(2);
    const status = await wsctlInProcess(['reload', f.specFile, '--target', target, '--out', f.gateway.outDir, '--allow-degraded', '--status']);
    expect(status.stdout).toMatch(/generations: 2 draining of at most 2 \(limits\.maxDrainingGenerations\), [\d.]+ MiB resident in all workers/);
    expect(status.stdout.match(/^ {2}draining workers/gm)).toHaveLength(2);
    expect(await closedWithin(held[0]!, 5_000)).not.toBe('open');
    expect(await echoes(held[1]!, 'second generation')).toBe('second generation');
    expect(await echoes(held[2]!, 'third generation')).toBe('third generation');
  });
});

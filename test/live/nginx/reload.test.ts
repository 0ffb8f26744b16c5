import { beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../src/spec/types.generated.js';
import { closedWithin, mustConnect, roundTrip } from '../harness/ws-client.js';
import { scenario, type Scenario } from './setup.js';

let gw: Scenario;
let specOf: (routes: string[]) => Gateway;

beforeAll(async () => {
  gw = await scenario('reload', 1, (port, endpoints) => {
    const spec = (paths: string[]): Gateway['spec'] => ({
      listeners: [{ name: 'public', port, address: '127.0.0.1' }],
      routes: paths.map((path) => ({ name: path.slice(1), match: { path }, backend: 'app' })) as Gateway['spec']['routes'],
      backends: [{ name: 'app', endpoints: [endpoints[0]!] }],
      limits: { drainTimeout: '3s' },
    });
    specOf = (paths) => ({ apiVersion: 'wsctl/v1', kind: 'Gateway', metadata: { name: 'reload' }, spec: spec(paths) });
    return spec(['/ws']);
  });
});

describe('nginx: reload', () => {
  it('keeps an established socket alive and talking until drainTimeout (3s), while new sockets get the new config', async () => {
    const { ws } = await mustConnect(`${gw.base}/ws`);
    await gw.gateway.reload(specOf(['/ws', '/new']));
    const reloaded = Date.now();
    expect((await roundTrip(ws, 'still here')).data.toString()).toBe('still here');
    (await mustConnect(`${gw.base}/new`)).ws.close();
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await roundTrip(ws, 'after 1.5s')).data.toString()).toBe('after 1.5s');
    const closed = await closedWithin(ws, 4_000);
    expect(closed).not.toBe('open');
    const after = Date.now() - reloaded;
    expect(after).toBeGreaterThanOrEqual(2_500);
    expect(after).toBeLessThan(5_000);
  });
});

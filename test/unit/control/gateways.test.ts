import { describe, expect, it } from 'vitest';
import { makeBundle, serializeBundle } from '../../../src/bundle/bundle.js';
import { ApiError } from '../../../src/control/api-error.js';
import { createControlPlane } from '../../../src/control/gateways.js';
import { createControlMetrics } from '../../../src/control/metrics.js';
import { createMemoryStore } from '../../../src/control/store.js';
import type { Gateway } from '../../../src/spec/types.generated.js';
import { createSnapshotCache } from '../../../src/xds/cache.js';
import { silentLogger } from '../../../src/xds/log.js';
import { createStatusBook } from '../../../src/xds/status.js';
import { TYPE_URLS } from '../../../src/xds/type-urls.js';

const gateway = (name: string, port = 9000): Gateway => ({
  apiVersion: 'wsctl/v1',
  kind: 'Gateway',
  metadata: { name },
  spec: {
    listeners: [{ name: 'public', port: 8080 }],
    routes: [{ name: 'ws', match: { path: '/ws' }, backend: 'app' }],
    backends: [{ name: 'app', endpoints: [{ address: '127.0.0.1', port }] }],
  },
});
const body = (name: string, port?: number): string => serializeBundle(makeBundle(gateway(name, port), {}));

function plane(specOwned: Record<string, string> = {}) {
  const store = createMemoryStore(3);
  const cache = createSnapshotCache();
  const status = createStatusBook();
  const metrics = createControlMetrics(() => status.nodes());
  const api = createControlPlane({ store, cache, status, log: silentLogger, metrics, allowDegraded: false, specOwner: (n) => specOwned[n] });
  return { api, store, cache };
}

const refusal = async (f: () => unknown): Promise<{ status: number; code: string }> => {
  try {
    await f();
  } catch (error) {
    if (error instanceof ApiError) return { status: error.status, code: error.code };
    throw error;
  }
  throw new Error('not refused');
};

describe('the API-managed gateways', () => {
  it('stores and serves nothing on a dry run, and nothing new for an unchanged bundle', async () => {
    const { api, store, cache } = plane();
    expect(await api.apply('chat', body('chat'), { dryRun: true })).toMatchObject({ applied: false, dryRun: true, diff: { changed: true } });
    expect([store.list(), cache.groups()]).toEqual([[], []]);
    const first = await api.apply('chat', body('chat'), { dryRun: false });
    expect(await api.apply('chat', body('chat'), { dryRun: false })).toMatchObject({ applied: false, unchanged: true, version: first.version });
    expect(api.history('chat').versions).toHaveLength(1);
  });

  it('applies with expectVersion only from that version ("" = a new gateway)', async () => {
    const { api } = plane();
    const first = await api.apply('chat', body('chat'), { dryRun: false, expectVersion: '' });
    expect(await refusal(() => api.apply('chat', body('chat', 9001), { dryRun: false, expectVersion: '' }))).toEqual({ status: 409, code: 'conflict' });
    expect((await api.apply('chat', body('chat', 9001), { dryRun: false, expectVersion: first.version })).applied).toBe(true);
  });

  it('refuses a name mismatch, a bad envelope, an unknown version and a spec-owned gateway, changing nothing', async () => {
    const { api, store } = plane({ games: 'games.yaml' });
    await api.apply('chat', body('chat'), { dryRun: false });
    const before = store.list();
    expect(await refusal(() => api.apply('chat', body('other'), { dryRun: false }))).toEqual({ status: 400, code: 'name_mismatch' });
    expect(await refusal(() => api.apply('chat', '{"apiVersion":"nope"}', { dryRun: false }))).toEqual({ status: 400, code: 'bad_bundle' });
    expect(await refusal(() => api.rollback('chat', 'ffffffffffffffff'))).toEqual({ status: 404, code: 'unknown_version' });
    expect(await refusal(() => api.apply('games', body('games'), { dryRun: false }))).toEqual({ status: 409, code: 'spec_owned' });
    expect(await refusal(() => api.remove('games'))).toEqual({ status: 409, code: 'spec_owned' });
    expect(await refusal(() => api.get('../x'))).toEqual({ status: 404, code: 'not_found' });
    expect(store.list()).toEqual(before);
  });

  it('keeps a capped history, rolls back to an earlier bundle, and forgets a deleted gateway', async () => {
    const { api, cache } = plane();
    const ports = [9000, 9001, 9002, 9003, 9004];
    const versions = [];
    for (const p of ports) versions.push(await api.apply('chat', body('chat', p), { dryRun: false }));
    expect(api.history('chat').versions.map((v) => v.version)).toEqual(versions.slice(1).reverse().map((v) => v.version));
    const target = versions[2];
    if (!target) throw new Error('no version');
    expect(await api.rollback('chat', target.version)).toMatchObject({ version: target.version, snapshotVersion: target.snapshotVersion });
    expect(cache.get('chat')?.version).toBe(target.snapshotVersion);
    await api.remove('chat');
    expect([cache.groups(), api.list()]).toEqual([[], { gateways: [] }]);
  });
});

describe('the apply → last-ACK latency', () => {
  it('is measured once every connected node ACKed, even when the next apply follows at once', async () => {
    const store = createMemoryStore();
    const cache = createSnapshotCache();
    const book = createStatusBook();
    const metrics = createControlMetrics(() => book.nodes());
    let onAck = (_group: string): void => {};
    const status = metrics.observe(book, (group) => onAck(group));
    const api = createControlPlane({ store, cache, status: book, log: silentLogger, metrics, allowDegraded: false, specOwner: () => undefined });
    onAck = api.onAck;
    const count = async (): Promise<string | undefined> => (await metrics.registry.metrics()).match(/wsctl_apply_to_last_ack_seconds_count (\d+)/)?.[1];
    await api.apply('chat', body('chat', 9000), { dryRun: false });
    status.opened('edge-1', 'chat');
    const second = await api.apply('chat', body('chat', 9001), { dryRun: false });
    status.sent('edge-1', TYPE_URLS.endpoint, 'v2');
    expect(await count()).toBe('0');
    status.acked('edge-1', TYPE_URLS.endpoint, 'v2');
    expect(api.status('chat')).toMatchObject({ converged: true, snapshotVersion: second.snapshotVersion });
    // a status that says converged has the sample in the histogram already (apply --wait reads it next)
    expect(await count()).toBe('1');
    await api.apply('chat', body('chat', 9002), { dryRun: false });
    expect(await count()).toBe('1');
  });
});

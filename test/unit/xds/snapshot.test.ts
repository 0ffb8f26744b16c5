import { describe, expect, it } from 'vitest';
import { createSnapshotCache } from '../../../src/xds/cache.js';
import { fileSnapshots } from '../../../src/xds/gateway-snapshot.js';
import { referencesOf } from '../../../src/xds/references.js';
import { discoveryTypes } from '../../../src/xds/requests.js';
import { buildSnapshot, type ResourceInput, type Snapshot } from '../../../src/xds/snapshot.js';
import { TYPE_URLS } from '../../../src/xds/type-urls.js';
import { deltaResponse, sotwResponse } from '../../../src/xds/wire.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

function snapshotOf(inputs: ResourceInput[], previous?: Snapshot): Snapshot {
  const built = buildSnapshot(inputs, previous);
  if (!built.ok) throw new Error(built.problems.join('; '));
  return built.snapshot;
}

const listener = (route: string): ResourceInput => ({ typeUrl: TYPE_URLS.listener, name: 'l', body: bytes(`l->${route}`), references: [{ typeUrl: TYPE_URLS.route, name: route }] });
const route = (name: string, body = name): ResourceInput => ({ typeUrl: TYPE_URLS.route, name, body: bytes(body) });

describe('snapshots', () => {
  it('refuse a listener whose route configuration is missing (consistency before publishing)', () => {
    const built = buildSnapshot([listener('r1')]);
    expect(built.ok).toBe(false);
    if (!built.ok) expect(built.problems).toEqual(['Listener l refers to RouteConfiguration r1, which the snapshot lacks']);
  });

  it('refuse two resources of one type with the same name', () => {
    const built = buildSnapshot([route('r'), route('r', 'other')]);
    expect(built.ok).toBe(false);
  });

  it('version resources by content: equal bytes, equal version; the snapshot version follows', () => {
    const a = snapshotOf([listener('r1'), route('r1')]);
    const b = snapshotOf([route('r1'), listener('r1')]);
    expect(b.version).toBe(a.version);
    const c = snapshotOf([listener('r1'), route('r1', 'changed')]);
    expect(c.version).not.toBe(a.version);
    expect(c.types.get(TYPE_URLS.listener)?.version).toBe(a.types.get(TYPE_URLS.listener)?.version);
    expect(c.types.get(TYPE_URLS.route)?.version).not.toBe(a.types.get(TYPE_URLS.route)?.version);
  });

  it('reuse the encoded resources of the previous snapshot when unchanged (encoded once per version)', () => {
    const a = snapshotOf([listener('r1'), route('r1'), route('r2')]);
    const b = snapshotOf([listener('r1'), route('r1'), route('r2', 'new')], a);
    expect(b.types.get(TYPE_URLS.listener)).toBe(a.types.get(TYPE_URLS.listener));
    expect(b.types.get(TYPE_URLS.route)?.resources.get('r1')).toBe(a.types.get(TYPE_URLS.route)?.resources.get('r1'));
    expect(b.types.get(TYPE_URLS.route)?.resources.get('r2')).not.toBe(a.types.get(TYPE_URLS.route)?.resources.get('r2'));
  });

  it('build each state-of-the-world body once per name set, and it decodes as a DiscoveryResponse', () => {
    const s = snapshotOf([listener('r1'), route('r1'), route('r2')]);
    const routes = s.types.get(TYPE_URLS.route);
    const body = routes?.sotwBody(new Set(['r2']));
    expect(routes?.sotwBody(new Set(['r2']))).toBe(body);
    const decoded = discoveryTypes().response.decode(sotwResponse(body?.prefix ?? new Uint8Array(), '7')).toJSON() as Record<string, unknown>;
    expect(decoded).toMatchObject({ version_info: body?.version, type_url: TYPE_URLS.route, nonce: '7' });
    expect(decoded['resources']).toEqual([{ type_url: TYPE_URLS.route, value: Buffer.from('r2').toString('base64') }]);
  });

  it('assemble delta responses that decode with per-resource versions and removals', () => {
    const s = snapshotOf([route('r1')]);
    const r1 = s.types.get(TYPE_URLS.route)?.resources.get('r1');
    const decoded = discoveryTypes().deltaResponse.decode(deltaResponse(s.version, [r1?.deltaEntry ?? new Uint8Array()], TYPE_URLS.route, '3', ['gone'])).toJSON();
    expect(decoded).toEqual({
      system_version_info: s.version,
      resources: [{ name: 'r1', version: r1?.version, resource: { type_url: TYPE_URLS.route, value: Buffer.from('r1').toString('base64') } }],
      type_url: TYPE_URLS.route,
      nonce: '3',
      removed_resources: ['gone'],
    });
  });
});

describe('references', () => {
  it('find RDS, SDS and ECDS names in a listener and the EDS name of a cluster', () => {
    const l = {
      name: 'l',
      filter_chains: [
        {
          filters: [{ name: 'hcm', typed_config: { '@type': 'x', rds: { route_config_name: 'r' }, http_filters: [{ name: 'jwt', config_discovery: { config_source: { ads: {} } } }] } }],
          transport_socket: { typed_config: { common_tls_context: { tls_certificate_sds_secret_configs: [{ name: 'cert', sds_config: { ads: {} } }] } } },
        },
      ],
    };
    expect(referencesOf(TYPE_URLS.listener, l)).toEqual([
      { typeUrl: TYPE_URLS.extension, name: 'jwt' },
      { typeUrl: TYPE_URLS.route, name: 'r' },
      { typeUrl: TYPE_URLS.secret, name: 'cert' },
    ]);
    expect(referencesOf(TYPE_URLS.cluster, { name: 'c', type: 'EDS', eds_cluster_config: { eds_config: { ads: {} } } })).toEqual([{ typeUrl: TYPE_URLS.endpoint, name: 'c' }]);
    expect(referencesOf(TYPE_URLS.cluster, { name: 'c', type: 'STRICT_DNS' })).toEqual([]);
  });
});

describe('the snapshot cache', () => {
  it('notifies watchers of a group on change only', () => {
    const cache = createSnapshotCache();
    const seen: string[] = [];
    const stop = cache.watch('chat', (s) => seen.push(s.version));
    const a = snapshotOf([route('r1')]);
    expect(cache.set('chat', a)).toBe(true);
    expect(cache.set('chat', snapshotOf([route('r1')]))).toBe(false);
    cache.set('other', snapshotOf([route('r2')]));
    stop();
    cache.set('chat', snapshotOf([route('r3')]));
    expect(seen).toEqual([a.version]);
    expect(cache.groups()).toEqual(['chat', 'other']);
  });
});

describe('gateway snapshots', () => {
  it.each(['examples/chat.yaml', 'examples/minimal.yaml', 'examples/multi-tenant.yaml', 'examples/socketio.yaml'])('compile %s into a consistent snapshot', (file) => {
    const result = fileSnapshots(file, { allowDegraded: true });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.gateways.flatMap((g) => g.diagnostics).filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.ok).toBe(true);
    for (const g of result.gateways) expect(g.snapshot?.types.get(TYPE_URLS.listener)?.resources.size).toBeGreaterThan(0);
  });

  it('compile twice to the same version, and reuse every resource', () => {
    const first = fileSnapshots('examples/chat.yaml', { allowDegraded: true }).gateways[0]?.snapshot;
    const second = fileSnapshots('examples/chat.yaml', { allowDegraded: true, previous: () => first }).gateways[0]?.snapshot;
    expect(second?.version).toBe(first?.version);
    for (const [type, t] of first?.types ?? []) expect(second?.types.get(type)).toBe(t);
  });
});

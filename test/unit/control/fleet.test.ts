import { describe, expect, it } from 'vitest';
import type { EtcdShared } from '../../../src/control/etcd-shared.js';
import { DEFAULT_LEASE_TTL_SECONDS, leaseTtlSeconds, replicaId } from '../../../src/control/fleet.js';
import { fleetKeys, REPLICA_ID } from '../../../src/control/fleet-keys.js';
import { MAX_ERROR, publishedNode, readPublishedNode } from '../../../src/control/fleet-record.js';
import { fleetView } from '../../../src/control/fleet-view.js';
import { gatewayRollout } from '../../../src/control/rollout.js';
import { silentLogger } from '../../../src/xds/log.js';
import type { Snapshot } from '../../../src/xds/snapshot.js';
import type { NodeStatus } from '../../../src/xds/status.js';
import { TYPE_URLS } from '../../../src/xds/type-urls.js';

const EDS = TYPE_URLS.endpoint;
const snapshot = (version: string): Snapshot => ({ version, types: new Map() }) as unknown as Snapshot;
const local = (id: string, types: NodeStatus['types'] = {}): NodeStatus => ({ id, group: 'chat', streams: 1, lastSeen: '2026-01-01T00:00:00.000Z', connectedSince: '2026-01-01T00:00:00.000Z', types });

/** The etcd store's side of the fleet as plain data: a mirror's entries and whether etcd answers. */
function shared(entries: Record<string, string>, unreachable?: string): EtcdShared {
  return {
    root: '/wsctl/',
    timeoutMs: 1000,
    client: () => undefined,
    unreachable: () => unreachable,
    entries: (prefix) => Object.entries(entries).filter(([key]) => key.startsWith(prefix)),
  };
}

describe('the fleet keys and records', () => {
  it('put any node id in one key segment and read it back', () => {
    const keys = fleetKeys('/wsctl/');
    for (const id of ['edge-1', 'a/b c', 'ü?#%', '']) {
      expect(keys.parseNode(keys.node('host-1-ab12', id))).toEqual({ replica: 'host-1-ab12', nodeId: id });
    }
    expect(keys.node('r', 'a/b')).toBe('/wsctl/nodes/r/a%2Fb');
    expect(keys.parseNode('/wsctl/gateways/chat')).toBeUndefined();
    expect(keys.parseNode('/wsctl/nodes/bad replica/x')).toBeUndefined();
  });

  it('name a replica by host, pid and a random suffix, fit for a key', () => {
    const [one, two] = [replicaId(), replicaId()];
    expect(one).toMatch(REPLICA_ID);
    expect(one).toContain(`-${process.pid}-`);
    expect(one).not.toBe(two);
  });

  it('take the lease TTL from whole seconds between 2 and 300, else the default', () => {
    expect(leaseTtlSeconds(undefined, silentLogger)).toBe(DEFAULT_LEASE_TTL_SECONDS);
    expect(leaseTtlSeconds('2', silentLogger)).toBe(2);
    for (const bad of ['1', '0.5', 'ten', '301']) expect(leaseTtlSeconds(bad, silentLogger)).toBe(DEFAULT_LEASE_TTL_SECONDS);
  });

  it('publish a node without lastSeen, cut a long NACK error, and read it back with its replica', () => {
    const node = local('edge-1', { [EDS]: { sentVersion: 'v2', ackedVersion: 'v1', lastNack: { version: 'v2', error: 'x'.repeat(5000), at: '2026-01-01T00:00:01.000Z' } } });
    const text = publishedNode(node, 'snap-2');
    expect(text).not.toContain('lastSeen');
    const read = readPublishedNode('r1', text);
    expect(read).toMatchObject({ id: 'edge-1', group: 'chat', streams: 1, replica: 'r1', snapshotVersion: 'snap-2', connectedSince: node.connectedSince });
    const error = read?.types[EDS]?.lastNack?.error ?? '';
    expect([error.length < MAX_ERROR + 100, error.startsWith('x'.repeat(MAX_ERROR)), error.includes('5000 characters')]).toEqual([true, true, true]);
    expect(publishedNode(node, 'snap-2')).toBe(text);
    for (const garbage of ['', '{}', '[1]', '{"id":"x","gateway":"chat","streams":1,"snapshotVersion":null,"types":{"t":{"sentVersion":3}}}']) {
      expect(readPublishedNode('r1', garbage)).toBeUndefined();
    }
  });
});

describe('the rollout over the nodes of several replicas', () => {
  it('holds a node of another replica pending, NACKs included, until its replica reported it at this snapshot', () => {
    const types = { [EDS]: { sentVersion: 'e2', ackedVersion: 'e1', lastNack: { version: 'e2', error: 'refused', at: 't' } } };
    const behind = gatewayRollout('chat', snapshot('s2'), [{ ...local('edge-b', { [EDS]: { sentVersion: 'e1', ackedVersion: 'e1' } }), replica: 'b', snapshotVersion: 's1' }]);
    expect(behind).toMatchObject({ converged: false, nacks: [], progress: { ClusterLoadAssignment: { acked: 0, total: 1 } }, nodes: [{ id: 'edge-b', replica: 'b', behind: true, converged: false }] });
    const nacked = gatewayRollout('chat', snapshot('s2'), [{ ...local('edge-b', types), replica: 'b', snapshotVersion: 's2' }]);
    expect(nacked.nacks).toEqual([{ node: 'edge-b', replica: 'b', type: 'ClusterLoadAssignment', version: 'e2', error: 'refused' }]);
    const acked = gatewayRollout('chat', snapshot('s2'), [local('edge-a', { [EDS]: { sentVersion: 'e2', ackedVersion: 'e2' } }), { ...local('edge-b', { [EDS]: { sentVersion: 'e2', ackedVersion: 'e2' } }), replica: 'b', snapshotVersion: 's2' }]);
    expect(acked).toMatchObject({ converged: true, progress: { ClusterLoadAssignment: { acked: 2, total: 2 } } });
    expect(acked.nodes[0]).not.toHaveProperty('replica');
  });
});

describe('the fleet view', () => {
  const keys = fleetKeys('/wsctl/');
  const remote = publishedNode(local('edge-b'), 's1');

  it('joins its own nodes (from memory) with the ones other replicas published, each with its replica', () => {
    const view = fleetView(shared({ [keys.replica('a')]: '{}', [keys.replica('b')]: '{}', [keys.node('a', 'edge-a')]: 'stale copy of our own', [keys.node('b', 'edge-b')]: remote, [keys.node('c', 'edge-c')]: 'not json' }), 'a', () => [local('edge-a'), { ...local('gone'), streams: 0 }]);
    const { nodes, fleet } = view.read();
    expect(nodes.map((n) => [n.id, n.replica, n.snapshotVersion])).toEqual([['edge-a', 'a', undefined], ['edge-b', 'b', 's1']]);
    expect(fleet).toEqual({ replica: 'a', replicas: ['a', 'b'] });
  });

  it('shows its own nodes only, and why, while etcd is unreachable', () => {
    const view = fleetView(shared({ [keys.node('b', 'edge-b')]: remote }, 'etcd unreachable: connection refused'), 'a', () => [local('edge-a')]);
    const { nodes, fleet } = view.read();
    expect(nodes.map((n) => n.id)).toEqual(['edge-a']);
    expect(fleet).toEqual({ replica: 'a', replicas: ['a'], stale: 'etcd unreachable: connection refused; showing the nodes of replica a only' });
  });
});

import type { NodeStatus } from '../xds/status.js';
import type { EtcdShared } from './etcd-shared.js';
import { fleetKeys } from './fleet-keys.js';
import { readPublishedNode } from './fleet-record.js';
import type { RolloutNode } from './rollout.js';

/** What a status answer says about the fleet (with --store etcd:// only). */
export interface FleetStatus {
  /** The replica that answered (its own nodes come from its memory). */
  replica: string;
  /** Every replica seen in etcd, this one included, sorted. */
  replicas: string[];
  /** Why the nodes of the other replicas are not shown (etcd unreachable): the answer holds this replica's nodes only, and is never converged. */
  stale?: string;
}

/** The nodes of every replica: this one's from memory, the others' as they published them in etcd. */
export interface FleetView {
  /** This replica's id. */
  replica: string;
  /** Every connected node of the fleet, each with its replica, and what the view rests on. */
  read(): { nodes: RolloutNode[]; fleet: FleetStatus };
}

/** A view over the etcd store's mirror of P/nodes/ and P/replicas/ (fresh as its watch), and this replica's status book. */
export function fleetView(etcd: EtcdShared, replica: string, local: () => NodeStatus[]): FleetView {
  const keys = fleetKeys(etcd.root);
  return {
    replica,
    read() {
      const own: RolloutNode[] = local()
        .filter((n) => n.streams > 0)
        .map((n) => ({ id: n.id, group: n.group, streams: n.streams, types: n.types, replica, ...(n.connectedSince === undefined ? {} : { connectedSince: n.connectedSince }) }));
      const unreachable = etcd.unreachable();
      if (unreachable !== undefined) {
        return { nodes: own, fleet: { replica, replicas: [replica], stale: `${unreachable}; showing the nodes of replica ${replica} only` } };
      }
      const replicas = new Set([replica, ...etcd.entries(keys.replicas).map(([key]) => key.slice(keys.replicas.length))]);
      const others: RolloutNode[] = [];
      for (const [key, value] of etcd.entries(keys.nodes)) {
        const where = keys.parseNode(key);
        if (!where || where.replica === replica) continue;
        const node = readPublishedNode(where.replica, value);
        if (!node) continue;
        replicas.add(where.replica);
        others.push(node);
      }
      const nodes = [...own, ...others].sort((a, b) => compare(a.id, b.id) || compare(a.replica ?? '', b.replica ?? ''));
      return { nodes, fleet: { replica, replicas: [...replicas].sort(compare) } };
    },
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

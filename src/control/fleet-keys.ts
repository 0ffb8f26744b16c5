/**
 * The keys in which each replica publishes its connected xDS nodes, under the store's prefix P, all
 * attached to that replica's lease (they vanish with it when the replica dies):
 *
 *   P/replicas/REPLICA          the replica itself: host, pid, start time, lease TTL
 *   P/nodes/REPLICA/NODE        one connected node (node id URI-encoded): what fleet-record.ts holds
 *
 * One key per node rather than one per replica: a flush writes only the nodes that changed, and no key
 * grows with the fleet (a replica of 1,000 nodes with long NACK errors would pass etcd's 1.5 MiB
 * request limit in one value, and every ACK would rewrite all of it into etcd's history).
 */
export interface FleetKeys {
  /** Prefix of every node key of every replica. */
  nodes: string;
  /** Prefix of every replica key. */
  replicas: string;
  /** Key of a replica. */
  replica(replica: string): string;
  /** Prefix of the node keys of one replica. */
  nodesOf(replica: string): string;
  /** Key of one node of a replica. */
  node(replica: string, nodeId: string): string;
  /** The replica and node id of a node key, or undefined for another key. */
  parseNode(key: string): { replica: string; nodeId: string } | undefined;
}

/** What a replica id may contain (it is a key segment). */
export const REPLICA_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** The fleet keys under the store's root (the prefix with its trailing slash). */
export function fleetKeys(root: string): FleetKeys {
  const nodes = `${root}nodes/`;
  return {
    nodes,
    replicas: `${root}replicas/`,
    replica: (replica) => `${root}replicas/${replica}`,
    nodesOf: (replica) => `${nodes}${replica}/`,
    node: (replica, nodeId) => `${nodes}${replica}/${encodeURIComponent(nodeId)}`,
    parseNode(key) {
      if (!key.startsWith(nodes)) return undefined;
      const rest = key.slice(nodes.length);
      const slash = rest.indexOf('/');
      const replica = rest.slice(0, slash);
      if (slash < 0 || !REPLICA_ID.test(replica)) return undefined;
      try {
        return { replica, nodeId: decodeURIComponent(rest.slice(slash + 1)) };
      } catch {
        return undefined;
      }
    },
  };
}

/** What one node did with one resource type. */
export interface TypeStatus {
  /** Last version the node acknowledged. */
  ackedVersion?: string;
  /** Last version sent to it. */
  sentVersion?: string;
  /** Last rejection (kept after later ACKs: compare its version with ackedVersion). */
  lastNack?: { version: string; error: string; at: string };
}

/** One node (an Envoy or gRPC client) as the server sees it. */
export interface NodeStatus {
  /** Node id. */
  id: string;
  /** The group (gateway) it subscribes to: its node.cluster. */
  group: string;
  /** Open streams. */
  streams: number;
  /** Last time a request arrived. */
  lastSeen: string;
  /** Since when it has had an open stream without interruption (absent while it has none). */
  connectedSince?: string;
  /** Per type URL. */
  types: Record<string, TypeStatus>;
}

/** ACK/NACK bookkeeping per node and type, read by the status endpoint. */
export interface StatusBook {
  /** A stream of this node opened. */
  opened(id: string, group: string): void;
  /** A stream of this node closed. */
  closed(id: string): void;
  /** A response was sent. */
  sent(id: string, typeUrl: string, version: string): void;
  /** The node accepted a version. */
  acked(id: string, typeUrl: string, version: string): void;
  /** The node rejected a version. */
  nacked(id: string, typeUrl: string, version: string, error: string): void;
  /** Every node, sorted by id. */
  nodes(): NodeStatus[];
  /** Counts the changes recorded (not lastSeen): a cheap way to tell that nodes() changed. */
  revision(): number;
}

/** A node as recorded: times as epoch milliseconds (formatted only when read; this runs per message). */
interface NodeRecord extends Omit<NodeStatus, 'lastSeen' | 'connectedSince'> {
  lastSeen: number;
  connectedSince?: number;
}

/** A status book in memory; nodes stay listed after they disconnect (with streams: 0). */
export function createStatusBook(now: () => number = Date.now): StatusBook {
  const nodes = new Map<string, NodeRecord>();
  let revision = 0;
  const typeOf = (id: string, typeUrl: string): TypeStatus | undefined => {
    const node = nodes.get(id);
    if (!node) return undefined;
    node.lastSeen = now();
    revision += 1;
    return (node.types[typeUrl] ??= {});
  };
  return {
    opened(id, group) {
      const node = nodes.get(id) ?? { id, group, streams: 0, lastSeen: 0, types: {} };
      node.group = group;
      node.streams += 1;
      node.lastSeen = now();
      node.connectedSince ??= node.lastSeen;
      nodes.set(id, node);
      revision += 1;
    },
    closed(id) {
      const node = nodes.get(id);
      if (!node) return;
      node.streams = Math.max(0, node.streams - 1);
      if (node.streams === 0) delete node.connectedSince;
      revision += 1;
    },
    sent(id, typeUrl, version) {
      const t = typeOf(id, typeUrl);
      if (t) t.sentVersion = version;
    },
    acked(id, typeUrl, version) {
      const t = typeOf(id, typeUrl);
      if (!t) return;
      t.ackedVersion = version;
    },
    nacked(id, typeUrl, version, error) {
      const t = typeOf(id, typeUrl);
      if (t) t.lastNack = { version, error, at: new Date(now()).toISOString() };
    },
    nodes: () =>
      [...nodes.values()]
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map(({ connectedSince, ...n }) => ({
          ...structuredClone(n),
          lastSeen: new Date(n.lastSeen).toISOString(),
          ...(connectedSince === undefined ? {} : { connectedSince: new Date(connectedSince).toISOString() }),
        })),
    revision: () => revision,
  };
}

import type { Snapshot } from '../xds/snapshot.js';
import type { NodeStatus } from '../xds/status.js';
import { typeName } from '../xds/type-urls.js';
import type { FleetStatus } from './fleet-view.js';

/** Where one node stands on one resource type. */
export interface NodeTypeRollout {
  /** The version last sent to the node (what it should ACK). */
  sentVersion: string | null;
  /** The version it last ACKed. */
  ackedVersion: string | null;
  /** The type's version in the served snapshot (differs from sentVersion when the node asked for a subset of names). */
  servedVersion: string | null;
  /** True when it ACKed what was last sent and did not reject it. */
  acked: boolean;
  /** Its last rejection with Envoy's error, and whether it is of the version last sent (current) or an older one. */
  lastNack: { version: string; error: string; at: string; current: boolean } | null;
}

/** A node as the rollout reads it: this replica's own (a NodeStatus) or, with a fleet, another replica's as published in etcd. */
export interface RolloutNode extends Pick<NodeStatus, 'id' | 'group' | 'streams' | 'types' | 'connectedSince'> {
  /** The replica it is connected to (with a fleet only: --store etcd://). */
  replica?: string;
  /** Another replica's node: the snapshot version its replica served for the gateway when it reported the node (null: none). */
  snapshotVersion?: string | null;
}

/** Where one connected node of a gateway stands. */
export interface NodeRollout {
  /** Node id. */
  id: string;
  /** The replica it is connected to (with --store etcd:// only). */
  replica?: string;
  /** Open xDS streams (to that replica). */
  streams: number;
  /** Since when it has been connected. */
  connectedSince?: string;
  /** True when its replica reported it while serving another snapshot of the gateway (it cannot have ACKed this one: pending). */
  behind?: boolean;
  /** Per type (short name, e.g. Listener). */
  types: Record<string, NodeTypeRollout>;
  /** True when every type it subscribed to is ACKed. */
  converged: boolean;
}

/** The rollout of a gateway's served snapshot to its connected nodes. */
export interface GatewayRollout {
  /** Gateway name. */
  gateway: string;
  /** Version of the snapshot being served (null when none is). */
  snapshotVersion: string | null;
  /** Connected nodes (node.cluster = the gateway, at least one open stream), by id. */
  nodes: NodeRollout[];
  /** Per type: nodes that ACKed it / nodes that subscribed to it. */
  progress: Record<string, { acked: number; total: number }>;
  /** Nodes that rejected the version last sent to them, with Envoy's error (and their replica, with a fleet). */
  nacks: { node: string; replica?: string; type: string; version: string; error: string }[];
  /** True when every connected node ACKed every type it subscribed to (true with no node connected). */
  converged: boolean;
  /** With several replicas (--store etcd://): which replica answered, the replicas seen, and whether the others' nodes are known. */
  fleet?: FleetStatus;
}

/**
 * Reads the rollout from the ACK/NACK book. Pushes are synchronous with publishing (the xDS streams send
 * while the snapshot is set), so right after a publish every connected node either holds a response with
 * the new version or waits on an earlier one it has not ACKed yet; "ACKed what was last sent" is exact.
 */
export function gatewayRollout(gateway: string, snapshot: Snapshot | undefined, nodes: readonly RolloutNode[]): GatewayRollout {
  const connected = nodes.filter((n) => n.group === gateway && n.streams > 0);
  const progress: GatewayRollout['progress'] = {};
  const nacks: GatewayRollout['nacks'] = [];
  const rollouts = connected.map((node): NodeRollout => {
    // another replica's report made before it served this snapshot says nothing about this one (nor do its NACKs)
    const behind = node.snapshotVersion !== undefined && node.snapshotVersion !== (snapshot?.version ?? null);
    const types: Record<string, NodeTypeRollout> = {};
    for (const [typeUrl, t] of Object.entries(node.types)) {
      if (t.sentVersion === undefined) continue;
      const name = typeName(typeUrl);
      const nackedCurrent = !behind && t.lastNack !== undefined && t.lastNack.version === t.sentVersion && t.ackedVersion !== t.sentVersion;
      const acked = !behind && t.ackedVersion === t.sentVersion && !nackedCurrent;
      types[name] = {
        sentVersion: t.sentVersion,
        ackedVersion: t.ackedVersion ?? null,
        servedVersion: snapshot?.types.get(typeUrl)?.version ?? null,
        acked,
        lastNack: t.lastNack ? { ...t.lastNack, current: nackedCurrent } : null,
      };
      const p = (progress[name] ??= { acked: 0, total: 0 });
      p.total += 1;
      if (acked) p.acked += 1;
      if (nackedCurrent && t.lastNack) nacks.push({ node: node.id, ...(node.replica === undefined ? {} : { replica: node.replica }), type: name, version: t.lastNack.version, error: t.lastNack.error });
    }
    return {
      id: node.id,
      ...(node.replica === undefined ? {} : { replica: node.replica }),
      streams: node.streams,
      ...(node.connectedSince === undefined ? {} : { connectedSince: node.connectedSince }),
      ...(behind ? { behind } : {}),
      types,
      converged: !behind && Object.values(types).every((t) => t.acked),
    };
  });
  return {
    gateway,
    snapshotVersion: snapshot?.version ?? null,
    nodes: rollouts,
    progress,
    nacks,
    converged: rollouts.every((n) => n.converged),
  };
}

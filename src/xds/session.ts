import type { SnapshotCache } from './cache.js';
import type { Logger } from './log.js';
import type { NodeInfo } from './requests.js';
import type { Snapshot } from './snapshot.js';
import type { StatusBook } from './status.js';

/** What every stream shares: the cache, the status book, the log. */
export interface ServerContext {
  /** Snapshots by group (node.cluster). */
  cache: SnapshotCache;
  /** ACK/NACK per node and type. */
  status: StatusBook;
  /** Structured log. */
  log: Logger;
  /** Groups already reported as unknown (each is logged once). */
  unknownGroups: Set<string>;
}

/** Unknown groups logged at most once each, up to this many (then no more are logged). */
const MAX_UNKNOWN_GROUPS = 1_000;

/** The node behind one stream and the snapshot of its group. */
export interface NodeSession {
  /** Node id ('' until the first request named it). */
  readonly id: string;
  /** Takes the node from a request (first one wins); false when no node is known yet. */
  identify(node: NodeInfo | undefined): boolean;
  /** Current snapshot of the node's group; undefined for an unknown group. */
  snapshot(): Snapshot | undefined;
  /** Stops watching and updates status. */
  close(): void;
}

/**
 * Binds a stream to its node's group (node.cluster): watches the group's snapshot and calls onChange on
 * every new one. An unknown group is logged once per server and gets nothing until it appears.
 */
export function nodeSession(ctx: ServerContext, onChange: (snapshot: Snapshot) => void): NodeSession {
  let node: NodeInfo | undefined;
  let unwatch: (() => void) | undefined;
  return {
    get id() {
      return node?.id ?? '';
    },
    identify(next) {
      if (node) return true;
      if (!next) return false;
      node = next;
      ctx.status.opened(node.id, node.cluster);
      unwatch = ctx.cache.watch(node.cluster, onChange);
      // clients choose the names: remember a bounded number of them
      if (!ctx.cache.get(node.cluster) && !ctx.unknownGroups.has(node.cluster) && ctx.unknownGroups.size < MAX_UNKNOWN_GROUPS) {
        ctx.unknownGroups.add(node.cluster);
        ctx.log.warn('xds.unknown_cluster', { node: node.id, cluster: node.cluster, hint: 'node.cluster must name a served gateway' });
      }
      return true;
    },
    snapshot: () => (node ? ctx.cache.get(node.cluster) : undefined),
    close() {
      unwatch?.();
      unwatch = undefined;
      if (node) ctx.status.closed(node.id);
    },
  };
}

import type { Etcd3 } from 'etcd3';
import { hostname } from 'node:os';
import type { SnapshotCache } from '../xds/cache.js';
import type { Logger } from '../xds/log.js';
import type { StatusBook } from '../xds/status.js';
import type { EtcdShared } from './etcd-shared.js';
import { fleetKeys } from './fleet-keys.js';
import { publishedNode, type PublishedReplica } from './fleet-record.js';

/** Options of a replica's publisher. */
export interface FleetPublisherOptions {
  /** The etcd store's connection and mirror. */
  etcd: EtcdShared;
  /** This replica's id. */
  replica: string;
  /** This replica's nodes. */
  book: StatusBook;
  /** What it serves (each node is published with its gateway's snapshot version). */
  cache: SnapshotCache;
  /** TTL of the replica's lease in seconds (renewed every third of it). */
  ttlSeconds: number;
  /** Least time between two flushes in ms: changes in between are coalesced. */
  flushEveryMs: number;
  log: Logger;
}

/** A running publisher. */
export interface FleetPublisher {
  /** Stops publishing and revokes the lease (every key of this replica goes at once), within the request deadline. */
  stop(): Promise<void>;
}

/** etcd's default --max-txn-ops: operations of one transaction. */
const MAX_TXN_OPS = 128;
/** Bytes of values per transaction: well under etcd's default 1.5 MiB --max-request-bytes. */
const MAX_TXN_BYTES = 512 * 1024;

type Op = { key: string; value: string } | { key: string; value: null };

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Splits operations into transactions within etcd's default limits. */
function batches(ops: Op[]): Op[][] {
  const out: Op[][] = [];
  let batch: Op[] = [];
  let bytes = 0;
  for (const op of ops) {
    const size = op.key.length + (op.value?.length ?? 0);
    if (batch.length > 0 && (batch.length >= MAX_TXN_OPS || bytes + size > MAX_TXN_BYTES)) {
      out.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(op);
    bytes += size;
  }
  if (batch.length > 0) out.push(batch);
  return out;
}

/** One keepalive of a lease over its own short stream; resolves with the TTL left (0: the lease is gone). */
async function keepAliveOnce(client: Etcd3, id: string, timeoutMs: number): Promise<number> {
  const stream = await client.leaseClient.leaseKeepAlive({ deadline: Date.now() + timeoutMs });
  try {
    return await new Promise<number>((resolve, reject) => {
      stream.on('data', (res) => resolve(Number(res.TTL)));
      stream.on('error', reject);
      stream.write({ ID: id });
    });
  } finally {
    stream.end();
  }
}

/**
 * Publishes this replica's connected nodes under P/nodes/REPLICA/ (fleet-keys.ts), every key attached to
 * the replica's lease: kept alive every third of its TTL, so a replica that dies takes its nodes with it
 * within the TTL. Writes follow changes (the status book's revision, the snapshots served), coalesced to
 * one flush per flushEveryMs, and carry only the nodes that changed, in transactions guarded by the
 * replica key still being on our lease (a lost lease is noticed and a new one granted, and everything
 * written again). While etcd is unreachable nothing is written; once it answers, the next flush
 * reconciles with the mirror (stale keys of this replica deleted).
 */
export function startFleetPublisher(options: FleetPublisherOptions): FleetPublisher {
  const { etcd, replica, book, cache, log } = options;
  const keys = fleetKeys(etcd.root);
  const self: PublishedReplica = { replica, host: hostname(), pid: process.pid, startedAt: new Date().toISOString(), leaseTtlSeconds: options.ttlSeconds };
  /** What etcd holds of ours, as far as we know. */
  const written = new Map<string, string>();
  let lease: string | undefined;
  /** The next flush compares with the mirror (after a failure: what got written is unknown). */
  let reconcile = true;
  let flushed = '';
  let running: Promise<void> | undefined;
  let lastProblem = '';
  let stopped = false;

  const signature = (): string => `${book.revision()}|${cache.groups().map((g) => cache.get(g)?.version).join(',')}`;

  function problem(event: string, error: unknown): void {
    const why = message(error);
    if (why !== lastProblem) log.warn(event, { replica, reason: why });
    lastProblem = why;
  }

  async function grant(client: Etcd3): Promise<string> {
    const granted = await client.leaseClient.leaseGrant({ TTL: options.ttlSeconds }, { deadline: Date.now() + etcd.timeoutMs });
    await client.put(keys.replica(replica)).value(JSON.stringify(self)).lease(granted.ID).exec();
    written.clear();
    reconcile = true;
    log.info('fleet.lease_granted', { replica, lease: granted.ID, ttlSeconds: options.ttlSeconds });
    return granted.ID;
  }

  /** The operations that make etcd hold `desired` for this replica. */
  function changes(desired: Map<string, string>): Op[] {
    const ops: Op[] = [];
    for (const [key, value] of desired) if (written.get(key) !== value) ops.push({ key, value });
    const held = new Set(written.keys());
    if (reconcile) for (const [key] of etcd.entries(keys.nodesOf(replica))) held.add(key);
    for (const key of held) if (!desired.has(key)) ops.push({ key, value: null });
    return ops;
  }

  async function flush(client: Etcd3): Promise<void> {
    const id = lease ?? (lease = await grant(client));
    const mark = signature();
    const desired = new Map<string, string>();
    for (const node of book.nodes()) {
      if (node.streams > 0) desired.set(keys.node(replica, node.id), publishedNode(node, cache.get(node.group)?.version ?? null));
    }
    for (const batch of batches(changes(desired))) {
      const txn = await client
        .if(keys.replica(replica), 'Lease', '==', id)
        .then(...batch.map((op) => (op.value === null ? client.delete().key(op.key) : client.put(op.key).value(op.value).lease(id))))
        .commit();
      if (!txn.succeeded) {
        log.warn('fleet.lease_lost', { replica, lease: id, action: 'granting a new lease and publishing every node again' });
        lease = undefined;
        return;
      }
      for (const op of batch) {
        if (op.value === null) written.delete(op.key);
        else written.set(op.key, op.value);
      }
    }
    reconcile = false;
    flushed = mark;
    lastProblem = '';
  }

  function tick(): void {
    if (stopped || running) return;
    const client = etcd.client();
    if (!client) {
      reconcile = true;
      return;
    }
    if (lease !== undefined && !reconcile && signature() === flushed) return;
    running = flush(client)
      .catch((error: unknown) => {
        reconcile = true;
        problem('fleet.publish_failed', error);
      })
      .finally(() => (running = undefined));
  }

  async function renew(): Promise<void> {
    const client = etcd.client();
    if (stopped || !client || lease === undefined) return;
    const id = lease;
    try {
      if ((await keepAliveOnce(client, id, etcd.timeoutMs)) <= 0 && lease === id) {
        log.warn('fleet.lease_lost', { replica, lease: id, action: 'granting a new lease and publishing every node again' });
        lease = undefined;
      }
    } catch (error) {
      problem('fleet.keepalive_failed', error);
    }
  }

  const flushTimer = setInterval(tick, options.flushEveryMs);
  const renewTimer = setInterval(() => void renew(), (options.ttlSeconds * 1000) / 3);
  flushTimer.unref();
  renewTimer.unref();
  tick();

  return {
    async stop() {
      stopped = true;
      clearInterval(flushTimer);
      clearInterval(renewTimer);
      await running;
      const client = etcd.client();
      if (!client || lease === undefined) return;
      try {
        await client.leaseClient.leaseRevoke({ ID: lease }, { deadline: Date.now() + etcd.timeoutMs });
        log.info('fleet.lease_revoked', { replica, lease });
      } catch (error) {
        log.warn('fleet.revoke_failed', { replica, reason: message(error), outcome: `its keys go when the lease expires (${options.ttlSeconds} s)` });
      }
    },
  };
}

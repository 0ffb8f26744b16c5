import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { SnapshotCache } from '../xds/cache.js';
import type { Logger } from '../xds/log.js';
import type { StatusBook } from '../xds/status.js';
import { REPLICA_ID } from './fleet-keys.js';
import { startFleetPublisher } from './fleet-publisher.js';
import { fleetView, type FleetView } from './fleet-view.js';
import type { GatewayStore } from './store.js';

/** Lease TTL by default, in seconds: a dead replica's nodes leave the fleet view within it. */
export const DEFAULT_LEASE_TTL_SECONDS = 10;
/** Least time between two writes of a replica's nodes, in ms (at most 4 flushes a second). */
export const FLUSH_EVERY_MS = 250;

/** The fleet of a replica: the view of every replica's nodes, and the publisher of its own. */
export interface Fleet {
  /** Every replica's connected nodes. */
  view: FleetView;
  /** Stops publishing and revokes the lease (its nodes leave the fleet view at once). */
  stop(): Promise<void>;
}

/** This process's replica id: host name, pid and a random suffix (a restarted container reusing both is still a new replica). */
export function replicaId(): string {
  const host = hostname().replace(/[^A-Za-z0-9.-]/g, '-').slice(0, 96) || 'host';
  const id = `${host}-${process.pid}-${randomBytes(3).toString('hex')}`;
  return REPLICA_ID.test(id) ? id : `replica-${randomBytes(6).toString('hex')}`;
}

/** The lease TTL from WSCTL_FLEET_LEASE_TTL (whole seconds, 2–300; etcd grants no lease under about 2 s), else the default. */
export function leaseTtlSeconds(value: string | undefined, log: Logger): number {
  if (value === undefined || value === '') return DEFAULT_LEASE_TTL_SECONDS;
  const ttl = Number(value);
  if (Number.isInteger(ttl) && ttl >= 2 && ttl <= 300) return ttl;
  log.warn('fleet.ttl_ignored', { value, reason: 'WSCTL_FLEET_LEASE_TTL must be whole seconds from 2 to 300', ttlSeconds: DEFAULT_LEASE_TTL_SECONDS });
  return DEFAULT_LEASE_TTL_SECONDS;
}

/**
 * Starts the fleet of a replica when the store is etcd (undefined otherwise: a file or memory store
 * has one replica, and its status is this replica's nodes): publishes its connected nodes under its
 * lease and reads every replica's.
 */
export function startFleet(options: { store: GatewayStore; book: StatusBook; cache: SnapshotCache; log: Logger }): Fleet | undefined {
  const { store, book, cache, log } = options;
  if (!store.etcd) return undefined;
  const replica = replicaId();
  const ttlSeconds = leaseTtlSeconds(process.env.WSCTL_FLEET_LEASE_TTL, log);
  log.info('fleet.started', { replica, leaseTtlSeconds: ttlSeconds, flushEveryMs: FLUSH_EVERY_MS });
  const publisher = startFleetPublisher({ etcd: store.etcd, replica, book, cache, ttlSeconds, flushEveryMs: FLUSH_EVERY_MS, log });
  return { view: fleetView(store.etcd, replica, () => book.nodes()), stop: () => publisher.stop() };
}

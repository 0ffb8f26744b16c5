import type { EtcdShared } from './etcd-shared.js';
import { StoreConflict } from './store-errors.js';

/** One applied version of a gateway: the bundle exactly as applied, its version and when. */
export interface StoredVersion {
  /** The bundle's content version (bundleVersion). */
  version: string;
  /** When it was applied (ISO 8601). */
  appliedAt: string;
  /** The serialized bundle, byte for byte as applied (canonical JSON). */
  bundle: string;
}

/** A gateway managed through the admin API: its current version and the ones before it. */
export interface StoredGateway {
  /** Gateway name (metadata.name). */
  name: string;
  /** The version being served. */
  current: StoredVersion;
  /** Earlier versions, newest first (at most the store's history length). */
  history: StoredVersion[];
}

/** A problem found while loading a store (a torn or corrupt file), reported and survived. */
export interface StoreProblem {
  /** The gateway (or file) concerned. */
  name: string;
  /** What was wrong and what was used instead. */
  message: string;
}

/** Conditions of a write. */
export interface PutOptions {
  /** Write only if the current version is this one ("" = the gateway must not exist), else StoreConflict. */
  expectVersion?: string;
}

/** What a write did: stored a new current version, or nothing because it already was the current one. */
export type PutOutcome = 'written' | 'unchanged';

/**
 * Where API-managed gateways live: memory, a data directory, or etcd (shared by replicas). Reads answer
 * from what this process holds (for etcd: a watched mirror); writes are checked against the store itself
 * (compare-and-swap) and durable when they resolve. A write throws StoreConflict (→ 409) or
 * StoreUnavailable (→ 503) and then changed nothing.
 */
export interface GatewayStore {
  /** Every stored gateway, sorted by name. */
  list(): StoredGateway[];
  /** One gateway. */
  get(name: string): StoredGateway | undefined;
  /** Makes `version` the current one (the previous current moves into history), unless it already is. */
  put(name: string, version: StoredVersion, options?: PutOptions): Promise<PutOutcome>;
  /** Forgets a gateway and its history; false when it was not stored. */
  delete(name: string): Promise<boolean>;
  /** Problems found when the store was opened. */
  problems(): StoreProblem[];
  /** With --store etcd:// only: the connection and mirror the fleet view of nodes shares. */
  etcd?: EtcdShared;
  /** Why writes are refused right now (undefined: they are accepted). */
  unwritable(): string | undefined;
  /** Calls `listener` with the name of every gateway another writer (another replica) changed or deleted. */
  onRemoteChange(listener: (name: string) => void): void;
  /** What it is, for logs and /status: "memory", the data directory, or the etcd endpoints. */
  describe(): string;
  /** SIGHUP: re-reads the store's credentials and reconnects with them, keeping the current connection if they are refused (etcd with --etcd-user only). */
  reload?(): void;
  /** Releases connections and timers. */
  close(): Promise<void>;
}

/** Versions kept in history by default. */
export const DEFAULT_HISTORY = 10;

/** The record after applying `version` on top of `previous` (history newest first, capped, without duplicates of the current version). */
export function nextRecord<V extends { version: string }>(name: string, previous: { current: V; history: V[] } | undefined, version: V, historyLength: number): { name: string; current: V; history: V[] } {
  const history = previous ? [previous.current, ...previous.history] : [];
  return { name, current: version, history: history.filter((v) => v.version !== version.version).slice(0, historyLength) };
}

/** Checks a write's expectVersion against the current version; throws StoreConflict when it does not match. */
export function checkExpected(name: string, current: string | undefined, options: PutOptions | undefined): void {
  if (options?.expectVersion === undefined || options.expectVersion === (current ?? '')) return;
  throw new StoreConflict(`gateway ${name} is at version ${current ?? '(none)'}, not ${options.expectVersion || '(none)'}`);
}

/** A store in memory (lost on restart). */
export function createMemoryStore(historyLength = DEFAULT_HISTORY): GatewayStore {
  const gateways = new Map<string, StoredGateway>();
  return {
    list: () => [...gateways.values()].sort((a, b) => (a.name < b.name ? -1 : 1)).map((g) => structuredClone(g)),
    get: (name) => structuredClone(gateways.get(name)),
    async put(name, version, options) {
      const previous = gateways.get(name);
      checkExpected(name, previous?.current.version, options);
      if (previous?.current.version === version.version) return 'unchanged';
      gateways.set(name, nextRecord(name, previous, version, historyLength));
      return 'written';
    },
    delete: async (name) => gateways.delete(name),
    problems: () => [],
    unwritable: () => undefined,
    onRemoteChange: () => {},
    describe: () => 'memory',
    close: async () => {},
  };
}

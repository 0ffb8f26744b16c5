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

/** Where API-managed gateways live: memory, or a data directory. */
export interface GatewayStore {
  /** Every stored gateway, sorted by name. */
  list(): StoredGateway[];
  /** One gateway. */
  get(name: string): StoredGateway | undefined;
  /** Makes `version` the current one (the previous current moves into history); durable when it returns. */
  put(name: string, version: StoredVersion): StoredGateway;
  /** Forgets a gateway and its history; false when it was not stored. */
  delete(name: string): boolean;
  /** Problems found when the store was opened. */
  problems(): StoreProblem[];
}

/** Versions kept in history by default. */
export const DEFAULT_HISTORY = 10;

/** The record after applying `version` on top of `previous` (history newest first, capped, without duplicates of the current version). */
export function nextRecord(name: string, previous: StoredGateway | undefined, version: StoredVersion, historyLength: number): StoredGateway {
  const history = previous ? [previous.current, ...previous.history] : [];
  return { name, current: version, history: history.filter((v) => v.version !== version.version).slice(0, historyLength) };
}

/** A store in memory (lost on restart). */
export function createMemoryStore(historyLength = DEFAULT_HISTORY): GatewayStore {
  const gateways = new Map<string, StoredGateway>();
  return {
    list: () => [...gateways.values()].sort((a, b) => (a.name < b.name ? -1 : 1)).map((g) => structuredClone(g)),
    get: (name) => structuredClone(gateways.get(name)),
    put(name, version) {
      const record = nextRecord(name, gateways.get(name), version, historyLength);
      gateways.set(name, record);
      return structuredClone(record);
    },
    delete: (name) => gateways.delete(name),
    problems: () => [],
  };
}

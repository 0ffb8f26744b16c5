import type { Snapshot } from '../xds/snapshot.js';
import { TYPE_URLS, typeName } from '../xds/type-urls.js';

/** What a candidate snapshot changes, per resource type (short name) and resource. */
export interface SnapshotDiff {
  /** True when anything differs. */
  changed: boolean;
  /** Per type: resource names added, changed (other bytes) and removed. */
  types: Record<string, { added: string[]; changed: string[]; removed: string[] }>;
  /** True when a Listener changes or goes away: Envoy drains that listener's connections (WebSockets close after the drain time). */
  drainsListeners: boolean;
  /** Listeners that would drain. */
  drainedListeners: string[];
}

/** Compares two snapshots resource by resource (resource versions are content hashes). */
export function diffSnapshots(live: Snapshot | undefined, candidate: Snapshot): SnapshotDiff {
  const typeUrls = new Set([...(live?.types.keys() ?? []), ...candidate.types.keys()]);
  const types: SnapshotDiff['types'] = {};
  for (const typeUrl of [...typeUrls].sort()) {
    const before = live?.types.get(typeUrl)?.resources ?? new Map<string, { version: string }>();
    const after = candidate.types.get(typeUrl)?.resources ?? new Map<string, { version: string }>();
    const entry = { added: [] as string[], changed: [] as string[], removed: [] as string[] };
    for (const [name, r] of after) {
      const old = before.get(name);
      if (!old) entry.added.push(name);
      else if (old.version !== r.version) entry.changed.push(name);
    }
    for (const name of before.keys()) if (!after.has(name)) entry.removed.push(name);
    if (entry.added.length || entry.changed.length || entry.removed.length) types[typeName(typeUrl)] = entry;
  }
  const listeners = types[typeName(TYPE_URLS.listener)];
  const drainedListeners = listeners ? [...listeners.changed, ...listeners.removed].sort() : [];
  return { changed: Object.keys(types).length > 0, types, drainsListeners: drainedListeners.length > 0, drainedListeners };
}

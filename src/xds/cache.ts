import type { Snapshot } from './snapshot.js';

/** Called with the new snapshot of a group when it changes. */
export type SnapshotWatcher = (snapshot: Snapshot) => void;

/** Snapshots by node group (wsctl: by gateway name, which is the node cluster), with change notification. */
export interface SnapshotCache {
  /** Publishes a snapshot; false (and nobody notified) when its version equals the current one. */
  set(group: string, snapshot: Snapshot): boolean;
  /** The current snapshot of a group. */
  get(group: string): Snapshot | undefined;
  /** Drops a group (its nodes keep what they have and get nothing new). */
  delete(group: string): void;
  /** Calls the watcher on every change of the group; returns the function that stops watching. */
  watch(group: string, watcher: SnapshotWatcher): () => void;
  /** Every group with a snapshot, sorted. */
  groups(): string[];
}

/** An in-memory snapshot cache. */
export function createSnapshotCache(): SnapshotCache {
  const snapshots = new Map<string, Snapshot>();
  const watchers = new Map<string, Set<SnapshotWatcher>>();
  return {
    set(group, snapshot) {
      if (snapshots.get(group)?.version === snapshot.version) return false;
      snapshots.set(group, snapshot);
      for (const watcher of [...(watchers.get(group) ?? [])]) watcher(snapshot);
      return true;
    },
    get: (group) => snapshots.get(group),
    delete: (group) => void snapshots.delete(group),
    watch(group, watcher) {
      const set = watchers.get(group) ?? new Set<SnapshotWatcher>();
      watchers.set(group, set);
      set.add(watcher);
      return () => {
        set.delete(watcher);
        if (set.size === 0) watchers.delete(group);
      };
    },
    groups: () => [...snapshots.keys()].sort(),
  };
}

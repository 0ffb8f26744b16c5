/** One key as mirrored: its value (null once deleted) and the etcd revision that wrote it. */
interface MirroredKey {
  value: string | null;
  revision: number;
}

/**
 * A local copy of a range of etcd keys, fed by a listing, by the watch and by this process's own
 * writes, in any order: each key keeps the value of the highest revision seen, so a late or repeated
 * event never rolls a key back. A deletion is kept as a tombstone until the mirror is known complete up
 * to its revision (settle: a listing, or the watch, which delivers events in revision order, got there);
 * from then on anything at or before that revision is old news for a key the mirror does not hold.
 */
export class KeyMirror {
  private readonly keys = new Map<string, MirroredKey>();
  private readonly tombstones = new Set<string>();
  /** Every change at or before this revision is reflected. */
  private floor = 0;

  /** Records a key's value (null: deleted) at a revision; true when it changed what the mirror shows. */
  set(key: string, value: string | null, revision: number): boolean {
    const known = this.keys.get(key);
    if (known ? known.revision >= revision : revision <= this.floor) return false;
    this.keys.set(key, { value, revision });
    if (value === null) this.tombstones.add(key);
    else this.tombstones.delete(key);
    return (known?.value ?? null) !== value;
  }

  /** Declares the mirror complete up to `revision`: tombstones up to it are dropped. */
  settle(revision: number): void {
    if (revision <= this.floor) return;
    this.floor = revision;
    for (const key of this.tombstones) {
      const entry = this.keys.get(key);
      if (entry && entry.value === null && entry.revision > revision) continue;
      this.keys.delete(key);
      this.tombstones.delete(key);
    }
  }

  /**
   * Replaces the mirror with a listing taken at `revision` (after a reconnect: changes missed while
   * disconnected, deletions included, are caught up). Returns the keys whose value changed.
   */
  replace(listing: Map<string, { value: string; revision: number }>, revision: number): string[] {
    const changed: string[] = [];
    for (const [key, known] of this.keys) {
      // gone from the listing, and not written after it was taken: deleted while we were away
      if (!listing.has(key) && known.revision <= revision && known.value !== null) {
        this.keys.set(key, { value: null, revision });
        this.tombstones.add(key);
        changed.push(key);
      }
    }
    for (const [key, entry] of listing) if (this.set(key, entry.value, entry.revision)) changed.push(key);
    this.settle(revision);
    return changed;
  }

  /** A key's value, undefined when absent or deleted. */
  get(key: string): string | undefined {
    return this.keys.get(key)?.value ?? undefined;
  }

  /** Every live key starting with `prefix`. */
  keysWith(prefix: string): string[] {
    return [...this.keys].filter(([key, entry]) => entry.value !== null && key.startsWith(prefix)).map(([key]) => key);
  }

  /** How many keys it holds, tombstones included (for tests and /status). */
  size(): number {
    return this.keys.size;
  }
}

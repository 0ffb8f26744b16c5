/** One key as mirrored: its value (null once deleted) and the etcd revision that wrote it. */
interface MirroredKey {
  value: string | null;
  revision: number;
}

/**
 * A local copy of a range of etcd keys, fed by a listing, by the watch and by this process's own
 * writes, in any order: each key keeps the value of the highest revision seen (deletions are kept as
 * tombstones with their revision), so a late or repeated event never rolls a key back.
 */
export class KeyMirror {
  private readonly keys = new Map<string, MirroredKey>();

  /** Records a key's value (null: deleted) at a revision; true when it changed the mirror. */
  set(key: string, value: string | null, revision: number): boolean {
    const known = this.keys.get(key);
    if (known && known.revision >= revision) return false;
    this.keys.set(key, { value, revision });
    return known?.value !== value;
  }

  /**
   * Replaces the mirror with a listing taken at `revision` (after a reconnect: changes missed while
   * disconnected, deletions included, are caught up). Returns the keys whose value changed.
   */
  replace(listing: Map<string, { value: string; revision: number }>, revision: number): string[] {
    const changed: string[] = [];
    for (const [key, known] of this.keys) {
      // gone from the listing, and not written after it was taken: deleted while we were away
      if (!listing.has(key) && known.revision <= revision && this.set(key, null, revision)) changed.push(key);
    }
    for (const [key, entry] of listing) if (this.set(key, entry.value, entry.revision)) changed.push(key);
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
}

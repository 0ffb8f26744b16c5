import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { removeGenerated } from '../output/remove.js';
import { writeOutputs } from '../output/write.js';
import type { OutputFile } from '../targets/target.js';

/** The files on disk at some paths under DIR, as they were before a write (null = absent). */
export interface DiskSnapshot {
  /** Output directory. */
  outDir: string;
  /** Content (and mode) by path, or null for a file that did not exist. */
  files: Map<string, OutputFile | null>;
}

/** Reads what is on disk now at each path, to restore it if the new version is refused. */
export function snapshotFiles(outDir: string, paths: readonly string[]): DiskSnapshot {
  const files = new Map<string, OutputFile | null>();
  for (const path of paths) {
    const full = join(resolve(outDir), path);
    files.set(path, existsSync(full) ? { path, content: readFileSync(full, 'utf8'), mode: statSync(full).mode & 0o777 } : null);
  }
  return { outDir, files };
}

/**
 * Puts the snapshot back: earlier contents rewritten atomically, files that did not exist removed (with
 * the directories that leaves empty). Paths are inside target folders (DIR/<target>/...).
 */
export function restoreSnapshot(snapshot: DiskSnapshot): string[] {
  const back = [...snapshot.files.values()].filter((f): f is OutputFile => f !== null);
  const restored = writeOutputs(snapshot.outDir, back);
  const absent = [...snapshot.files].flatMap(([path, file]) => (file === null ? [path] : []));
  restored.push(...removeGenerated(snapshot.outDir, absent).map((path) => `${path} (removed)`));
  return restored;
}

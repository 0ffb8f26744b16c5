import { lstatSync, readdirSync, realpathSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { folderOf } from './manifest.js';

/** True when `inner` is `outer` or below it. */
function within(outer: string, inner: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** The file's own status, or null when nothing is there. */
function lstatOrNull(path: string): ReturnType<typeof lstatSync> | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

/**
 * Removes generated files (paths relative to outDir, each inside a target folder), then every directory
 * that removal left empty, up to but not including the target folder. Only regular files go; a path
 * whose directory leads outside its target folder (through a symbolic link) is left alone. Returns the
 * paths removed.
 */
export function removeGenerated(outDir: string, paths: readonly string[]): string[] {
  const root = resolve(outDir);
  const removed: string[] = [];
  for (const path of paths) {
    const folder = folderOf(path);
    const full = join(root, path);
    if (folder === null || !within(join(root, folder), full)) continue;
    const stat = lstatOrNull(full);
    // wsctl writes regular files only: a directory or symbolic link at a listed path is someone else's
    if (!stat?.isFile()) continue;
    if (!within(realpathSync(join(root, folder)), realpathSync(dirname(full)))) continue;
    rmSync(full, { force: true });
    removed.push(path);
    pruneEmptyDirs(join(root, folder), dirname(full));
  }
  return removed;
}

/** Removes dir and its parents while they are empty, stopping at (and keeping) top. */
function pruneEmptyDirs(top: string, dir: string): void {
  for (let current = dir; current !== top && within(top, current); current = dirname(current)) {
    try {
      if (readdirSync(current).length > 0) return;
      rmdirSync(current);
    } catch {
      return;
    }
  }
}

import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OutputFile } from '../targets/target.js';
import { folderOf, manifestFile, readManifest } from './manifest.js';
import { removeGenerated } from './remove.js';
import { writeOutputs } from './write.js';

/** How the generated files in an output directory are replaced by a new set. */
export interface OutputPlan {
  /** The new generated files. */
  files: OutputFile[];
  /** Files (relative to DIR) an earlier run generated, that the new set no longer has, still on disk. */
  stale: string[];
  /**
   * Manifests listing the stale files and the new ones, written before the new files: a run stopped
   * halfway leaves every file wsctl wrote listed, to be removed by a later run.
   */
  pending: OutputFile[];
  /** Manifests of the new set alone, written once the stale files are gone. */
  manifests: OutputFile[];
}

/** True when a file (or link) is at path; a directory does not count. */
function fileExists(path: string): boolean {
  try {
    return !lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Compares a new set of generated files with the manifests of the target folders it writes to (nginx/,
 * haproxy/...): listed files the new set lacks are stale. A folder without a manifest (written before
 * manifests existed) has none: nothing of it is ever removed, and it gets a manifest. Files at the top of
 * DIR (the IR's ir.yaml) are always regenerated and not tracked. Reads only.
 */
export function planOutputs(outDir: string, files: readonly OutputFile[]): OutputPlan {
  const byFolder = new Map<string, string[]>();
  for (const file of files) {
    const folder = folderOf(file.path);
    if (folder !== null) byFolder.set(folder, [...(byFolder.get(folder) ?? []), file.path]);
  }
  const plan: OutputPlan = { files: [...files], stale: [], pending: [], manifests: [] };
  for (const [folder, paths] of [...byFolder].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const next = new Set(paths);
    const stale = (readManifest(outDir, folder) ?? []).filter((p) => !next.has(p) && fileExists(join(outDir, p)));
    plan.stale.push(...stale.sort());
    plan.pending.push(manifestFile(folder, [...stale, ...paths]));
    plan.manifests.push(manifestFile(folder, paths));
  }
  return plan;
}

/** First half of a replacement: the manifests naming old and new files, then the new files, each atomically. Returns the paths written. */
export function stageOutputs(outDir: string, plan: OutputPlan): string[] {
  writeOutputs(outDir, plan.pending);
  return writeOutputs(outDir, plan.files);
}

/** The file's content, or null when it cannot be read. */
function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/**
 * Second half, once the new files are in use: removes the stale files (and directories left empty),
 * then writes the final manifests (those not already on disk as they should be). Returns the paths removed.
 */
export function settleOutputs(outDir: string, plan: OutputPlan): string[] {
  const removed = removeGenerated(outDir, plan.stale);
  writeOutputs(outDir, plan.manifests.filter((m) => readOrNull(join(outDir, m.path)) !== m.content));
  return removed;
}

/** Writes a new set of generated files, then removes the files of earlier runs it no longer has: `wsctl compile`. */
export function replaceOutputs(outDir: string, files: readonly OutputFile[]): { written: string[]; removed: string[] } {
  const plan = planOutputs(outDir, files);
  const written = stageOutputs(outDir, plan);
  return { written, removed: settleOutputs(outDir, plan) };
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { OutputFile } from '../targets/target.js';
import { folderOf, manifestPath } from './manifest.js';
import { planOutputs } from './replace.js';

/** One generated file whose content on disk differs from what would be generated. */
export interface Drift {
  /** Path relative to the output directory. */
  path: string;
  /** missing: not on disk; changed: different bytes; stale: generated earlier, no longer (wsctl compile removes it). */
  kind: 'missing' | 'changed' | 'stale';
  /** Unified diff from the file on disk to the generated content (for a stale file, one line without its content: it may hold secrets). */
  diff: string;
}

/**
 * Compares generated files with what is in outDir, and finds the stale files the folders' manifests list
 * but the spec no longer generates; writes nothing. The manifests themselves are not compared: a missing
 * or outdated one is no drift as long as every file is as generated.
 */
export function checkOutputs(outDir: string, files: readonly OutputFile[]): Drift[] {
  const drifts: Drift[] = [];
  for (const file of files) {
    let current: string | undefined;
    try {
      current = readFileSync(join(outDir, file.path), 'utf8');
    } catch {
      current = undefined;
    }
    if (current === file.content) continue;
    const diff = createTwoFilesPatch(`a/${file.path}`, `b/${file.path}`, current ?? '', file.content, current === undefined ? '(missing)' : '', '(generated)');
    drifts.push({ path: file.path, kind: current === undefined ? 'missing' : 'changed', diff });
  }
  for (const path of planOutputs(outDir, files).stale) {
    const diff = `stale ${path}: listed in ${manifestPath(folderOf(path) ?? '')} but no longer generated; wsctl compile removes it\n`;
    drifts.push({ path, kind: 'stale', diff });
  }
  return drifts;
}

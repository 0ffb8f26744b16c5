import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { OutputFile } from '../targets/target.js';

/** One generated file whose content on disk differs from what would be generated. */
export interface Drift {
  /** Path relative to the output directory. */
  path: string;
  /** missing: not on disk; changed: different bytes. */
  kind: 'missing' | 'changed';
  /** Unified diff from the file on disk to the generated content. */
  diff: string;
}

/** Compares generated files with what is in outDir; writes nothing. */
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
  return drifts;
}

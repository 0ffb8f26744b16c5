import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OutputFile } from '../targets/target.js';
import type { ReloadTarget } from './types.js';

/** What runs, as `wsctl reload` last applied it: written atomically beside the config once the proxy serves it. */
export interface LiveState {
  /** Proxy target. */
  target: ReloadTarget;
  /** Content version of the live files. */
  version: string;
  /** sha256 of each live file, by path relative to DIR. */
  files: Record<string, string>;
  /** When it was applied (ISO 8601). */
  appliedAt: string;
  /** How it was applied. */
  via: 'runtime' | 'reload' | 'adopted';
}

/** The state file of a target under DIR. */
export function stateFile(outDir: string, target: ReloadTarget): string {
  return join(outDir, target, 'wsctl-live.json');
}

/** sha256 (hex) of a file content. */
export function contentHash(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** The content version of a set of generated files: a hash over their sorted paths and hashes. */
export function bundleVersion(files: Record<string, string>): string {
  const lines = Object.keys(files).sort().map((path) => `${path}\0${files[path]}\n`);
  return contentHash(lines.join('')).slice(0, 16);
}

/** Hashes of generated files by path. */
export function hashFiles(files: readonly OutputFile[]): Record<string, string> {
  return Object.fromEntries(files.map((f) => [f.path, contentHash(f.content)]));
}

/** The recorded live state, or null when there is none (or it cannot be read). */
export function readLiveState(outDir: string, target: ReloadTarget): LiveState | null {
  const file = stateFile(outDir, target);
  if (!existsSync(file)) return null;
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as LiveState;
    return state.target === target && typeof state.version === 'string' ? state : null;
  } catch {
    return null;
  }
}

/** Writes the live state atomically (temporary file, then rename). */
export function writeLiveState(outDir: string, state: LiveState): void {
  const file = stateFile(outDir, state.target);
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

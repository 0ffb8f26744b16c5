import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OutputFile } from '../targets/target.js';

/** Name of the manifest wsctl keeps in each target folder it writes (DIR/<target>/.wsctl-manifest). */
export const MANIFEST_NAME = '.wsctl-manifest';

const HEADER = `# Written by wsctl: the files it generated in this folder, one path a line. The next compile or
# reload removes those it no longer generates; files not listed here are never touched. Do not edit.
`;

// what a listed path may look like: plain names joined by '/', never '.' or '..' (a hand-edited or
// corrupt manifest must not make wsctl delete anything outside the folder)
const SAFE_PATH = /^[A-Za-z0-9_][A-Za-z0-9._-]*(\/[A-Za-z0-9_][A-Za-z0-9._-]*)*$/;

/** Path of a folder's manifest, relative to the output directory. */
export function manifestPath(folder: string): string {
  return `${folder}/${MANIFEST_NAME}`;
}

/** The target folder a generated path belongs to (its first segment), or null for a file at the top (ir.yaml). */
export function folderOf(path: string): string | null {
  const slash = path.indexOf('/');
  return slash > 0 ? path.slice(0, slash) : null;
}

/** The manifest of a folder listing the given paths (relative to the output directory), sorted, without timestamps. */
export function manifestFile(folder: string, paths: Iterable<string>): OutputFile {
  const inside = [...new Set(paths)].map((p) => p.slice(folder.length + 1)).sort();
  return { path: manifestPath(folder), content: `${HEADER}${inside.map((p) => `${p}\n`).join('')}` };
}

/**
 * The paths (relative to the output directory) a folder's manifest lists, or null when the folder has
 * none (a folder written before manifests existed, or never written). Lines that are not plain relative
 * paths are ignored.
 */
export function readManifest(outDir: string, folder: string): string[] | null {
  const file = join(outDir, manifestPath(folder));
  if (!existsSync(file)) return null;
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== MANIFEST_NAME && SAFE_PATH.test(line))
    .map((line) => `${folder}/${line}`);
}

import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { OutputFile } from '../targets/target.js';

/**
 * Writes files under outDir atomically: each goes to a temporary file in its final directory, then is
 * renamed over the target, so a reader (or a crash) never sees a half-written config.
 */
export function writeOutputs(outDir: string, files: readonly OutputFile[]): string[] {
  const written: string[] = [];
  const root = resolve(outDir);
  for (const file of files) {
    const target = join(root, file.path);
    if (!target.startsWith(root)) throw new Error(`refusing to write outside ${outDir}: ${file.path}`);
    mkdirSync(dirname(target), { recursive: true });
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      writeFileSync(temp, file.content, { mode: file.mode ?? 0o644 });
      renameSync(temp, target);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
    written.push(join(outDir, file.path));
  }
  return written;
}

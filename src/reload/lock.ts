import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';

/** The lock file of one output folder: `DIR/<target>/wsctl-reload.lock`, holding the owner's pid. */
export function reloadLockPath(configDir: string): string {
  return join(configDir, 'wsctl-reload.lock');
}

/** True when a process with this pid exists (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the reload lock of a proxy's folder, so two `wsctl reload` runs (a CI job and a --watch, say)
 * never interleave their writes, checks and reloads. Created exclusively; a lock whose process is gone
 * is stale and taken over. Returns a release function, or the pid of the live owner.
 */
export function acquireReloadLock(configDir: string): { release: () => void } | { heldBy: number } {
  mkdirSync(configDir, { recursive: true });
  const path = reloadLockPath(configDir);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return { release: () => rmSync(path, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let owner = Number.NaN;
      try {
        owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
      } catch {
        // removed meanwhile: try again
      }
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) return { heldBy: owner };
      rmSync(path, { force: true });
    }
  }
  throw new Error(`could not take the reload lock ${path}`);
}

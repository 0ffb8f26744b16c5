import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { proxyBinary, runBinary, type CommandResult } from './binaries.js';
import { childPids, isAlive, processTitle, rssBytes, startedAt, uptimeSeconds } from './proc.js';
import type { Generation } from './types.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The master PID in DIR/nginx/nginx.pid when that process is a live nginx master, else null. */
export function nginxMaster(prefix: string): number | null {
  const file = join(prefix, 'nginx.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return pid > 0 && isAlive(pid) && processTitle(pid).startsWith('nginx: master') ? pid : null;
}

/** `nginx -t -p DIR/nginx -c nginx.conf`: the check nginx itself does before it loads a config. */
export function checkNginx(prefix: string): CommandResult {
  return runBinary(proxyBinary('nginx'), ['-t', '-q', '-p', prefix, '-c', 'nginx.conf'], prefix);
}

/** Worker processes of a master (cache helpers excluded). */
function workers(master: number): number[] {
  return childPids(master).filter((pid) => processTitle(pid).includes('worker process'));
}

/**
 * `nginx -p DIR/nginx -c nginx.conf -s reload` (as the docs and run.sh tell users), then waits until the
 * master has forked workers that were not there before and the old ones stopped accepting. Throws when the
 * signal fails or no new worker appears (nginx keeps its old config when the new one does not load).
 */
export async function reloadNginx(prefix: string, master: number, timeoutMs = 20_000): Promise<void> {
  const before = new Set(workers(master));
  const signal = runBinary(proxyBinary('nginx'), ['-p', prefix, '-c', 'nginx.conf', '-s', 'reload'], prefix);
  if (signal.status !== 0) throw new Error(`nginx -s reload failed: ${signal.output.trim()}`);
  const deadline = Date.now() + timeoutMs;
  // loaded once new workers run and every old one has stopped accepting (retitled "shutting down", or gone)
  const swapped = (): boolean => {
    const now = workers(master);
    const draining = (pid: number): boolean => !now.includes(pid) || processTitle(pid).includes('shutting down');
    return now.some((pid) => !before.has(pid) && !processTitle(pid).includes('shutting down')) && [...before].every(draining);
  };
  while (!swapped()) {
    if (Date.now() > deadline) throw new Error(`nginx forked no new worker within ${timeoutMs} ms of the reload (see ${join(prefix, 'error.log')})`);
    await sleep(20);
  }
  // an old worker retitles itself just before it closes its listening sockets: let it finish, so a
  // connection made after this returns reaches the new generation
  await sleep(100);
}

/** Workers forked further apart than this belong to different generations (one reload forks all at once). */
const SAME_GENERATION_S = 0.15;

/** nginx worker generations, oldest first: workers "shutting down" grouped by start time, then the current ones. */
export function nginxGenerations(master: number): Generation[] {
  const now = uptimeSeconds();
  const all = workers(master).map((pid) => ({ pid, start: startedAt(pid), draining: processTitle(pid).includes('shutting down') }));
  const draining = all.filter((w) => w.draining && !Number.isNaN(w.start)).sort((a, b) => a.start - b.start);
  const groups: { pids: number[]; start: number; last: number }[] = [];
  for (const w of draining) {
    const last = groups[groups.length - 1];
    if (last && w.start - last.last <= SAME_GENERATION_S) {
      last.pids.push(w.pid);
      last.last = w.start;
    } else groups.push({ pids: [w.pid], start: w.start, last: w.start });
  }
  const current = all.filter((w) => !w.draining);
  const generation = (pids: number[], start: number, isCurrent: boolean): Generation => ({
    pids,
    current: isCurrent,
    rssBytes: pids.reduce((sum, pid) => sum + rssBytes(pid), 0),
    ageSeconds: Math.max(0, Math.round(now - start)),
  });
  const result = groups.map((g) => generation(g.pids, g.start, false));
  if (current.length) result.push(generation(current.map((w) => w.pid), Math.min(...current.map((w) => w.start)), true));
  return result;
}

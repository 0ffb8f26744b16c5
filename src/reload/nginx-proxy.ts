import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { proxyBinary, runBinary, type CommandResult } from './binaries.js';
import { childPids, holdsAnySocket, isAlive, listeningInodes, processTitle, rssBytes, startedAt, uptimeSeconds } from './proc.js';
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
  // an old worker retitles itself just before it closes its listening sockets: wait until none holds
  // one, so a connection made after this returns reaches the new generation
  const listening = listeningInodes();
  while ([...before].some((pid) => holdsAnySocket(pid, listening)) && Date.now() < deadline) await sleep(10);
}

/** Workers forked further apart than this belong to different generations (one reload forks all at once). */
const SAME_GENERATION_S = 0.15;

/** The generations wsctl saw serving (worker PIDs each, oldest first), kept beside nginx.conf. */
function knownFile(prefix: string): string {
  return join(prefix, 'wsctl-workers.json');
}

function readKnown(prefix: string): number[][] {
  try {
    const known = JSON.parse(readFileSync(knownFile(prefix), 'utf8')) as unknown;
    return Array.isArray(known) ? known.filter((g): g is number[] => Array.isArray(g) && g.every((p) => typeof p === 'number')) : [];
  } catch {
    return [];
  }
}

function writeKnown(prefix: string, known: number[][]): void {
  const file = knownFile(prefix);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(known)}\n`);
  renameSync(temp, file);
}

/**
 * nginx worker generations, oldest first. Which workers belong together is remembered from when wsctl
 * saw them serving (DIR/nginx/wsctl-workers.json, updated here): a generation forked while the
 * previous one was still starting has nearly the same start time, so start times alone could merge
 * them. Workers wsctl never saw serving (reloads made outside it) are grouped by start time.
 */
export function nginxGenerations(master: number, prefix: string): Generation[] {
  const now = uptimeSeconds();
  const all = workers(master).map((pid) => ({ pid, start: startedAt(pid), draining: processTitle(pid).includes('shutting down') }));
  const alive = new Set(all.map((w) => w.pid));
  const known = readKnown(prefix).map((g) => g.filter((pid) => alive.has(pid))).filter((g) => g.length > 0);
  const current = all.filter((w) => !w.draining).map((w) => w.pid);
  const seen = new Set(known.flat());
  const fresh = current.filter((pid) => !seen.has(pid));
  if (fresh.length) known.push(fresh);
  writeKnown(prefix, known);
  const startOf = new Map(all.map((w) => [w.pid, w.start]));
  const groups: number[][] = known.map((g) => g.filter((pid) => !current.includes(pid))).filter((g) => g.length > 0);
  const unknown = all.filter((w) => w.draining && !seen.has(w.pid) && !Number.isNaN(w.start)).sort((a, b) => a.start - b.start);
  let last = Number.NEGATIVE_INFINITY;
  for (const w of unknown) {
    if (w.start - last > SAME_GENERATION_S) groups.push([]);
    groups[groups.length - 1]?.push(w.pid);
    last = w.start;
  }
  const begun = (pids: number[]): number => Math.min(...pids.map((pid) => startOf.get(pid) ?? now));
  const generation = (pids: number[], isCurrent: boolean): Generation => ({
    pids,
    current: isCurrent,
    rssBytes: pids.reduce((sum, pid) => sum + rssBytes(pid), 0),
    ageSeconds: Math.max(0, Math.round(now - begun(pids))),
  });
  const result = groups.sort((a, b) => begun(a) - begun(b)).map((g) => generation(g, false));
  if (current.length) result.push(generation(current, true));
  return result;
}

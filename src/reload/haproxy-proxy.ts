import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { proxyBinary, runBinary, type CommandResult } from './binaries.js';
import { masterCommand } from './master-cli.js';
import { showProc, type HaproxyProcs } from './haproxy-proc.js';
import { rssBytes, startedAt, uptimeSeconds } from './proc.js';
import type { Generation } from './types.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The master CLI socket run.sh starts haproxy with. */
export function masterSocket(configDir: string): string {
  return join(configDir, 'master.sock');
}

/** The master's process list when a haproxy master answers on DIR/haproxy/master.sock, else null. */
export async function haproxyMaster(configDir: string): Promise<HaproxyProcs | null> {
  const socket = masterSocket(configDir);
  // a master busy starting, reloading or just starved of CPU may refuse or drop a connection: ask again
  // for a few seconds before concluding that nothing runs (a stale socket file stays refused)
  const deadline = Date.now() + 5_000;
  while (existsSync(socket)) {
    try {
      const procs = await showProc(socket, 3_000);
      if (procs.masterPid > 0) return procs;
    } catch {
      // asked again below
    }
    if (Date.now() > deadline) return null;
    await sleep(100);
  }
  return null;
}

/** `haproxy -c -f haproxy.cfg` from the config's directory, as run.sh runs it. */
export function checkHaproxy(configDir: string): CommandResult {
  return runBinary(proxyBinary('haproxy'), ['-c', '-q', '-f', 'haproxy.cfg'], configDir);
}

/**
 * `reload` on the master CLI (the reload the docs and run.sh name), then waits until `show proc` lists
 * a current worker that was not there before. Throws when the master counts a failed reload (it keeps
 * the old worker then) or no new worker appears in time.
 */
export async function reloadHaproxy(configDir: string, before: HaproxyProcs, timeoutMs = 20_000): Promise<HaproxyProcs> {
  const socket = masterSocket(configDir);
  const old = new Set(before.workers.map((w) => w.pid));
  await masterCommand(socket, 'reload');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await sleep(25);
    const now = await showProc(socket).catch(() => null);
    if (now && now.failed > before.failed) throw new Error(`haproxy refused the reload (failed reloads: ${now.failed}); the old worker keeps serving`);
    if (now?.workers.some((w) => w.current && !old.has(w.pid))) return now;
    if (Date.now() > deadline) throw new Error(`haproxy started no new worker within ${timeoutMs} ms of the reload`);
  }
}

/** haproxy worker generations, oldest first: one worker process per generation. */
export function haproxyGenerations(procs: HaproxyProcs): Generation[] {
  const now = uptimeSeconds();
  return [...procs.workers]
    .sort((a, b) => Number(a.current) - Number(b.current) || b.reloads - a.reloads)
    .map((w) => ({ pids: [w.pid], current: w.current, rssBytes: rssBytes(w.pid), ageSeconds: Math.max(0, Math.round(now - startedAt(w.pid))) }));
}

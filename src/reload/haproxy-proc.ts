import { masterCommand } from './master-cli.js';

/** One haproxy worker as the master's `show proc` lists it. */
export interface HaproxyWorker {
  /** Worker PID. */
  pid: number;
  /** Reloads it has survived (0 for the current worker). */
  reloads: number;
  /** False for an old worker still draining after a reload. */
  current: boolean;
}

/** The master's view of its processes: reload counters and workers. */
export interface HaproxyProcs {
  /** Master PID. */
  masterPid: number;
  /** Reloads the master performed. */
  reloads: number;
  /** Reloads that failed (the master kept the old workers). */
  failed: number;
  /** Every worker, current first, then old ones newest first as haproxy lists them. */
  workers: HaproxyWorker[];
}

/** Parses `show proc` (2.6 layout: a master line, then `# workers` and `# old workers` sections). */
export function parseShowProc(text: string): HaproxyProcs {
  let section = '';
  const procs: HaproxyProcs = { masterPid: 0, reloads: 0, failed: 0, workers: [] };
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) {
      section = line.includes('old workers') ? 'old' : line.includes('workers') ? 'current' : line.includes('programs') ? 'programs' : section;
      continue;
    }
    const cols = line.trim().split(/\s+/);
    if (cols.length < 3 || !/^\d+$/.test(cols[0] ?? '')) continue;
    const pid = Number(cols[0]);
    if (cols[1] === 'master') {
      procs.masterPid = pid;
      procs.reloads = Number(cols[2]);
      procs.failed = Number(/failed: (\d+)/.exec(line)?.[1] ?? 0);
    } else if (cols[1] === 'worker' && (section === 'current' || section === 'old')) {
      procs.workers.push({ pid, reloads: Number(cols[2]), current: section === 'current' });
    }
  }
  return procs;
}

/** `show proc` from the master CLI, parsed. */
export async function showProc(socket: string, timeoutMs?: number): Promise<HaproxyProcs> {
  return parseShowProc(await masterCommand(socket, 'show proc', timeoutMs));
}

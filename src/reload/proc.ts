import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Reads a /proc file, or null when the process is gone. */
function readProc(pid: number, file: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return null;
  }
}

/** True while the process exists. */
export function isAlive(pid: number): boolean {
  return readProc(pid, 'stat') !== null;
}

/** Direct children of a process. */
export function childPids(pid: number): number[] {
  const text = readProc(pid, `task/${pid}/children`);
  return text ? text.trim().split(/\s+/).filter(Boolean).map(Number) : [];
}

/** The process title (cmdline, NUL bytes as spaces), or '' when gone. */
export function processTitle(pid: number): string {
  return (readProc(pid, 'cmdline') ?? '').replace(/\0/g, ' ').trim();
}

/** Resident memory of a process in bytes (VmRSS), 0 when gone. */
export function rssBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readProc(pid, 'status') ?? '');
  return match ? Number(match[1]) * 1024 : 0;
}

const CLOCK_TICKS = 100;

/** Seconds since boot when the process started (from /proc/PID/stat), NaN when gone. */
export function startedAt(pid: number): number {
  const stat = readProc(pid, 'stat');
  if (!stat) return Number.NaN;
  // fields after the parenthesised command name; starttime is field 22 overall
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[19]) / CLOCK_TICKS;
}

/** Seconds since boot now. */
export function uptimeSeconds(): number {
  return Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
}

/** Inodes of listening TCP sockets (IPv4 and IPv6), from /proc/net. */
export function listeningInodes(): Set<string> {
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // st 0A = LISTEN; the inode is column 10
      if (cols[3] === '0A' && cols[9]) inodes.add(cols[9]);
    }
  }
  return inodes;
}

/** True while the process holds one of the given socket inodes open. */
export function holdsAnySocket(pid: number, inodes: Set<string>): boolean {
  let fds: string[] = [];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false;
  }
  for (const fd of fds) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match && inodes.has(match[1] ?? '')) return true;
    } catch {
      // closed meanwhile
    }
  }
  return false;
}

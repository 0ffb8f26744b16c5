import { readFileSync } from 'node:fs';

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

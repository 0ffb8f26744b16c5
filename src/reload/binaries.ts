import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The proxy binary: the NGINX / HAPROXY environment variable (as run.sh reads NGINX), else PATH, else /usr/sbin. */
export function proxyBinary(name: 'nginx' | 'haproxy'): string {
  const fromEnv = process.env[name.toUpperCase()];
  if (fromEnv) return fromEnv;
  const which = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const found = which.stdout.trim();
  if (which.status === 0 && found) return found;
  return existsSync(`/usr/sbin/${name}`) ? `/usr/sbin/${name}` : name;
}

/** Outcome of running a proxy binary to completion. */
export interface CommandResult {
  /** Exit status (null when killed or not started). */
  status: number | null;
  /** stdout and stderr together. */
  output: string;
}

/** Runs a binary with arguments in a directory and collects its output (30 s at most). */
export function runBinary(bin: string, args: readonly string[], cwd: string): CommandResult {
  const result = spawnSync(bin, args, { cwd, encoding: 'utf8', timeout: 30_000 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`;
  return { status: result.status, output };
}

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireBinary } from '../harness/binaries.js';
import { compileSpec, type GatewayRunner, type RunningGateway } from '../harness/gateway.js';
import { waitForPort } from '../harness/ports.js';
import { killPid, run, startProcess, type TrackedProcess } from '../harness/processes.js';
import type { Gateway } from '../../../src/spec/types.generated.js';

/** PIDs of a process's children (nginx workers of a master), from /proc. */
function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** True when pid is still an nginx process (guards against killing a reused PID). */
function isNginx(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('nginx');
  } catch {
    return false;
  }
}

/** True once an old worker stopped accepting: exited, or retitled itself "worker process is shutting down". */
function isDraining(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('shutting down');
  } catch {
    return true;
  }
}

function readIfExists(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/** Compiles, checks with `nginx -t`, and returns the prefix directory (DIR/nginx). */
function compileAndTest(spec: Gateway, dir: string): string {
  const prefix = join(compileSpec(spec, dir, 'nginx', { allowDegraded: true }), 'nginx');
  const test = run(requireBinary('nginx'), ['-t', '-q', '-p', prefix, '-c', 'nginx.conf']);
  if (test.status !== 0) throw new Error(`nginx -t failed for ${prefix}:\n${test.output}`);
  return prefix;
}

let started = 0;

/** How a test starts nginx: as users do, through the generated run.sh, optionally under a lower hard fd limit. */
export interface NginxStartOptions {
  /** `ulimit -n` (soft and hard) of the shell that runs run.sh; absent = this process's limits. */
  fdLimit?: number;
}

/** Starts DIR/nginx/run.sh (NGINX points it at the installed binary); run.sh execs nginx, so the PID is the master's. */
export function startRunScript(prefix: string, options: NginxStartOptions = {}): TrackedProcess {
  const env = { ...process.env, NGINX: requireBinary('nginx') };
  const script = join(prefix, 'run.sh');
  if (options.fdLimit === undefined) return startProcess(script, [], { env });
  return startProcess('/bin/sh', ['-c', `ulimit -n ${options.fdLimit} && exec "$0"`, script], { env });
}

/** Starts a compiled spec on nginx with options; the runner below uses the defaults. */
export async function startNginx(spec: Gateway, workDir: string, options: NginxStartOptions = {}): Promise<RunningGateway> {
  const nginx = requireBinary('nginx');
  const dir = join(workDir, `nginx-${++started}`);
  const prefix = compileAndTest(spec, dir);
  const master = startRunScript(prefix, options);
  const workers = new Set<number>();
  const trackWorkers = (): number[] => {
    const now = childPids(master.pid);
    for (const pid of now) workers.add(pid);
    return now;
  };
  const ports = spec.spec.listeners.map((l) => l.port);
  try {
    await Promise.all(ports.map((port) => waitForPort(port, 10_000)));
  } catch (error) {
    await master.stop();
    throw new Error(`nginx did not start: ${String(error)}\n${master.output()}${readIfExists(join(prefix, 'error.log'))}`);
  }
  trackWorkers();
  const gateway: RunningGateway = {
    target: 'nginx',
    outDir: join(dir, 'out'),
    async reload(next?: Gateway) {
      if (next) compileAndTest(next, dir);
      const before = new Set(trackWorkers());
      const signal = run(nginx, ['-p', prefix, '-c', 'nginx.conf', '-s', 'reload']);
      if (signal.status !== 0) throw new Error(`nginx -s reload failed: ${signal.output}`);
      const deadline = Date.now() + 10_000;
      // the new configuration serves once new workers run and every old one has stopped accepting
      const swapped = (): boolean => trackWorkers().some((pid) => !before.has(pid)) && [...before].every(isDraining);
      while (!swapped()) {
        if (Date.now() > deadline) throw new Error(`nginx did not swap workers after reload:\n${gateway.logs()}`);
        await sleep(25);
      }
      // the title changes just before the listening sockets close
      await sleep(50);
    },
    async stop() {
      trackWorkers();
      await master.stop();
      for (const pid of workers) if (isNginx(pid)) killPid(pid, 'SIGKILL');
    },
    logs() {
      return `${master.output()}${readIfExists(join(prefix, 'error.log'))}${readIfExists(join(prefix, 'access.log'))}`;
    },
  };
  return gateway;
}

/**
 * Runs a compiled spec on real nginx the way users start it: the generated run.sh (fd check, then
 * nginx in the foreground, so the master stays a tracked child); every worker (old ones draining after
 * a reload too) is stopped by PID. Reload is `nginx -p DIR -c nginx.conf -s reload`.
 */
export const nginxRunner: GatewayRunner = {
  target: 'nginx',
  start: (spec, workDir) => startNginx(spec, workDir),
};

/** The prefix directory (DIR/nginx) of a running nginx gateway, for tests that read its files. */
export function nginxPrefix(gateway: RunningGateway): string {
  return join(gateway.outDir, 'nginx');
}

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Gateway } from '../../../src/spec/types.generated.js';
import { requireBinary } from '../harness/binaries.js';
import { compileSpec, type GatewayRunner, type RunningGateway } from '../harness/gateway.js';
import { waitForPort } from '../harness/ports.js';
import { killPid, run, startProcess } from '../harness/processes.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** PIDs of a process's direct children (haproxy workers of the master), from /proc. */
function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** True when pid is still a haproxy process (guards against killing a reused PID). */
function isHaproxy(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('haproxy');
  } catch {
    return false;
  }
}

/** Compiles a spec for haproxy, checks it with `haproxy -c -dW` (warnings are errors), returns DIR/haproxy. */
export function compileAndCheck(spec: Gateway, dir: string): string {
  const configDir = join(compileSpec(spec, dir, 'haproxy', { allowDegraded: true }), 'haproxy');
  const check = run(requireBinary('haproxy'), ['-c', '-dW', '-f', 'haproxy.cfg'], configDir);
  if (check.status !== 0) throw new Error(`haproxy -c -dW failed for ${configDir}:\n${check.output}`);
  return configDir;
}

/** The master PID haproxy wrote to DIR/haproxy/haproxy.pid, once it is there. */
async function masterPidFromFile(configDir: string, timeoutMs: number): Promise<number> {
  const file = join(configDir, 'haproxy.pid');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pid = existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : 0;
    if (pid > 0) return pid;
    if (Date.now() > deadline) throw new Error(`no master PID in ${file}`);
    await sleep(25);
  }
}

let started = 0;

/**
 * Runs a compiled spec on real haproxy exactly as users do: the generated `run.sh` (fd check, then
 * `exec haproxy -W -S unix@master.sock... -f haproxy.cfg` in master-worker mode from DIR/haproxy).
 * The master PID comes from the pid file run.sh's haproxy leaves; reload is SIGUSR2 to it; every
 * worker, draining ones included, is stopped by PID.
 */
export const haproxyRunner: GatewayRunner = {
  target: 'haproxy',
  async start(spec, workDir) {
    requireBinary('haproxy');
    const dir = join(workDir, `haproxy-${++started}`);
    const configDir = compileAndCheck(spec, dir);
    const master = startProcess(join(configDir, 'run.sh'), [], { cwd: configDir });
    const workers = new Set<number>();
    const trackWorkers = (): number[] => {
      const now = childPids(master.pid);
      for (const pid of now) workers.add(pid);
      return now;
    };
    // run.sh refusing (fd check) or haproxy failing to start ends the process: fail at once, not at the port wait
    const exited = new Promise<never>((_, reject) => master.child.once('exit', (code) => reject(new Error(`run.sh exited with ${String(code)}`))));
    exited.catch(() => undefined);
    try {
      await Promise.race([Promise.all(spec.spec.listeners.map((l) => waitForPort(l.port, 10_000))), exited]);
    } catch (error) {
      await master.stop();
      throw new Error(`haproxy did not start: ${String(error)}\n${master.output()}`);
    }
    // run.sh execs haproxy, so the process we started is the master the pid file names
    const pidFromFile = await masterPidFromFile(configDir, 5_000);
    if (pidFromFile !== master.pid) {
      await master.stop();
      throw new Error(`haproxy.pid names ${pidFromFile}, but run.sh's process is ${master.pid}`);
    }
    trackWorkers();
    const loads = (): number => (master.output().match(/Loading success/g) ?? []).length;
    const reloadsAcknowledged = (): number => (master.output().match(/Reloading HAProxy/g) ?? []).length;
    const gateway: RunningGateway = {
      target: 'haproxy',
      outDir: join(dir, 'out'),
      async reload(next?: Gateway) {
        if (next) compileAndCheck(next, dir);
        const before = loads();
        const acknowledgedBefore = reloadsAcknowledged();
        const workersBefore = new Set(trackWorkers());
        process.kill(master.pid, 'SIGUSR2');
        const deadline = Date.now() + 15_000;
        let resendAt = Date.now() + 250;
        // the new configuration serves once the master has forked a worker that was not there before
        // (and logged the load, when its output reached us). Observed on 2.6.12: a SIGUSR2 that
        // arrives while a freshly started master is still setting up its loop is dropped, so resend,
        // but only while the master has not logged "Reloading HAProxy": a second signal to a busy
        // master would start a second reload and make a loaded machine slower still.
        while (!trackWorkers().some((pid) => !workersBefore.has(pid))) {
          if (Date.now() > deadline) throw new Error(`haproxy did not reload:\n${master.output()}`);
          if (Date.now() > resendAt && reloadsAcknowledged() === acknowledgedBefore) {
            process.kill(master.pid, 'SIGUSR2');
            resendAt = Date.now() + 250;
          }
          await sleep(10);
        }
        const logDeadline = Date.now() + 200;
        while (loads() <= before && Date.now() < logDeadline) await sleep(10);
      },
      async stop() {
        trackWorkers();
        await master.stop();
        for (const pid of workers) if (isHaproxy(pid)) killPid(pid, 'SIGKILL');
      },
      logs() {
        return master.output();
      },
    };
    return gateway;
  },
};

/** The config directory (DIR/haproxy) of a running haproxy gateway. */
export function haproxyConfigDir(gateway: RunningGateway): string {
  return join(gateway.outDir, 'haproxy');
}

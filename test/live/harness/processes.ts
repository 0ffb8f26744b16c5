import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

/** A process started by a test; stopped by PID in teardown. */
export interface TrackedProcess {
  /** OS process id. */
  pid: number;
  /** The child process. */
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Sends SIGTERM, then SIGKILL after a grace period; resolves when it exited. */
  stop(): Promise<void>;
}

const running = new Set<TrackedProcess>();

/** Starts a process and tracks it so that stopAllProcesses() can end it. */
export function startProcess(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): TrackedProcess {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    child.once('exit', () => resolve());
  });
  const tracked: TrackedProcess = {
    pid: child.pid,
    child,
    output: () => out,
    async stop() {
      running.delete(tracked);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
  running.add(tracked);
  return tracked;
}

/** Stops every process started through startProcess (call in afterAll/afterEach). */
export async function stopAllProcesses(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop()));
}

/** Kills a process by PID read from a pid file (daemons that fork), ignoring one already gone. */
export function killPid(pid: number, signal: NodeJS.Signals = 'SIGTERM'): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** Runs a command to completion; returns exit status and output. */
export function run(command: string, args: string[], cwd?: string): { status: number; output: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  return { status: result.status ?? -1, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

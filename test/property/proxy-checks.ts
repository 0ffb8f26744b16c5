/**
 * The proxies' own config checks, run asynchronously so several can run at once: `nginx -t` and
 * `haproxy -c -dW` (warnings are errors). Neither binds a port or starts serving.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** What a config check said. */
export interface CheckOutcome {
  /** True when the proxy accepted the config. */
  ok: boolean;
  /** Everything it printed, for the failure report. */
  output: string;
}

/** Path of a proxy binary; a missing one fails the property (the test command installs both). */
export function proxyBinary(name: 'nginx' | 'haproxy'): string {
  const found = [`/usr/sbin/${name}`, `/usr/bin/${name}`, `/usr/local/sbin/${name}`].find((p) => existsSync(p));
  if (!found) throw new Error(`${name} is not installed; run the test command (npm test), which installs it with apt-get`);
  return found;
}

function runCheck(command: string, args: string[], cwd: string): Promise<CheckOutcome> {
  return new Promise((resolve) => {
    // execFile kills the child on timeout, so no check outlives the test
    execFile(command, args, { cwd, timeout: 30_000, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ ok: error === null, output: `${stdout}${stderr}${error && !stderr ? String(error) : ''}` });
    });
  });
}

/** `nginx -t` on DIR/nginx/nginx.conf with DIR/nginx as prefix. */
export function nginxCheck(outDir: string): Promise<CheckOutcome> {
  return runCheck(proxyBinary('nginx'), ['-t', '-p', join(outDir, 'nginx'), '-c', 'nginx.conf'], join(outDir, 'nginx'));
}

/** `haproxy -c -dW -f haproxy.cfg` run in DIR/haproxy (helper files are relative to it). */
export function haproxyCheck(outDir: string): Promise<CheckOutcome> {
  return runCheck(proxyBinary('haproxy'), ['-c', '-dW', '-f', 'haproxy.cfg'], join(outDir, 'haproxy'));
}

/** Runs async tasks with at most `size` in flight; resolves when all added tasks have settled. */
export function createPool(size: number): { add(task: () => Promise<void>): void; drain(): Promise<void> } {
  const queue: (() => Promise<void>)[] = [];
  const inFlight = new Set<Promise<void>>();
  const settled: Promise<void>[] = [];
  const pump = (): void => {
    while (inFlight.size < size && queue.length > 0) {
      const task = queue.shift() as () => Promise<void>;
      const running: Promise<void> = task().finally(() => {
        inFlight.delete(running);
        pump();
      });
      inFlight.add(running);
      settled.push(running);
    }
  };
  return {
    add(task) {
      queue.push(task);
      pump();
    },
    async drain() {
      while (queue.length > 0 || inFlight.size > 0) await Promise.allSettled([...inFlight]);
      await Promise.all(settled);
    },
  };
}

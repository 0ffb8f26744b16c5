import { existsSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import type { Gateway } from '../../../src/spec/types.generated.js';
import { requireEnvoy } from '../harness/binaries.js';
import { compileSpec, type GatewayRunner, type RunningGateway } from '../harness/gateway.js';
import { waitForPort } from '../harness/ports.js';
import { startProcess, type TrackedProcess } from '../harness/processes.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One admin request over the static bootstrap's unix socket (DIR/envoy/admin.sock): status and body. */
export function envoyAdmin(envoyDir: string, path: string, method = 'GET', timeoutMs = 3_000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: join(envoyDir, 'admin.sock'), path, method, timeout: timeoutMs, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('admin request timed out')));
    req.on('error', reject);
    req.end();
  });
}

/** The admin's server_info, or undefined while no epoch answers on admin.sock. */
async function serverInfo(envoyDir: string): Promise<{ state: string; epoch: number } | undefined> {
  try {
    // short: a request that reaches the old epoch as it closes its admin socket gets no answer;
    // no keep-alive (agent: false), or the old epoch's admin connection would keep answering
    const { status, body } = await envoyAdmin(envoyDir, '/server_info', 'GET', 1_000);
    if (status !== 200) return undefined;
    const info = JSON.parse(body) as { state?: string; command_line_options?: { restart_epoch?: number } };
    return { state: info.state ?? '', epoch: info.command_line_options?.restart_epoch ?? 0 };
  } catch {
    return undefined;
  }
}

/** Waits until epoch `epoch` answers on admin.sock as LIVE (its listeners are serving). */
async function waitLive(envoyDir: string, epoch: number, process: TrackedProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const info = await serverInfo(envoyDir);
    if (info?.state === 'LIVE' && info.epoch === epoch) return;
    if (process.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`envoy epoch ${epoch} did not become LIVE (${JSON.stringify(info)}):\n${process.output()}`);
    }
    await sleep(50);
  }
}

/** Removes the hot-restart shared memory of the base id run.sh picked (Envoy leaves it in /dev/shm). */
function removeSharedMemory(envoyDir: string): void {
  const file = join(envoyDir, 'base-id');
  const baseId = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (/^[0-9]+$/.test(baseId)) rmSync(`/dev/shm/envoy_shared_memory_${baseId}0`, { force: true });
}

let started = 0;

/**
 * Runs a compiled spec on real Envoy the way users do: `ENVOY=... DIR/envoy/run.sh` (epoch 0, free
 * base id written to DIR/envoy/base-id). Reload is a hot restart, `run.sh --restart-epoch N`: the old
 * epoch drains its live sockets for --drain-time-s. Every epoch is stopped by its PID (run.sh execs
 * Envoy, so the started PID is Envoy's), and the hot-restart shared memory of the base id is removed.
 */
export const envoyRunner: GatewayRunner = {
  target: 'envoy',
  async start(spec, workDir) {
    const env = { ...process.env, ENVOY: requireEnvoy() };
    const dir = join(workDir, `envoy-${++started}`);
    const outDir = compileSpec(spec, dir, 'envoy', { allowDegraded: true });
    const envoyDir = join(outDir, 'envoy');
    const epochs: TrackedProcess[] = [];
    const launch = (epoch: number): TrackedProcess => {
      const args = [join(envoyDir, 'run.sh'), ...(epoch ? ['--restart-epoch', String(epoch)] : []), '--log-level', 'warn'];
      const epochProcess = startProcess('sh', args, { cwd: dir, env });
      epochs.push(epochProcess);
      return epochProcess;
    };
    const first = launch(0);
    try {
      await waitLive(envoyDir, 0, first, 15_000);
      await Promise.all(spec.spec.listeners.map((l) => waitForPort(l.port, 5_000)));
    } catch (error) {
      await first.stop();
      removeSharedMemory(envoyDir);
      throw error;
    }
    const gateway: RunningGateway = {
      target: 'envoy',
      outDir,
      async reload(next?: Gateway) {
        if (next) compileSpec(next, dir, 'envoy', { allowDegraded: true });
        const epoch = epochs.length;
        await waitLive(envoyDir, epoch, launch(epoch), 15_000);
        // the child is LIVE once the parent was told to stop its listeners; let that land
        await sleep(100);
      },
      async stop() {
        await Promise.all(epochs.map((p) => p.stop()));
        removeSharedMemory(envoyDir);
      },
      logs() {
        const accessLog = join(envoyDir, 'access.log');
        return `${epochs.map((p) => p.output()).join('')}${existsSync(accessLog) ? readFileSync(accessLog, 'utf8') : ''}`;
      },
    };
    return gateway;
  },
};

/** The directory of a running Envoy gateway's run.sh, envoy.yaml and admin.sock. */
export function envoyDir(gateway: RunningGateway): string {
  return join(gateway.outDir, 'envoy');
}

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { compileSpec, type GatewayRunner, type RunningGateway } from '../harness/gateway.js';

const require = createRequire(import.meta.url);

/** The workerd binary the miniflare package runs, or undefined when the package or its binary is missing. */
export function findWorkerd(): string | undefined {
  try {
    const bin = join(require.resolve('@cloudflare/workerd-linux-64/package.json'), '..', 'bin', 'workerd');
    require.resolve('miniflare');
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

/** Why Worker tests cannot run here (undefined when they can); under CI=true a missing workerd throws instead. */
export function workerdUnavailable(): string | undefined {
  if (findWorkerd()) return undefined;
  const why = 'workerd not found: the miniflare dev dependency (which brings @cloudflare/workerd-linux-64) is not installed; run npm ci';
  if (process.env['CI'] === 'true') throw new Error(why);
  return why;
}

/** What wrangler reads from wrangler.toml to run the Worker: its module and compatibility date. */
function wranglerSettings(toml: string): { main: string; compatibilityDate: string } {
  const value = (key: string): string => {
    const found = new RegExp(`^${key} = "([^"]*)"$`, 'm').exec(toml)?.[1];
    if (found === undefined) throw new Error(`wrangler.toml has no ${key}`);
    return found;
  };
  return { main: value('main'), compatibilityDate: value('compatibility_date') };
}

/** A Worker running under workerd. */
export interface RunningWorker {
  /** Everything the Worker (and workerd) printed so far. */
  output(): string;
  /** Disposes miniflare, which ends workerd. */
  stop(): Promise<void>;
}

/**
 * Runs a generated DIR/cloudflare as `wrangler dev` does: the module wrangler.toml names, with its
 * compatibility date, passed as text (miniflare refuses a script path outside its working directory),
 * under the real workerd, listening on 127.0.0.1:port. The Worker's console output is collected.
 */
export async function startWorker(workerDir: string, port: number): Promise<RunningWorker> {
  const settings = wranglerSettings(readFileSync(join(workerDir, 'wrangler.toml'), 'utf8'));
  const { Miniflare } = await import('miniflare');
  let output = '';
  const collect = (stream: Readable): void => {
    stream.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  };
  const mf = new Miniflare({
    modules: true,
    script: readFileSync(join(workerDir, settings.main), 'utf8'),
    compatibilityDate: settings.compatibilityDate,
    host: '127.0.0.1',
    port,
    handleRuntimeStdio: (stdout: Readable, stderr: Readable) => {
      collect(stdout);
      collect(stderr);
    },
  });
  try {
    await mf.ready;
  } catch (error) {
    await mf.dispose().catch(() => undefined);
    throw new Error(`workerd did not start: ${String(error)}\n${output}`);
  }
  return { output: () => output, stop: () => mf.dispose() };
}

let started = 0;

/**
 * The parity runner: compiles the spec for cloudflare (--allow-degraded: idle timeouts always degrade)
 * and runs the Worker on the spec's one listener port (startWorker).
 */
export const cloudflareRunner: GatewayRunner = {
  target: 'cloudflare',
  async start(spec, workDir) {
    const listeners = spec.spec.listeners;
    if (listeners.length !== 1) throw new Error('the cloudflare runner serves exactly one listener (a Worker has no ports of its own)');
    const outDir = compileSpec(spec, join(workDir, `cloudflare-${++started}`), 'cloudflare', { allowDegraded: true });
    const worker = await startWorker(join(outDir, 'cloudflare'), listeners[0]?.port ?? 0);
    return {
      target: 'cloudflare',
      outDir,
      reload: () => Promise.reject(new Error('a Worker has no reload: Cloudflare deploys new versions (drain is degraded on this target)')),
      stop: () => worker.stop(),
      logs: () => worker.output(),
    } satisfies RunningGateway;
  },
};

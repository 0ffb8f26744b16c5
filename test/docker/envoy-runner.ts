import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Gateway } from '../../src/spec/types.generated.js';
import { compileSpec, type GatewayRunner, type RunningGateway } from '../live/harness/gateway.js';
import { waitForPort } from '../live/harness/ports.js';
import { docker, ENVOY_IMAGE } from './docker.js';

let started = 0;

/** Reads the listener port of a spec (the parity scenarios use one listener). */
function firstPort(spec: Gateway): number {
  const port = spec.spec.listeners[0]?.port;
  if (!port) throw new Error('spec has no listener');
  return port;
}

/**
 * Runs a compiled spec on Envoy in a container with host networking, so the scenarios' echo backends
 * on 127.0.0.1 and the listener ports are shared with the test process. The container's first process
 * only sleeps: Envoy runs beside it through run.sh, so a hot restart (reload) can start epoch N+1
 * while epoch N drains, exactly as outside Docker.
 */
export const envoyDockerRunner: GatewayRunner = {
  target: 'envoy',
  async start(spec, workDir): Promise<RunningGateway> {
    const outDir = resolve(compileSpec(spec, workDir, 'envoy', { allowDegraded: true }));
    const name = `wsctl-envoy-${process.pid}-${++started}`;
    const baseId = 1000 + started;
    const logFile = join(outDir, 'envoy', 'envoy.log');
    let epoch = 0;
    // spec-referenced files (certs, keys, JWKS) may live in the repo or the work dir: mount both at the same path
    docker([
      'run', '-d', '--rm', '--name', name, '--network', 'host', '--user', `${process.getuid?.() ?? 0}`,
      '-v', `${resolve(workDir)}:${resolve(workDir)}`, '-v', `${process.cwd()}:${process.cwd()}:ro`,
      '--entrypoint', 'sleep', ENVOY_IMAGE, 'infinity',
    ]);
    const launch = (): void => {
      const args = `--restart-epoch ${epoch} --base-id ${baseId}`;
      docker(['exec', '-d', '-w', join(outDir, 'envoy'), name, 'sh', '-c', `sh run.sh ${args} >> envoy.log 2>&1`]);
    };
    launch();
    await waitForPort(firstPort(spec), 20_000);
    return {
      target: 'envoy',
      outDir,
      async reload(next?: Gateway): Promise<void> {
        if (next) compileSpec(next, workDir, 'envoy', { allowDegraded: true });
        epoch += 1;
        launch();
        // the new epoch takes the listening sockets over; give it time to load the config
        await new Promise((r) => setTimeout(r, 1_500));
      },
      async stop(): Promise<void> {
        docker(['rm', '-f', name]);
      },
      logs(): string {
        return existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
      },
    };
  },
};

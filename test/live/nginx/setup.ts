import { afterAll } from 'vitest';
import type { Gateway } from '../../../src/spec/types.generated.js';
import { startEchoBackend, type EchoBackend } from '../harness/echo-backend.js';
import { makeWorkDir, type RunningGateway } from '../harness/gateway.js';
import { freePort } from '../harness/ports.js';
import { stopAllProcesses } from '../harness/processes.js';
import { nginxRunner } from './runner.js';

type Spec = Gateway['spec'];

/** A live nginx scenario: echo backends, a gateway on a free port, all torn down after the file. */
export interface Scenario {
  /** The running gateway. */
  gateway: RunningGateway;
  /** Port of its first listener. */
  port: number;
  /** ws://127.0.0.1:PORT (or wss://). */
  base: string;
  /** The echo backends, in the order asked. */
  backends: EchoBackend[];
}

const cleanups: (() => Promise<void> | void)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await stopAllProcesses();
});

/** A fresh temporary directory removed after the file. */
export function workDir(name: string): string {
  const { dir, cleanup } = makeWorkDir(`nginx-${name}`);
  cleanups.push(cleanup);
  return dir;
}

/**
 * Starts `count` echo backends (ids b0, b1, ...) and an nginx gateway whose spec `build` returns from
 * the port and backend endpoints; every process is stopped by PID after the file.
 */
export async function scenario(
  name: string,
  count: number,
  build: (port: number, endpoints: { address: string; port: number }[]) => Spec,
  options: { tls?: boolean } = {},
): Promise<Scenario> {
  const backends = await Promise.all(Array.from({ length: count }, (_, i) => startEchoBackend(`b${i}`)));
  cleanups.push(() => Promise.all(backends.map((b) => b.close())).then(() => undefined));
  const port = await freePort();
  const spec: Gateway = {
    apiVersion: 'wsctl/v1',
    kind: 'Gateway',
    metadata: { name },
    spec: build(port, backends.map((b) => ({ address: '127.0.0.1', port: b.port }))),
  };
  const gateway = await nginxRunner.start(spec, workDir(name));
  cleanups.push(() => gateway.stop());
  return { gateway, port, base: `${options.tls ? 'wss' : 'ws'}://127.0.0.1:${port}`, backends };
}

/** A spec with one plain listener on port, one route and one backend; override what a test needs. */
export function simpleSpec(port: number, endpoints: { address: string; port: number }[], route: Partial<Spec['routes'][number]> = {}, backend: Partial<Spec['backends'][number]> = {}): Spec {
  return {
    listeners: [{ name: 'public', port, address: '127.0.0.1' }],
    routes: [{ name: 'ws', match: { path: '/ws' }, backend: 'app', ...route }],
    backends: [{ name: 'app', endpoints: endpoints as Spec['backends'][number]['endpoints'], ...backend }],
  };
}

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import type { ReloadReport } from '../../../src/reload/types.js';
import type { Gateway, GatewaySpec } from '../../../src/spec/types.generated.js';
import { wsctlInProcess } from '../../unit/cli/in-process.js';
import { startEchoBackend, type EchoBackend } from '../harness/echo-backend.js';
import type { RunningGateway } from '../harness/gateway.js';
import { freePort } from '../harness/ports.js';
import { haproxyRunner } from '../haproxy/runner.js';
import { nginxRunner } from '../nginx/runner.js';
import type { Endpoints } from '../parity/kit.js';

/** Targets wsctl reload applies to. */
export const RELOAD_TARGETS = ['nginx', 'haproxy'] as const;
/** One of them. */
export type ReloadTargetName = (typeof RELOAD_TARGETS)[number];

/** A gateway started through its run.sh, with its spec file and the way to apply a new spec with wsctl reload. */
export interface ReloadFixture {
  /** The proxy, as the target's runner started it. */
  gateway: RunningGateway;
  /** ws://127.0.0.1:PORT. */
  base: string;
  /** Listener port. */
  port: number;
  /** Echo backends, in port order (their ids b0, b1... are in start order) */
  backends: EchoBackend[];
  /** Their endpoints. */
  endpoints: Endpoints;
  /** The spec file wsctl reload reads. */
  specFile: string;
  /** Writes the spec to the spec file and runs `wsctl reload --json`; returns its exit status and report. */
  apply(spec: GatewaySpec): Promise<{ status: number; report: ReloadReport; stderr: string }>;
  /** A file of the running config directory (DIR/<target>/name). */
  read(name: string): string;
  /** Stops the proxy and the backends. */
  stop(): Promise<void>;
}

/** A gateway named reload with the given spec body. */
export function gatewayOf(spec: GatewaySpec): Gateway {
  return { apiVersion: 'wsctl/v1', kind: 'Gateway', metadata: { name: 'reload' }, spec };
}

/** Starts `count` echo backends and the target's proxy on the spec `build` returns, started through run.sh. */
export async function startFixture(target: ReloadTargetName, dir: string, count: number, build: (port: number, endpoints: Endpoints) => GatewaySpec): Promise<ReloadFixture> {
  const backends = await Promise.all(Array.from({ length: count }, (_, i) => startEchoBackend(`b${i}`)));
  // in port order, as the IR sorts them: b1 is the endpoint after b0, and haproxy names them app-1, app-2
  backends.sort((a, b) => a.port - b.port);
  const endpoints = backends.map((b) => ({ address: '127.0.0.1', port: b.port }));
  const port = await freePort();
  const runner = target === 'nginx' ? nginxRunner : haproxyRunner;
  const gateway = await runner.start(gatewayOf(build(port, endpoints)), dir);
  const specFile = join(dirname(gateway.outDir), 'gateway.yaml');
  return {
    gateway,
    base: `ws://127.0.0.1:${port}`,
    port,
    backends,
    endpoints,
    specFile,
    async apply(spec) {
      writeFileSync(specFile, stringify(gatewayOf(spec)));
      const result = await wsctlInProcess(['reload', specFile, '--target', target, '--out', gateway.outDir, '--allow-degraded', '--json']);
      return { status: result.status, report: JSON.parse(result.stdout) as ReloadReport, stderr: result.stderr };
    },
    read: (name) => readFileSync(join(gateway.outDir, target, name), 'utf8'),
    async stop() {
      await gateway.stop();
      await Promise.all(backends.map((b) => b.close()));
    },
  };
}

/** PIDs of the generation serving new connections. */
export function currentPids(report: ReloadReport): number[] {
  return report.status?.generations.find((g) => g.current)?.pids ?? [];
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import type { Gateway } from '../../../src/spec/types.generated.js';
import { nginxSizing } from '../../../src/targets/nginx/sizing.js';
import { startEchoBackend, type EchoBackend } from '../harness/echo-backend.js';
import { compileSpec, makeWorkDir, type RunningGateway } from '../harness/gateway.js';
import { freePort } from '../harness/ports.js';
import { run, stopAllProcesses } from '../harness/processes.js';
import { connect } from '../harness/ws-client.js';
import { startNginx } from './runner.js';

/** Sockets the gateway is compiled for: large enough that one worker cannot hold them all under the fds run.sh asks for. */
const MAX = 1000;
const work = makeWorkDir('nginx-capacity');
let backend: EchoBackend;
let port: number;

const spec = (listen: number): Gateway => ({
  apiVersion: 'wsctl/v1',
  kind: 'Gateway',
  metadata: { name: 'capacity' },
  spec: {
    listeners: [{ name: 'public', port: listen, address: '127.0.0.1' }],
    routes: [{ name: 'ws', match: { path: '/ws' }, backend: 'app' }],
    backends: [{ name: 'app', endpoints: [{ address: '127.0.0.1', port: backend.port }] }],
    limits: { maxConnections: MAX },
  },
});

beforeAll(async () => {
  backend = await startEchoBackend('b0');
  port = await freePort();
});

afterAll(async () => {
  await stopAllProcesses();
  await backend.close();
  work.cleanup();
});

describe('nginx: sized per worker, started through run.sh', () => {
  it(`holds limits.maxConnections (${MAX}) sockets with exactly the fds run.sh asks for, then answers 503`, { timeout: 60_000 }, async () => {
    const sizing = nginxSizing(MAX, 1);
    const gateway: RunningGateway = await startNginx(spec(port), work.dir, { fdLimit: sizing.rlimitNofile });
    const open: WebSocket[] = [];
    try {
      for (let batch = 0; batch < MAX / 50; batch++) {
        const results = await Promise.all(Array.from({ length: 50 }, () => connect(`ws://127.0.0.1:${port}/ws`, { handshakeTimeout: 10_000 })));
        for (const r of results) if (r.ok) open.push(r.ws);
        const refused = results.filter((r) => !r.ok);
        expect(refused.map((r) => (r.ok ? 101 : `${r.status} ${r.error ?? ""}`)), `batch ${batch}: ${gateway.logs().slice(-1500)}`).toEqual([]);
      }
      expect(open.length).toBe(MAX);
      const over = await Promise.all(Array.from({ length: 5 }, () => connect(`ws://127.0.0.1:${port}/ws`, { handshakeTimeout: 10_000 })));
      expect(over.map((r) => (r.ok ? 101 : r.status))).toEqual([503, 503, 503, 503, 503]);
      const logs = gateway.logs();
      expect(logs).not.toMatch(/Too many open files|worker_connections are not enough|setrlimit/);
    } finally {
      for (const ws of open) ws.terminate();
      await gateway.stop();
    }
  });

  it('run.sh refuses to start nginx when the hard fd limit is below what a worker needs', () => {
    const dir = `${work.dir}/refused`;
    const prefix = `${compileSpec(spec(port), dir, 'nginx')}/nginx`;
    const need = nginxSizing(MAX, 1).rlimitNofile;
    const result = run('/bin/sh', ['-c', `ulimit -n ${need - 1} && exec "$0"`, `${prefix}/run.sh`]);
    expect(result.status).toBe(1);
    expect(result.output).toContain(`needs ${need} file descriptors per worker; the hard limit here is ${need - 1}`);
  });
});

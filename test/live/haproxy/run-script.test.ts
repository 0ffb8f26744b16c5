import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../src/spec/types.generated.js';
import { startEchoBackend } from '../harness/echo-backend.js';
import { makeWorkDir } from '../harness/gateway.js';
import { freePort } from '../harness/ports.js';
import { stopAllProcesses } from '../harness/processes.js';
import { mustConnect, roundTrip } from '../harness/ws-client.js';
import { haproxyConfigDir, haproxyRunner } from './runner.js';

const work = makeWorkDir('haproxy-run');
afterAll(async () => {
  await stopAllProcesses();
  work.cleanup();
});

/** Sends one command to a haproxy CLI on a UNIX socket and returns its whole answer. */
function cli(socketPath: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    let out = '';
    socket.on('data', (chunk: Buffer) => (out += chunk.toString()));
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
    // half-close: the master CLI answers and then closes its side
    socket.end(`${command}\n`);
  });
}

/**
 * The master CLI, retried while it refuses connections: right after start, on a loaded machine, the 2.6
 * master briefly refused a connection to master.sock that the listener already served (1 run in 6).
 */
async function cliWhenReady(socketPath: string, command: string): Promise<string> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    try {
      return await cli(socketPath, command);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ECONNREFUSED' || Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

describe('haproxy run.sh', () => {
  it('starts haproxy 2.6 in master-worker mode with its master CLI on master.sock', async () => {
    const backend = await startEchoBackend('b0');
    const port = await freePort();
    const spec: Gateway = {
      apiVersion: 'wsctl/v1',
      kind: 'Gateway',
      metadata: { name: 'runsh' },
      spec: {
        listeners: [{ name: 'public', port, address: '127.0.0.1' }],
        routes: [{ name: 'ws', match: { path: '/ws' }, backend: 'app' }],
        backends: [{ name: 'app', endpoints: [{ address: '127.0.0.1', port: backend.port }] }],
      },
    };
    const gateway = await haproxyRunner.start(spec, work.dir);
    try {
      const dir = haproxyConfigDir(gateway);
      const { ws } = await mustConnect(`ws://127.0.0.1:${port}/ws`);
      expect((await roundTrip(ws, 'via run.sh')).data.toString()).toBe('via run.sh');
      ws.close();
      const procs = await cliWhenReady(join(dir, 'master.sock'), 'show proc');
      const masterPid = readFileSync(join(dir, 'haproxy.pid'), 'utf8').trim();
      expect(procs).toMatch(new RegExp(`^${masterPid}\\s+master`, 'm'));
      expect(procs).toMatch(/^\d+\s+worker/m);
    } finally {
      await gateway.stop();
      await backend.close();
    }
  });
});

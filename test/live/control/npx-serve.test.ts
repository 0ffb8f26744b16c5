/**
 * `npx wsctl serve`, exactly as the README starts it, stopped the way a supervisor or `docker stop` stops it:
 * SIGTERM to the npm process. npm hands the signal to the `sh -c` it runs wsctl under, which dies without
 * passing it on (observed: the server kept serving, orphaned, holding its ports). wsctl must notice and stop.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../harness/ports.js';
import { pollFor } from '../harness/poll.js';
import { killPid, startProcess, type TrackedProcess } from '../harness/processes.js';

const started: TrackedProcess[] = [];
const descendants: number[] = [];
afterAll(async () => {
  for (const pid of descendants) killPid(pid, 'SIGKILL');
  for (const p of started) await p.stop();
});

/** Child PIDs of a process (Linux /proc). */
function children(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Every descendant of a process, nearest first. */
function tree(pid: number): number[] {
  const out: number[] = [];
  for (const child of children(pid)) out.push(child, ...tree(child));
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

describe('npx wsctl serve (as the README runs it)', () => {
  it('stops when npm gets SIGTERM, although npm does not pass the signal on to it', { timeout: 60_000 }, async () => {
    const [xdsPort, adminPort] = [await freePort(), await freePort()];
    const npx = startProcess('npx', ['wsctl', 'serve', '--spec', 'examples/minimal.yaml', '--xds-address', '127.0.0.1', '--xds-port', String(xdsPort), '--admin-port', String(adminPort)]);
    started.push(npx);
    await pollFor('serve.started from npx wsctl serve', async () => (npx.output().includes('"serve.started"') ? true : undefined), 30_000);
    const server = tree(npx.pid).find((pid) => /^\S*node \S*wsctl serve /.test(commandLine(pid)));
    descendants.push(...tree(npx.pid));
    expect(server, `the wsctl node process under npx (tree: ${tree(npx.pid).map((p) => `${p}: ${commandLine(p)}`).join('; ')})`).toBeDefined();
    const serverPid = server as number;
    expect(serverPid).not.toBe(npx.pid);

    npx.child.kill('SIGTERM');
    await pollFor(`wsctl serve (pid ${serverPid}) to exit after npm got SIGTERM`, async () => (alive(serverPid) ? undefined : true), 10_000);
    expect(npx.output()).toContain('"serve.orphaned"');
    // its ports are free again
    const { createServer } = await import('node:net');
    await new Promise<void>((resolve, reject) => {
      const probe = createServer().once('error', reject).listen(adminPort, '127.0.0.1', () => probe.close(() => resolve()));
    });
  });
});

/**
 * The acceptance command, live: `wsctl compile examples/chat.yaml --target cloudflare
 * --allow-degraded` writes a Worker that runs under workerd and enforces the example's routing, 426,
 * Origin and JWT checks. Its endpoints (10.0.0.11/12) are never contacted: every request here is refused
 * before the Worker would fetch.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wsctlInProcess } from '../../unit/cli/in-process.js';
import { makeWorkDir } from '../harness/gateway.js';
import { freePort } from '../harness/ports.js';
import { rawRequest, upgradeLines } from '../parity/kit.js';
import { startWorker, workerdUnavailable, type RunningWorker } from './runner.js';

const unavailable = workerdUnavailable();
const work = makeWorkDir('cloudflare-example');
let worker: RunningWorker | undefined;
let port = 0;

beforeAll(async () => {
  if (unavailable) return;
  const compiled = await wsctlInProcess(['compile', 'examples/chat.yaml', '--target', 'cloudflare', '--allow-degraded', '--out', work.dir]);
  expect(compiled.status, compiled.stderr).toBe(0);
  port = await freePort();
  worker = await startWorker(join(work.dir, 'cloudflare'), port);
}, 30_000);

afterAll(async () => {
  await worker?.stop();
  work.cleanup();
});

const request = (lines: string[]): Promise<{ status: number; head: string }> => rawRequest(port, lines);
const upgrade = (host: string, path: string, extra: string[]): string[] => upgradeLines(path, extra).map((l) => (l === 'Host: 127.0.0.1' ? `Host: ${host}` : l));

describe.skipIf(unavailable !== undefined)('examples/chat.yaml as a Cloudflare Worker under workerd', () => {
  it('answers a plain request on the WebSocket route with 426', async () => {
    const res = await request(['GET /ws HTTP/1.1', 'Host: chat.example.com', 'Connection: close']);
    expect(res.status).toBe(426);
  });

  it('routes by host and path only: another host or path is 404', async () => {
    expect((await request(upgrade('other.example.com', '/ws', ['Origin: https://chat.example.com']))).status).toBe(404);
    expect((await request(upgrade('chat.example.com', '/elsewhere', ['Origin: https://chat.example.com']))).status).toBe(404);
  });

  it('refuses upgrades without exactly one allowed Origin', async () => {
    expect((await request(upgrade('chat.example.com', '/ws', []))).status).toBe(403);
    expect((await request(upgrade('chat.example.com', '/ws', ['Origin: https://evil.example.com']))).status).toBe(403);
    expect((await request(upgrade('chat.example.com', '/ws', ['Origin: https://chat.example.com', 'Origin: https://chat.example.com']))).status).toBe(403);
  });

  it('refuses an allowed-Origin upgrade without a valid JWT with 401', async () => {
    const origin = 'Origin: https://chat.example.com';
    expect((await request(upgrade('chat.example.com', '/ws', [origin]))).status).toBe(401);
    expect((await request(upgrade('chat.example.com', '/ws', [origin, 'Authorization: Bearer a.b.c']))).status).toBe(401);
    expect((await request(upgrade('chat.example.com', '/ws?access_token=e30.e30.AAAA', [origin]))).status).toBe(401);
  });
});

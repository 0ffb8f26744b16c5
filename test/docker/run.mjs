#!/usr/bin/env node
// npm run test:docker: the Docker-based integration tests. Skips (exit 0) with the reason printed
// when no Docker engine answers. Otherwise: compiles test/docker/gateway.yaml for every proxy, starts
// the compose stack (Envoy, nginx, HAProxy + echo backends), smoke-tests each proxy over WebSocket,
// then runs the parity scenarios on Envoy (test/docker/envoy-parity.test.ts). Needs `npm run build`.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const out = join(repo, 'test/docker/.out');
const compose = ['compose', '-f', join(repo, 'test/docker/compose.yaml')];
const env = { ...process.env, WSCTL_REPO: repo, WSCTL_OUT: out };

function sh(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: repo, env, stdio: 'inherit', ...options });
  return result.status ?? 1;
}

const info = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8' });
if (info.error || info.status !== 0) {
  const why = info.error ? `docker is not installed (${info.error.message})` : (info.stderr || info.stdout).trim().split('\n')[0];
  process.stdout.write(`test:docker skipped: no Docker engine answers \`docker info\` (${why})\n`);
  process.exit(0);
}

const PROXIES = [
  ['envoy', 18080],
  ['nginx', 18080],
  ['haproxy', 18080],
];

let failed = 0;
for (const [target] of PROXIES) {
  if (sh('./bin/run.js', ['compile', 'test/docker/gateway.yaml', '--target', target, '--allow-degraded', '--out', out]) !== 0) process.exit(1);
}

/** One WebSocket round trip through the proxy on port, with an allowed Origin. */
async function smoke(target, port) {
  const { default: WebSocket } = await import('ws');
  await new Promise((resolveDone, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`, { origin: 'https://chat.example.com' });
    const timer = setTimeout(() => reject(new Error('timed out')), 10_000);
    socket.on('open', () => socket.send('ping'));
    socket.on('message', (data) => {
      clearTimeout(timer);
      socket.close();
      /^b[12]:ping$/.test(data.toString()) ? resolveDone() : reject(new Error(`unexpected echo ${data}`));
    });
    socket.on('error', reject);
  });
  process.stdout.write(`ok   ${target}: WebSocket echo through the proxy\n`);
}

// one proxy at a time: they share the listener port on the host network
for (const [target, port] of PROXIES) {
  sh('docker', [...compose, 'up', '-d', '--wait', 'echo-1', 'echo-2', target]);
  await new Promise((r) => setTimeout(r, 3_000));
  try {
    await smoke(target, port);
  } catch (error) {
    failed += 1;
    process.stdout.write(`FAIL ${target}: ${error.message}\n`);
    sh('docker', [...compose, 'logs', target]);
  }
  sh('docker', [...compose, 'rm', '-sf', target]);
}
sh('docker', [...compose, 'down']);

failed += sh('npx', ['vitest', 'run', 'test/docker']) === 0 ? 0 : 1;
process.exit(failed ? 1 : 0);

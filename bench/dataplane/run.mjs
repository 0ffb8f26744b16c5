// npm run bench:dataplane — the data plane through the generated configs (issue #8). Not a timed test.
//
// For each target (nginx, HAProxy, Envoy when ENVOY or `envoy` is there), started exactly as users do
// (the generated run.sh) in front of a `ws` echo server on 127.0.0.1 (its own process):
//   - memory: SOCKETS sockets held through the proxy; Pss summed over every proxy process (/proc), before,
//     with every socket idle, and idle again after each socket echoed SIZES (BATCH sockets at a time);
//     reported per socket as the growth over the baseline;
//   - upgrade rate, one at a time and CONCURRENCY in flight, through the proxy and direct to the backend,
//     interleaved block by block (order swapped each round);
//   - echo round trip of a 32-byte message, p50/p99, through the proxy and direct, alternating message
//     by message.
// Ratios to direct are what to compare: the absolute figures depend on the machine's load.
//
// Environment: TARGETS=nginx,haproxy,envoy,tcp-floor  SOCKETS=2000  FULL=1 (hold as many sockets as the host's
// fd limit lets each target's run.sh size for)  BATCH=200  SIZES=64,1024,8192  ROUNDS=6  MESSAGES=2000
// PLAIN_HTTP=proxy (the route also proxies plain HTTP)  WRITE=0 (print only, leave bench/RESULTS.md alone)  MEMORY_ONLY=1 (memory phase only, print only)  NOTE="..." (a line added to the results section)
// Experiments: NGINX_HTTP, NGINX_LOCATION, HAPROXY_GLOBAL, HAPROXY_DEFAULTS (see proxy.mjs).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { echoLatency, openMany, traffic, upgradeRates } from './client.mjs';
import { applyExperiment, benchSpec, compile, fdsNeeded, freePort, proxyMemory, startProxy, tcpFloor } from './proxy.mjs';
import { writeResults } from './results.mjs';

const env = process.env;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const envoyBin = env.ENVOY || (spawnSync('sh', ['-c', 'command -v envoy'], { encoding: 'utf8' }).stdout.trim() || '');
// tcp-floor: HAProxy relaying TCP with no HTTP at all (proxy.mjs), what any proxy hop costs
const targets = (env.TARGETS ?? `nginx,haproxy${envoyBin ? ',envoy' : ''},tcp-floor`).split(',').filter(Boolean);
const full = env.FULL === '1';
// MEMORY_ONLY=1: only the memory phase, printed, never written to bench/RESULTS.md (for trying settings)
const memoryOnly = env.MEMORY_ONLY === '1';
const options = {
  sockets: Number(env.SOCKETS ?? 2000),
  batch: Number(env.BATCH ?? 200),
  sizes: (env.SIZES ?? '64,1024,8192').split(',').map(Number),
  rounds: Number(env.ROUNDS ?? 6),
  messages: Number(env.MESSAGES ?? 2000),
  concurrency: Number(env.CONCURRENCY ?? 50),
  plainHttp: env.PLAIN_HTTP ?? 'reject',
};
const hardLimit = Number(spawnSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).stdout.trim()) || 1024;

function versions() {
  const first = (cmd, args) => {
    const r = spawnSync(cmd, args, { encoding: 'utf8' });
    return `${r.stdout}${r.stderr}`.trim().split('\n')[0];
  };
  return {
    nginx: first('nginx', ['-v']).replace('nginx version: nginx/', ''),
    haproxy: /version (\S+)/.exec(first('haproxy', ['-v']))?.[1] ?? '?',
    envoy: envoyBin ? (/version: \S+\/([\d.]+)/.exec(first(envoyBin, ['--version']))?.[1] ?? '?') : undefined,
    node: process.version,
  };
}

/** The largest maxConnections whose run.sh fits the host's hard fd limit (nginx, haproxy); Envoy: 2 fds a socket. */
function fullSize(dir, target, backendPort) {
  if (target === 'envoy' || target === 'tcp-floor') return Math.floor((hardLimit - 512) / 2);
  let lo = 100;
  let hi = hardLimit;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const configDir = compile(dir, target, benchSpec({ port: 1, backendPort, maxConnections: mid }));
    if (fdsNeeded(configDir, target) <= hardLimit) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

async function benchTarget(target, backendPort) {
  const dir = mkdtempSync(join(tmpdir(), `wsctl-dataplane-${target}-`));
  try {
    const sockets = full ? fullSize(dir, target, backendPort) : options.sockets;
    const port = await freePort();
    const maxConnections = full ? sockets : sockets + 10;
    const configDir = target === 'tcp-floor' ? tcpFloor(dir, port, backendPort, maxConnections) : compile(dir, target, benchSpec({ port, backendPort, maxConnections, plainHttp: options.plainHttp }));
    const experiment = applyExperiment(configDir, target);
    const proxy = await startProxy(configDir, port);
    const proxyUrl = `ws://127.0.0.1:${port}/ws`;
    const directUrl = `ws://127.0.0.1:${backendPort}/ws`;
    try {
      // one socket first, so that lazy start-up allocations are in the baseline
      const [probe] = await openMany(proxyUrl, 1);
      probe.terminate();
      await sleep(500);
      const base = proxyMemory(proxy.pid);
      const held = [];
      let openError = '';
      try {
        for (let i = 0; i < sockets; i += 1000) held.push(...(await openMany(proxyUrl, Math.min(1000, sockets - i))));
      } catch (error) {
        openError = String(error.message ?? error);
      }
      await sleep(1500);
      const idle = proxyMemory(proxy.pid);
      await traffic(held, options.sizes, options.batch);
      await sleep(1500);
      const after = proxyMemory(proxy.pid);
      const perSocket = (m) => (held.length ? (m.pssKib - base.pssKib) / held.length : 0);
      for (const ws of held) ws.terminate();
      process.stderr.write(`${target}: ${held.length} sockets held; memory done\n`);
      if (memoryOnly) return { target, experiment, sockets, held: held.length, openError, memoryKib: { base, idle, after }, kibPerSocket: { idle: perSocket(idle), after: perSocket(after) } };
      await sleep(3000);
      const sequential = await upgradeRates(proxyUrl, directUrl, { rounds: options.rounds, perBlock: 100, concurrency: 1 });
      process.stderr.write(`${target}: sequential upgrades done\n`);
      const concurrent = await upgradeRates(proxyUrl, directUrl, { rounds: options.rounds, perBlock: 400, concurrency: options.concurrency });
      process.stderr.write(`${target}: concurrent upgrades done\n`);
      await sleep(1000);
      const echo = await echoLatency(proxyUrl, directUrl, { messages: options.messages, size: 32 });
      return {
        target,
        experiment,
        sockets,
        held: held.length,
        openError,
        memoryKib: { base, idle, after },
        kibPerSocket: { idle: perSocket(idle), after: perSocket(after) },
        upgrades: { sequential, concurrent },
        echo,
      };
    } finally {
      await proxy.stop();
      if (target === 'envoy' && existsSync(join(configDir, 'base-id'))) {
        const baseId = readFileSync(join(configDir, 'base-id'), 'utf8').trim();
        if (/^[0-9]+$/.test(baseId)) rmSync(`/dev/shm/envoy_shared_memory_${baseId}0`, { force: true });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const backend = spawn(process.execPath, [new URL('./echo-server.mjs', import.meta.url).pathname], { stdio: ['pipe', 'pipe', 'inherit'] });
const backendPort = await new Promise((resolve, reject) => {
  backend.stdout.once('data', (c) => resolve(JSON.parse(String(c)).port));
  backend.once('exit', (code) => reject(new Error(`echo server exited with ${code}`)));
});
const started = new Date();
const loadBefore = loadavg();
const results = [];
try {
  for (const target of targets) {
    process.stderr.write(`${target}: starting\n`);
    results.push(await benchTarget(target, backendPort));
    console.log(JSON.stringify(results.at(-1)));
  }
} finally {
  backend.stdin.end();
  backend.kill();
}
const run = { started, loadBefore, loadAfter: loadavg(), hardLimit, full, options, versions: versions(), note: env.NOTE ?? '', results };
if (env.WRITE !== '0' && !memoryOnly) writeResults(new URL('../RESULTS.md', import.meta.url).pathname, run);
process.exit(0);

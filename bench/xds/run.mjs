// npm run bench:xds — xDS convergence benchmark (not a timed test; figures go to bench/RESULTS.md).
// For each variant (delta, sotw) and size (streams), N ADS clients in separate processes, one TCP
// connection each, subscribe 50 EDS clusters; one cluster changes; we time until every stream has ACKed
// the update (p50/p99/max), the server's CPU per stream per update, its RSS per idle stream and the bytes
// on the wire per stream; then the same clients against a trivial pre-encoded server (the client floor).
// Usage: node bench/xds/run.mjs [sizes, e.g. 1000,5000,10000] [updates, default 3]
import { fork } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';

const here = new URL('.', import.meta.url).pathname;
const sizes = (process.argv[2] ?? '1000,5000,10000').split(',').map(Number);
const updates = Number(process.argv[3] ?? 3);
const PER_PROCESS = 1000;

const once = (child, key) => new Promise((resolve) => {
  const onMessage = (msg) => {
    if (key in msg) {
      child.off('message', onMessage);
      resolve(msg);
    }
  };
  child.on('message', onMessage);
});

/** Awaits a promise, printing the clients' progress every 20 s; gives up after 300 s. */
async function withProgress(promise, clients, what) {
  for (let waited = 0; ; waited += 20) {
    const timer = new Promise((r) => setTimeout(() => r('timeout'), 20_000));
    const result = await Promise.race([promise, timer]);
    if (result !== 'timeout') return result;
    const progress = await Promise.all(clients.map((c) => (c.send({ cmd: 'progress' }), once(c, 'progress'))));
    console.error(`waiting for ${what}: ${JSON.stringify(progress.map((p) => p.progress))}`);
    if (waited >= 280) throw new Error(`gave up waiting for ${what}`);
  }
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const ms = (ns) => Math.round(Number(ns) / 1e5) / 10;

async function scenario(serverScript, mode, streams) {
  const server = fork(`${here}${serverScript}`, [], { execArgv: ['--expose-gc', '--max-old-space-size=4096', ...(process.env.XDS_BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.XDS_BENCH_PROF}`] : [])], stdio: 'inherit' });
  const { port } = await once(server, 'port');
  server.send({ cmd: 'stats' });
  const idle0 = await once(server, 'cpuUs');
  const clients = [];
  for (let i = 0; i < Math.ceil(streams / PER_PROCESS); i += 1) {
    const n = Math.min(PER_PROCESS, streams - i * PER_PROCESS);
    clients.push(fork(`${here}clients.mjs`, ['127.0.0.1', String(port), String(n), mode, '50', `c${i}`], { stdio: 'inherit' }));
  }
  const ready = clients.map((c) => once(c, 'ready'));
  for (const c of clients) c.send({ cmd: 'start' });
  await withProgress(Promise.all(ready), clients, `${streams} ${mode} streams to connect`);
  await new Promise((r) => setTimeout(r, 1000));
  server.send({ cmd: 'stats' });
  const idle1 = await once(server, 'cpuUs');
  const rounds = [];
  for (let u = 0; u < updates; u += 1) {
    const watching = clients.map((c) => once(c, 'watching'));
    for (const c of clients) c.send({ cmd: 'watch' });
    await Promise.all(watching);
    const done = clients.map((c) => once(c, 'done'));
    server.send({ cmd: 'stats' });
    const before = await once(server, 'cpuUs');
    server.send({ cmd: 'change' });
    const { t0 } = await once(server, 't0');
    const results = await withProgress(Promise.all(done), clients, `${streams} ${mode} streams to ACK update ${u + 1}`);
    server.send({ cmd: 'stats' });
    const after = await once(server, 'cpuUs');
    const latencies = results.flatMap((r) => r.done.map((t) => BigInt(t) - BigInt(t0))).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    rounds.push({
      p50: ms(percentile(latencies, 50)),
      p99: ms(percentile(latencies, 99)),
      max: ms(latencies[latencies.length - 1]),
      cpuUsPerStream: (after.cpuUs - before.cpuUs) / streams,
      bytesPerStream: results.reduce((s, r) => s + r.bytes, 0) / streams,
    });
    await new Promise((r) => setTimeout(r, 300));
  }
  for (const c of clients) c.kill('SIGKILL');
  server.send({ cmd: 'exit' });
  await new Promise((r) => server.once('exit', r));
  const median = (key) => rounds.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(rounds.length / 2)];
  return {
    server: serverScript.replace('.mjs', ''),
    mode,
    streams,
    p50Ms: median('p50'),
    p99Ms: median('p99'),
    maxMs: median('max'),
    cpuUsPerStreamPerUpdate: Math.round(median('cpuUsPerStream') * 10) / 10,
    rssKiBPerIdleStream: Math.round((idle1.rss - idle0.rss) / 1024 / streams * 10) / 10,
    bytesPerStreamPerUpdate: Math.round(median('bytesPerStream')),
  };
}

console.log(`# xDS bench: ${availableParallelism()} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}, ${updates} updates per scenario (median)`);
console.log('| server | mode | streams | p50 ms | p99 ms | max ms | server CPU µs/stream/update | server RSS KiB/idle stream | bytes/stream/update |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const streams of sizes) {
  for (const mode of (process.env.XDS_BENCH_MODES ?? 'delta,sotw').split(',')) {
    for (const server of (process.env.XDS_BENCH_SERVERS ?? 'server.mjs,floor-server.mjs').split(',')) {
      const r = await scenario(server, mode, streams);
      console.log(`| ${r.server === 'server' ? 'wsctl' : 'floor'} | ${r.mode} | ${r.streams} | ${r.p50Ms} | ${r.p99Ms} | ${r.maxMs} | ${r.cpuUsPerStreamPerUpdate} | ${r.server === 'server' ? r.rssKiBPerIdleStream : '–'} | ${r.bytesPerStreamPerUpdate} |`);
    }
  }
}

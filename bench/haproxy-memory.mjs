// HAProxy memory per proxied WebSocket (issue #8 item 7; goal <= 8 KB after traffic). Not a timed test.
// Usage: npm run build && node bench/haproxy-memory.mjs [sockets=2000] [extra global lines...]
// Compiles a one-route spec, starts haproxy with the generated run.sh, opens N sockets through it to a
// local ws echo server, and reads the worker's anonymous RSS (/proc/PID/status RssAnon): before, with
// N idle sockets, and after every socket echoed messages of 64 B, 1 KB and 8 KB (then idle again).
// Extra arguments are appended to the global section, to measure a tuning before making it a default.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket, { WebSocketServer } from 'ws';

const count = Number(process.argv[2] ?? 2000);
const extraGlobal = process.argv.slice(3);
// sockets echoing at the same time (BATCH=2000: all at once, the worst case for buffers in use together)
const batch = Number(process.env.BATCH ?? 500);
const bin = new URL('../bin/run.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'wsctl-haproxy-mem-'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Anonymous resident memory of a process in KB. */
function rssAnonKb(pid) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('RssAnon:'));
  return Number(line.split(/\s+/)[1]);
}

const workerPid = (masterPid) => Number(readFileSync(`/proc/${masterPid}/task/${masterPid}/children`, 'utf8').trim().split(/\s+/)[0]);

const echo = new WebSocketServer({ host: '127.0.0.1', port: 0 });
echo.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));
await new Promise((r) => echo.once('listening', r));
const port = await freePort();
writeFileSync(
  join(dir, 'gateway.yaml'),
  `apiVersion: wsctl/v1
kind: Gateway
metadata: { name: mem }
spec:
  listeners: [{ name: public, port: ${port}, address: 127.0.0.1 }]
  routes: [{ name: ws, match: { path: /ws }, backend: app }]
  backends: [{ name: app, endpoints: [{ address: 127.0.0.1, port: ${echo.address().port} }] }]
  limits: { maxConnections: ${Math.max(count + 100, 4096)} }
  accessLog: { enabled: ${process.env.ACCESS_LOG !== '0'} }
`,
);
const compiled = spawnSync(process.execPath, [bin, 'compile', join(dir, 'gateway.yaml'), '--target', 'haproxy', '--out', join(dir, 'out')], { encoding: 'utf8' });
if (compiled.status !== 0) throw new Error(compiled.stderr);
const cfg = join(dir, 'out', 'haproxy', 'haproxy.cfg');
if (extraGlobal.length) {
  const text = readFileSync(cfg, 'utf8').replace('\nglobal\n', `\nglobal\n${extraGlobal.map((l) => `    ${l}\n`).join('')}`);
  writeFileSync(cfg, text);
}
const master = spawn(join(dir, 'out', 'haproxy', 'run.sh'), [], { stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
master.stdout.on('data', (c) => (output += c));
master.stderr.on('data', (c) => (output += c));
const stop = () => {
  try {
    process.kill(master.pid, 'SIGTERM');
  } catch {}
};
process.on('exit', stop);

const open = () =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
const roundTrip = (ws, data) =>
  new Promise((resolve) => {
    ws.once('message', () => resolve());
    ws.send(data);
  });

for (let i = 0; i < 100; i++) {
  if (output.includes('Loading success')) break;
  await sleep(50);
}
await sleep(300);
const worker = workerPid(master.pid);
const base = rssAnonKb(worker);
const sockets = [];
for (let i = 0; i < count; i += 200) sockets.push(...(await Promise.all(Array.from({ length: Math.min(200, count - i) }, open))));
await sleep(500);
const idle = rssAnonKb(worker);
// message sizes in bytes (SIZES=64,1024,65536 to fill haproxy's 16 KB buffers)
const sizes = (process.env.SIZES ?? '64,1024,8192').split(',').map(Number);
for (const size of sizes) {
  const payload = Buffer.alloc(size, 'x');
  for (let i = 0; i < sockets.length; i += batch) await Promise.all(sockets.slice(i, i + batch).map((ws) => roundTrip(ws, payload)));
}
await sleep(500);
const after = rssAnonKb(worker);
const perSocket = (kb) => ((kb - base) / count).toFixed(2);
console.log(JSON.stringify({ sockets: count, batch, sizes, accessLog: process.env.ACCESS_LOG !== '0', extraGlobal, baseKb: base, idleKb: idle, afterTrafficKb: after, idleKbPerSocket: Number(perSocket(idle)), afterTrafficKbPerSocket: Number(perSocket(after)) }));
for (const ws of sockets) ws.terminate();
stop();
echo.close();
await sleep(300);
rmSync(dir, { recursive: true, force: true });
process.exit(0);

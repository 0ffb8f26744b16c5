// Compiles the benchmark's one-route gateway for a target and starts it exactly as users do: the
// generated run.sh. Also reads the proxy's memory from /proc (all of its processes).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';

const bin = new URL('../../bin/run.js', import.meta.url).pathname;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A TCP port on 127.0.0.1 the OS reports free. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** The one-route gateway the benchmark runs: a WebSocket-only route to one `ws` echo endpoint. */
export function benchSpec({ port, backendPort, maxConnections, plainHttp = 'reject' }) {
  return `apiVersion: wsctl/v1
kind: Gateway
metadata: { name: dataplane }
spec:
  listeners: [{ name: public, port: ${port}, address: 127.0.0.1 }]
  routes:
    - name: ws
      match: { path: /ws }
      backend: app
      websocket: { plainHttp: ${plainHttp} }
  backends: [{ name: app, endpoints: [{ address: 127.0.0.1, port: ${backendPort} }] }]
  limits: { maxConnections: ${maxConnections} }
`;
}

/** Compiles spec text for a target into dir/out; returns DIR/<target>. */
export function compile(dir, target, specText) {
  writeFileSync(join(dir, 'gateway.yaml'), specText);
  const out = join(dir, 'out');
  const result = spawnSync(process.execPath, [bin, 'compile', join(dir, 'gateway.yaml'), '--target', target, '--out', out], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`wsctl compile --target ${target} failed:\n${result.stderr}${result.stdout}`);
  return join(out, target);
}

/**
 * The hop's floor, not a generated config: HAProxy in plain TCP mode relaying bytes to the backend, no
 * HTTP parsing, no rules, no log. What a proxy costs over direct when it does nothing but relay. Written
 * to dir/floor with a run.sh like the generated ones.
 */
export function tcpFloor(dir, port, backendPort, maxConnections) {
  const configDir = join(dir, 'floor');
  mkdirSync(configDir, { recursive: true });
  writeFileSync(
    join(configDir, 'floor.cfg'),
    [
      'global',
      `    maxconn ${maxConnections + 64}`,
      'defaults',
      '    mode tcp',
      '    timeout connect 5s',
      '    timeout client 1h',
      '    timeout server 1h',
      'listen floor',
      `    bind 127.0.0.1:${port}`,
      `    server app 127.0.0.1:${backendPort}`,
      '',
    ].join('\n'),
  );
  writeFileSync(join(configDir, 'run.sh'), '#!/bin/sh\ncd "$(dirname "$0")" && exec haproxy -db -f floor.cfg\n', { mode: 0o755 });
  return configDir;
}

/** The fds run.sh demands of `ulimit -Hn` (nginx: `need=`; haproxy: 2 × maxconn + 64), for sizing to the host. */
export function fdsNeeded(configDir, target) {
  if (target === 'tcp-floor') return 0;
  if (target === 'nginx') return Number(/^need=(\d+)$/m.exec(readFileSync(join(configDir, 'run.sh'), 'utf8'))[1]);
  if (target === 'haproxy') return 2 * Number(/^\s*maxconn (\d+)$/m.exec(readFileSync(join(configDir, 'haproxy.cfg'), 'utf8'))[1]) + 64;
  return 0;
}

/**
 * Experiments without editing the generator: extra lines from the environment are inserted into the
 * generated config (lines separated by '|'): NGINX_HTTP / NGINX_LOCATION (after `proxy_buffering off;`),
 * HAPROXY_GLOBAL / HAPROXY_DEFAULTS; NGINX_LISTEN / HAPROXY_BIND are appended to every listen / TCP bind. Empty by default: the benchmark measures the generated config.
 */
export function applyExperiment(configDir, target) {
  const lines = (name) => (process.env[name] ? process.env[name].split('|').map((l) => l.trim()).filter(Boolean) : []);
  const edits = [];
  if (target === 'nginx') {
    const file = join(configDir, 'nginx.conf');
    let text = readFileSync(file, 'utf8');
    for (const l of lines('NGINX_HTTP')) (text = text.replace('\nhttp {\n', `\nhttp {\n    ${l}\n`)), edits.push(`http: ${l}`);
    if (process.env.NGINX_LISTEN) (text = text.replace(/^(\s+listen [^;]+);/gm, `$1 ${process.env.NGINX_LISTEN};`)), edits.push(`listen: ${process.env.NGINX_LISTEN}`);
    for (const l of lines('NGINX_LOCATION')) (text = text.replaceAll('proxy_buffering off;\n', `proxy_buffering off;\n            ${l}\n`)), edits.push(`location: ${l}`);
    writeFileSync(file, text);
  } else if (target === 'haproxy') {
    const file = join(configDir, 'haproxy.cfg');
    let text = readFileSync(file, 'utf8');
    for (const l of lines('HAPROXY_GLOBAL')) (text = text.replace('\nglobal\n', `\nglobal\n    ${l}\n`)), edits.push(`global: ${l}`);
    if (process.env.HAPROXY_BIND) (text = text.replace(/^(\s+bind (?!unix@)\S+)/gm, `$1 ${process.env.HAPROXY_BIND}`)), edits.push(`bind: ${process.env.HAPROXY_BIND}`);
    for (const l of lines('HAPROXY_DEFAULTS')) (text = text.replace('\ndefaults\n', `\ndefaults\n    ${l}\n`)), edits.push(`defaults: ${l}`);
    writeFileSync(file, text);
  }
  return edits;
}

function canConnect(port) {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

/** Starts DIR/<target>/run.sh and waits until the listener accepts. Returns { pid, stop, output }. */
export async function startProxy(configDir, port) {
  const child = spawn(join(configDir, 'run.sh'), [], { cwd: configDir, stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  let output = '';
  child.stdout.on('data', (c) => (output = (output + c).slice(-20_000)));
  child.stderr.on('data', (c) => (output = (output + c).slice(-20_000)));
  let exited = false;
  child.once('exit', () => (exited = true));
  const stop = async () => {
    // run.sh execs the proxy: the child's PID is nginx's / haproxy's master, or Envoy itself
    const pids = processTree(child.pid);
    if (!exited) child.kill('SIGTERM');
    for (let i = 0; i < 100 && !exited; i++) await sleep(50);
    if (!exited) child.kill('SIGKILL');
    for (const pid of pids.slice(1)) {
      try {
        process.kill(pid, 0);
        process.kill(pid, 'SIGKILL');
      } catch {}
    }
  };
  const deadline = Date.now() + 30_000;
  while (!(await canConnect(port))) {
    if (exited || Date.now() > deadline) {
      await stop();
      throw new Error(`${configDir}/run.sh did not start:\n${output}`);
    }
    await sleep(50);
  }
  // let every worker finish starting before the baseline is taken
  await sleep(1000);
  return { pid: child.pid, stop, output: () => output };
}

/** pid and all its descendants, from /proc/PID/task/TID/children. */
export function processTree(pid) {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    try {
      for (const task of readdirSafe(`/proc/${pids[i]}/task`)) {
        const children = readFileSync(`/proc/${pids[i]}/task/${task}/children`, 'utf8').trim();
        if (children) pids.push(...children.split(/\s+/).map(Number));
      }
    } catch {}
  }
  return pids;
}

function readdirSafe(path) {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

/**
 * Memory of a proxy in KiB, summed over all its processes: Pss (shared pages split between the processes
 * that map them, so nginx's two workers and master are not counted twice) and RssAnon.
 */
export function proxyMemory(pid) {
  let pss = 0;
  let anon = 0;
  for (const p of processTree(pid)) {
    try {
      pss += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'))[1]);
      anon += Number(/^RssAnon:\s+(\d+)/m.exec(readFileSync(`/proc/${p}/status`, 'utf8'))[1]);
    } catch {}
  }
  return { pssKib: pss, anonKib: anon };
}

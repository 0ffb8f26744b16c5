// Scale benchmark (npm run bench:scale; not part of the test suite): specs with N one-host tenant routes,
// compiled per target, next to each proxy's own check of the very output: CPU seconds and peak RSS from
// /usr/bin/time (GNU time), so a busy machine changes wall time but hardly the CPU figures.
// Usage: npm run build && node bench/scale.mjs [N...]   (default 1000 10000; the third size: 20000)
//        node bench/scale.mjs anyhost[:HOSTSxANY]   (default 200x200: HOSTS one-route hosts next to ANY routes
//        for any host on the same listener, which every host's nginx server and Envoy virtual host reaches)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const bin = resolve('bin/run.js');
const envoy = process.env.ENVOY ?? (existsSync('.tools/envoy/bin/envoy') ? resolve('.tools/envoy/bin/envoy') : 'envoy');
const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const anyHostArg = process.argv.slice(2).find((a) => a.startsWith('anyhost'));
const dir = mkdtempSync(join(tmpdir(), 'wsctl-scale-'));
writeFileSync(join(dir, 'tokens.txt'), 'bench-token-0123456789abcdef\n');

/** N tenants, each its own host on /ws; 500 backends of 10 endpoints; some Origin lists, tokens, per-route timeouts. */
function spec(n) {
  const lines = ['apiVersion: wsctl/v1', 'kind: Gateway', 'metadata: { name: scale }', 'spec:', '  listeners: [{ name: public, port: 8080, address: 127.0.0.1 }]', '  routes:'];
  for (let i = 0; i < n; i++) {
    let extra = '';
    if (i % 3 === 0) extra += `, allowedOrigins: [https://app${i % 7}.example.com]`;
    if (i % 50 === 0) extra += ', auth: { bearer: { tokensFile: tokens.txt } }';
    if (i % 10 === 0) extra += ', websocket: { idleTimeout: 90s, plainHttp: proxy }';
    lines.push(`    - { name: tenant-${i}, match: { hosts: [t${i}.example.com], path: /ws }, backend: b${i % 500}${extra} }`);
  }
  lines.push('  backends:');
  for (let b = 0; b < 500; b++) {
    const eps = Array.from({ length: 10 }, (_, e) => `{ address: 10.${Math.floor(b / 250)}.${b % 250}.${e + 1}, port: 9000 }`).join(', ');
    lines.push(`    - { name: b${b}, endpoints: [${eps}] }`);
  }
  lines.push('  limits: { maxConnections: 8000 }');
  return `${lines.join('\n')}\n`;
}

/** `hosts` tenants with one route each on /ws, and `any` routes for any host (/any-N) on the same listener. */
function anyHostSpec(hosts, any) {
  const lines = ['apiVersion: wsctl/v1', 'kind: Gateway', 'metadata: { name: anyhost }', 'spec:', '  listeners: [{ name: public, port: 8080, address: 127.0.0.1 }]', '  routes:'];
  for (let i = 0; i < hosts; i++) lines.push(`    - { name: tenant-${i}, match: { hosts: [t${i}.example.com], path: /ws }, backend: b }`);
  for (let i = 0; i < any; i++) lines.push(`    - { name: any-${i}, match: { path: /any-${i} }, backend: b${i % 3 === 0 ? ', allowedOrigins: [https://app.example.com]' : ''} }`);
  lines.push('  backends: [{ name: b, endpoints: [{ address: 127.0.0.1, port: 9000 }] }]');
  return `${lines.join('\n')}\n`;
}

/** CPU seconds (user + sys), peak RSS and wall seconds of one command; `expectStatus` for commands meant to fail. */
function measure(command, args, cwd, expectStatus = 0) {
  // stdout to /dev/null, not a pipe: Envoy opens /dev/stdout for its access log, which fails on a socket
  const started = process.hrtime.bigint();
  const run = spawnSync('/usr/bin/time', ['-f', 'WSCTL_TIME %U %S %M', command, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'ignore', 'pipe'] });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const m = /WSCTL_TIME ([\d.]+) ([\d.]+) (\d+)/.exec(run.stderr ?? '');
  const stderr = run.stderr ?? '';
  if (!m || run.status !== expectStatus) return { ok: false, cpu: NaN, rssMiB: NaN, wall, stderr, detail: stderr.split('\n').slice(-5).join(' ') };
  return { ok: true, cpu: Number(m[1]) + Number(m[2]), rssMiB: Math.round(Number(m[3]) / 1024), wall, stderr };
}

/** Total bytes of every file under a directory. */
function treeBytes(dir) {
  return readdirSync(dir, { withFileTypes: true }).reduce((sum, e) => sum + (e.isDirectory() ? treeBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0);
}

const checkOf = (target, out, id) => ({
  nginx: () => measure('nginx', ['-p', join(out, 'nginx'), '-c', 'nginx.conf', '-t'], join(out, 'nginx')),
  haproxy: () => measure('haproxy', ['-c', '-f', 'haproxy.cfg'], join(out, 'haproxy')),
  envoy: () => measure(envoy, ['--mode', 'validate', '-c', 'envoy.yaml', '--base-id', String(id)], join(out, 'envoy')),
})[target];
const fmt = (r) => (r.ok ? `${r.cpu.toFixed(2)} s CPU, ${r.rssMiB} MiB` : `FAILED ${r.detail}`);
if (anyHostArg) {
  const [hosts, any] = (anyHostArg.split(':')[1] ?? '200x200').split('x').map(Number);
  const file = join(dir, 'anyhost.yaml');
  writeFileSync(file, anyHostSpec(hosts, any));
  const out = join(dir, 'out-anyhost');
  console.log(`\n${hosts} one-route hosts + ${any} any-host routes on one listener (${hosts * any} host x any-host pairs)`);
  for (const target of ['nginx', 'haproxy', 'envoy']) {
    const compiled = measure(process.execPath, [bin, 'compile', file, '--target', target, '--out', out, '--allow-degraded']);
    const own = compiled.ok ? checkOf(target, out, 39000)() : { ok: false, detail: 'not compiled' };
    const bytes = compiled.ok ? treeBytes(join(out, target)) : NaN;
    console.log(`  ${target.padEnd(8)} compile ${fmt(compiled)} | own check ${fmt(own)} | output ${(bytes / 1024 / 1024).toFixed(2)} MiB (${Math.round(bytes / 1024)} KiB)`);
  }
}
for (const n of sizes.length || anyHostArg ? sizes : [1000, 10000]) {
  const file = join(dir, `scale-${n}.yaml`);
  writeFileSync(file, spec(n));
  const out = join(dir, `out-${n}`);
  console.log(`\n${n} routes (${(spec(n).length / 1024 / 1024).toFixed(1)} MiB spec)`);
  console.log(`  wsctl validate          ${fmt(measure(process.execPath, [bin, 'validate', file]))}`);
  if (n > 9000) {
    // a broken reference in route 9,000: the error must name its line, fast
    const broken = join(dir, `broken-${n}.yaml`);
    writeFileSync(broken, spec(n).replace('name: tenant-9000, match: { hosts: [t9000.example.com], path: /ws }, backend: b0,', 'name: tenant-9000, match: { hosts: [t9000.example.com], path: /ws }, backend: nope,'));
    const bad = measure(process.execPath, [bin, 'validate', broken], undefined, 1);
    const located = /broken-\d+\.yaml:9007:\d+: error WS0103: spec\.routes\[9000\]\.backend/.test(bad.stderr);
    console.log(`  error in route 9,000    ${fmt(bad)}, ${bad.wall.toFixed(2)} s wall; ${located ? 'located at its line (9007)' : 'NOT located'}`);
  }
  const checks = {
    nginx: () => measure('nginx', ['-p', join(out, 'nginx'), '-c', 'nginx.conf', '-t'], join(out, 'nginx')),
    haproxy: () => measure('haproxy', ['-c', '-f', 'haproxy.cfg'], join(out, 'haproxy')),
    envoy: () => measure(envoy, ['--mode', 'validate', '-c', 'envoy.yaml', '--base-id', String(40000 + n)], join(out, 'envoy')),
  };
  for (const [target, check] of Object.entries(checks)) {
    const compiled = measure(process.execPath, [bin, 'compile', file, '--target', target, '--out', out, '--allow-degraded']);
    const own = compiled.ok ? check() : { ok: false, cpu: NaN, rssMiB: NaN, detail: 'not compiled' };
    const ratio = compiled.ok && own.ok ? ` → ratio ${(compiled.cpu / own.cpu).toFixed(2)}× CPU, ${(compiled.rssMiB / own.rssMiB).toFixed(2)}× RSS` : '';
    const bytes = compiled.ok ? treeBytes(join(out, target)) : NaN;
    console.log(`  ${target.padEnd(8)} compile ${fmt(compiled)} | own check ${fmt(own)}${ratio} | output ${(bytes / 1024 / 1024).toFixed(1)} MiB, ${(bytes / n / 1024).toFixed(2)} KiB/route`);
  }
}

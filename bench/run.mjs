// Benchmarks with targets (npm run bench): exits 1 when a figure misses its target.
// Run after `npm run build`. Figures are wall-clock on this machine; compare runs on the same machine.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const bin = new URL('../bin/run.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'wsctl-bench-'));
const results = [];

function timeCli(name, args, targetMs, runs = 5) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  results.push({ name, medianMs: Math.round(times[Math.floor(times.length / 2)]), targetMs });
}

writeFileSync(join(dir, 'huge.yaml'), Buffer.alloc(50 * 1024 * 1024, 'a'));
const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
for (let i = 1; i < 9; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
writeFileSync(join(dir, 'bomb.yaml'), `${bomb.join('\n')}\n`);
const routes = Array.from({ length: 1000 }, (_, i) => `    - { name: r${i}, match: { path: /ws/${i} }, backend: app }`).join('\n');
writeFileSync(join(dir, 'large.yaml'), `apiVersion: wsctl/v1\nkind: Gateway\nmetadata: { name: large }\nspec:\n  listeners: [{ name: public, port: 8080 }]\n  routes:\n${routes}\n  backends: [{ name: app, endpoints: [{ address: 127.0.0.1, port: 9000 }] }]\n`);

timeCli('startup: wsctl --version', ['--version'], 1000);
timeCli('validate examples/chat.yaml', ['validate', 'examples/chat.yaml'], 1000);
timeCli('validate a 50 MB file (refused)', ['validate', join(dir, 'huge.yaml')], 2000);
timeCli('validate an alias bomb (refused)', ['validate', join(dir, 'bomb.yaml')], 2000);
timeCli('validate 1000 routes', ['validate', join(dir, 'large.yaml')], 2000);
timeCli('compile chat --target all', ['compile', 'examples/chat.yaml', '--target', 'all', '--out', join(dir, 'out'), '--allow-degraded'], 3000);

let failed = false;
for (const r of results) {
  const ok = r.medianMs <= r.targetMs;
  failed ||= !ok;
  console.log(`${ok ? 'ok  ' : 'SLOW'} ${r.name.padEnd(40)} ${String(r.medianMs).padStart(6)} ms (target ${r.targetMs} ms)`);
}
process.exit(failed ? 1 : 0);

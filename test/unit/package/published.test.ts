/**
 * The package as npm would publish it (`npm pack` of the built tree): its CLI runs from the tarball's
 * contents alone (oclif.manifest.json and the precompiled schema validator included), and the library API
 * is importable by the package name through `exports`, without the CLI. Dependencies come from this
 * checkout's node_modules (a symlink), so the test needs no registry.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve('.');
const work = mkdtempSync(join(tmpdir(), 'wsctl-package-'));
const pkg = join(work, 'package');
let files: string[] = [];

beforeAll(() => {
  // the build (npm test runs it first) made dist/; --ignore-scripts: do not rebuild it under the other tests' feet
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: repo, encoding: 'utf8' })) as { filename: string; files: { path: string }[] }[];
  const first = packed[0];
  if (!first) throw new Error('npm pack printed no package');
  files = first.files.map((f) => f.path);
  execFileSync('tar', ['-xzf', join(work, first.filename), '-C', work]);
  symlinkSync(join(repo, 'node_modules'), join(pkg, 'node_modules'));
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function wsctl(args: string[], cwd = pkg): { status: number; out: string } {
  const run = spawnSync(process.execPath, [join(pkg, 'bin/run.js'), ...args], { cwd, encoding: 'utf8' });
  return { status: run.status ?? -1, out: `${run.stdout}${run.stderr}` };
}

describe('the published package (npm pack)', () => {
  it('ships what the CLI and the library need, and no sources or tests', () => {
    for (const needed of ['bin/run.js', 'oclif.manifest.json', 'dist/index.js', 'dist/index.d.ts', 'dist/spec/gateway-validator.cjs', 'dist/cli/commands/compile.js', 'schemas/gateway.schema.json', 'README.md']) {
      expect(files, needed).toContain(needed);
    }
    expect(files.filter((f) => /^(src|test|bench|scripts)\//.test(f) || f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.startsWith('examples/') && !f.startsWith('templates/'))).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(pkg, 'oclif.manifest.json'), 'utf8')) as { commands: Record<string, unknown>; version: string };
    const meta = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string>; engines: Record<string, string>; exports: Record<string, unknown> };
    expect(manifest.version).toBe(meta.version);
    expect(Object.keys(manifest.commands).sort()).toEqual(['apply', 'bootstrap', 'compile', 'delete', 'diff', 'get', 'init', 'probe', 'reload', 'rollback', 'schema', 'serve', 'status', 'validate']);
    expect(meta.bin.wsctl).toBe('./bin/run.js');
    expect(meta.engines.node).toMatch(/^>=20/);
  });

  it('runs the CLI from the tarball: help, validate (with located errors) and compile', () => {
    const help = wsctl(['--help']);
    expect(help.status).toBe(0);
    expect(help.out).toMatch(/probe[\s\S]*reload[\s\S]*serve/);
    const out = join(work, 'out');
    const compiled = wsctl(['compile', 'examples/minimal.yaml', '--target', 'nginx', '--out', out]);
    expect(compiled.status, compiled.out).toBe(0);
    expect(readFileSync(join(out, 'nginx/proxy.conf'), 'utf8')).toContain('proxy_http_version 1.1;');
    expect(readFileSync(join(out, 'nginx/nginx.conf'), 'utf8')).toContain('include "proxy.conf";');
    const bad = join(work, 'bad.yaml');
    writeFileSync(bad, readFileSync(join(pkg, 'examples/minimal.yaml'), 'utf8').replace(/name: (\S+)/, 'name: Not_A_Name'));
    const refused = wsctl(['validate', bad]);
    expect(refused.status).toBe(1);
    expect(refused.out).toMatch(/bad\.yaml:\d+:\d+: error WS\d{4}/);
  });

  it('serves the library API by package name, without the CLI', () => {
    const app = join(work, 'app');
    mkdirSync(join(app, 'node_modules'), { recursive: true });
    symlinkSync(pkg, join(app, 'node_modules', 'wsctl'));
    writeFileSync(join(app, 'main.mjs'), [
      "import { loadGateway, compile } from 'wsctl';",
      `const loaded = loadGateway(${JSON.stringify(join(pkg, 'examples/minimal.yaml'))});`,
      "if (!loaded.ok) throw new Error('not ok');",
      "const result = compile(loaded.bundles[0], { target: 'haproxy' });",
      "console.log(JSON.stringify({ ok: result.ok, files: result.files.map((f) => f.path) }));",
    ].join('\n'));
    const run = spawnSync(process.execPath, ['main.mjs'], { cwd: app, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout) as { ok: boolean; files: string[] };
    expect(printed.ok).toBe(true);
    expect(printed.files).toContain('haproxy/haproxy.cfg');
    expect(existsSync(join(app, 'node_modules/wsctl/dist/index.d.ts'))).toBe(true);
  });
});

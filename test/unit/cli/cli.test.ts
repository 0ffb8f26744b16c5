/** The CLI as users run it: the built bin/run.js in a child process (the test command builds first). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = resolve('bin/run.js');

function wsctl(args: string[], cwd = process.cwd()): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'wsctl-cli-'));

describe('wsctl validate', () => {
  it('exits 0 on every example', () => {
    const run = wsctl(['validate', 'examples/minimal.yaml', 'examples/chat.yaml', 'examples/multi-tenant.yaml', 'examples/socketio.yaml']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('examples/chat.yaml: ok (gateway chat)');
  });

  it('exits 1 with file:line:col, the code and a caret, without a stack trace', () => {
    const run = wsctl(['validate', 'test/golden/invalid-unknown-backend/input.yaml']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('test/golden/invalid-unknown-backend/input.yaml:13:16: error WS0103: spec.routes[0].backend: no backend named "ap"');
    expect(run.stderr).toMatch(/\n\s+\|\s+\^\n/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints diagnostics as JSON with --json', () => {
    const run = wsctl(['validate', '--json', 'test/golden/invalid-port-range/input.yaml']);
    expect(run.status).toBe(1);
    const out = JSON.parse(run.stdout) as { ok: boolean; diagnostics: { code: string; line: number; col: number; path: string }[] };
    expect(out.ok).toBe(false);
    expect(out.diagnostics).toEqual([expect.objectContaining({ code: 'WS0015', line: 8, col: 13, path: 'spec.listeners[0].port' })]);
  });

  it('exits 1 quickly on a 50 MB file and a missing file, without a crash', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'big.yaml'), Buffer.alloc(50 * 1024 * 1024, 'a'));
    const big = wsctl(['validate', join(dir, 'big.yaml'), join(dir, 'missing.yaml')]);
    expect(big.status).toBe(1);
    expect(big.stderr).toContain('error WS0002');
    expect(big.stderr).toContain('error WS0001');
  });

  it('exits 2 on a usage error', () => {
    const run = wsctl(['validate']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^wsctl: /);
  });
});

describe('wsctl compile', () => {
  it('writes the IR as YAML, byte-identical across runs', () => {
    const a = tmp();
    const b = tmp();
    expect(wsctl(['compile', 'examples/chat.yaml', '--target', 'ir', '--out', a]).status).toBe(0);
    expect(wsctl(['compile', 'examples/chat.yaml', '--target', 'ir', '--out', b]).status).toBe(0);
    const first = readFileSync(join(a, 'ir.yaml'), 'utf8');
    expect(first).toContain('name: chat');
    expect(first).toBe(readFileSync(join(b, 'ir.yaml'), 'utf8'));
  });

  it('--check passes on fresh output and catches a one-byte change with a diff, writing nothing', () => {
    const out = tmp();
    wsctl(['compile', 'examples/chat.yaml', '--target', 'ir', '--out', out]);
    expect(wsctl(['compile', 'examples/chat.yaml', '--target', 'ir', '--out', out, '--check']).status).toBe(0);
    const file = join(out, 'ir.yaml');
    const original = readFileSync(file, 'utf8');
    const tampered = original.replace('idleTimeout: 300000', 'idleTimeout: 300001');
    expect(tampered).not.toBe(original);
    writeFileSync(file, tampered);
    const check = wsctl(['compile', 'examples/chat.yaml', '--target', 'ir', '--out', out, '--check']);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain('-      idleTimeout: 300001');
    expect(check.stdout).toContain('+      idleTimeout: 300000');
    expect(readFileSync(file, 'utf8')).toBe(tampered);
  });

  it('refuses an invalid spec with exit 1 and writes nothing', () => {
    const out = tmp();
    const run = wsctl(['compile', 'test/golden/invalid-unknown-backend/input.yaml', '--target', 'ir', '--out', out]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(() => readFileSync(join(out, 'ir.yaml'))).toThrow();
  });

  it('asks for --gateway when a file holds several gateways', () => {
    const dir = tmp();
    const minimal = readFileSync('examples/minimal.yaml', 'utf8');
    writeFileSync(join(dir, 'two.yaml'), `${minimal}---\n${minimal.replace('name: minimal', 'name: second')}`);
    const run = wsctl(['compile', join(dir, 'two.yaml'), '--target', 'ir', '--out', join(dir, 'out')]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('error WS0301');
    expect(wsctl(['compile', join(dir, 'two.yaml'), '--target', 'ir', '--out', join(dir, 'out'), '--gateway', 'second']).status).toBe(0);
    expect(readFileSync(join(dir, 'out/ir.yaml'), 'utf8')).toContain('name: second');
  });

  it('exits 2 on an unknown target', () => {
    const run = wsctl(['compile', 'examples/chat.yaml', '--target', 'iis', '--out', tmp()]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^wsctl: Expected --target=iis to be one of/);
  });
});

describe('wsctl schema and init', () => {
  it('prints the JSON Schema', () => {
    const run = wsctl(['schema']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ title: 'Gateway', $schema: 'https://json-schema.org/draft/2020-12/schema' });
  });

  it('writes a starter spec that validates, and refuses to overwrite it', () => {
    const dir = tmp();
    expect(wsctl(['init'], dir).status).toBe(0);
    expect(wsctl(['validate', 'gateway.yaml'], dir).status).toBe(0);
    const again = wsctl(['init'], dir);
    expect(again.status).toBe(1);
    expect(again.stderr).toBe('wsctl: gateway.yaml already exists; use --force to overwrite it\n');
  });
});

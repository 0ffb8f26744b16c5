/** Every command's behaviour, run in-process from the sources (fast, never against a stale dist/). */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { wsctlInProcess as wsctl } from './in-process.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'wsctl-cli-'));

describe('wsctl validate', () => {
  it('prints diagnostics as JSON with --json', async () => {
    const run = await wsctl(['validate', '--json', 'test/golden/invalid-port-range/input.yaml']);
    expect(run.status).toBe(1);
    const out = JSON.parse(run.stdout) as { ok: boolean; diagnostics: { code: string; line: number; col: number; path: string }[] };
    expect(out.ok).toBe(false);
    expect(out.diagnostics).toEqual([expect.objectContaining({ code: 'WS0015', line: 8, col: 13, path: 'spec.listeners[0].port' })]);
  });
  it('exits 1 quickly on a 50 MB file and a missing file, without a crash', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'big.yaml'), Buffer.alloc(50 * 1024 * 1024, 'a'));
    const big = await wsctl(['validate', join(dir, 'big.yaml'), join(dir, 'missing.yaml')]);
    expect(big.status).toBe(1);
    expect(big.stderr).toContain('error WS0002');
    expect(big.stderr).toContain('error WS0001');
  });
});

describe('wsctl compile', () => {
  it('writes the IR as YAML, byte-identical across runs', async () => {
    const a = tmp();
    const b = tmp();
    expect((await wsctl(['compile', 'examples/chat.yaml', '--target', 'ir', '--out', a])).status).toBe(0);
    expect((await wsctl(['compile', 'examples/chat.yaml', '--target', 'ir', '--out', b])).status).toBe(0);
    const first = readFileSync(join(a, 'ir.yaml'), 'utf8');
    expect(first).toContain('name: chat');
    expect(first).toBe(readFileSync(join(b, 'ir.yaml'), 'utf8'));
  });
  it('--check passes on fresh output and catches a one-byte change with a diff, writing nothing', async () => {
    const out = tmp();
    await wsctl(['compile', 'examples/chat.yaml', '--target', 'ir', '--out', out]);
    expect((await wsctl(['compile', 'examples/chat.yaml', '--target', 'ir', '--out', out, '--check'])).status).toBe(0);
    const file = join(out, 'ir.yaml');
    const original = readFileSync(file, 'utf8');
    const tampered = original.replace('idleTimeout: 300000', 'idleTimeout: 300001');
    expect(tampered).not.toBe(original);
    writeFileSync(file, tampered);
    const check = await wsctl(['compile', 'examples/chat.yaml', '--target', 'ir', '--out', out, '--check']);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain('-      idleTimeout: 300001');
    expect(check.stdout).toContain('+      idleTimeout: 300000');
    expect(readFileSync(file, 'utf8')).toBe(tampered);
  });
  it('refuses an invalid spec with exit 1 and writes nothing', async () => {
    const out = tmp();
    const run = await wsctl(['compile', 'test/golden/invalid-unknown-backend/input.yaml', '--target', 'ir', '--out', out]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(() => readFileSync(join(out, 'ir.yaml'))).toThrow();
  });
  it('asks for --gateway when a file holds several gateways', async () => {
    const dir = tmp();
    const minimal = readFileSync('examples/minimal.yaml', 'utf8');
    writeFileSync(join(dir, 'two.yaml'), `${minimal}---\n${minimal.replace('name: minimal', 'name: second')}`);
    const run = await wsctl(['compile', join(dir, 'two.yaml'), '--target', 'ir', '--out', join(dir, 'out')]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('error WS0301');
    expect((await wsctl(['compile', join(dir, 'two.yaml'), '--target', 'ir', '--out', join(dir, 'out'), '--gateway', 'second'])).status).toBe(0);
    expect(readFileSync(join(dir, 'out/ir.yaml'), 'utf8')).toContain('name: second');
  });
  it('exits 2 on an unknown target', async () => {
    const run = await wsctl(['compile', 'examples/chat.yaml', '--target', 'iis', '--out', tmp()]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^wsctl: Expected --target=iis to be one of/);
  });
});

describe('wsctl schema', () => {
  it('prints the JSON Schema', async () => {
    const run = await wsctl(['schema']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ title: 'Gateway', $schema: 'https://json-schema.org/draft/2020-12/schema' });
  });
});

describe('errors with --json', () => {
  it('are a JSON object on stdout with a code, and keep the exit code (usage: 2)', async () => {
    const run = await wsctl(['compile', 'examples/chat.yaml', '--target', 'iis', '--out', tmp(), '--json']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('');
    const body = JSON.parse(run.stdout) as { ok: boolean; error: { code: string; message: string } };
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe('WS0302');
    expect(body.error.message).toMatch(/--target=iis/);
  });

  it('say why a command could not run (exit 1)', async () => {
    const run = await wsctl(['bootstrap', '--gateway', 'Not_A_Name', '--xds-address', '127.0.0.1:18000', '--json']);
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({ ok: false, error: { code: 'WS0303', message: expect.stringContaining('--gateway must be a gateway name') } });
  });
});

describe('wsctl bootstrap', () => {
  const cap = (yamlText: string): unknown =>
    (parse(yamlText) as { overload_manager?: { resource_monitors: { typed_config: { max_active_downstream_connections: number } }[] } }).overload_manager
      ?.resource_monitors[0]?.typed_config.max_active_downstream_connections;

  it('caps downstream connections at the spec limit with --spec, and at the spec default without', async () => {
    const withSpec = await wsctl(['bootstrap', '--gateway', 'chat', '--xds-address', '127.0.0.1:18000', '--spec', 'examples/chat.yaml']);
    expect(withSpec.status).toBe(0);
    expect(cap(withSpec.stdout)).toBe(8192);
    const bare = await wsctl(['bootstrap', '--gateway', 'chat', '--xds-address', '127.0.0.1:18000']);
    expect(cap(bare.stdout)).toBe(4096);
    const flag = await wsctl(['bootstrap', '--gateway', 'chat', '--xds-address', '127.0.0.1:18000', '--max-connections', '777']);
    expect(cap(flag.stdout)).toBe(777);
  });

  it('refuses a --spec that holds no such gateway', async () => {
    const run = await wsctl(['bootstrap', '--gateway', 'other', '--xds-address', '127.0.0.1:18000', '--spec', 'examples/chat.yaml']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('wsctl: examples/chat.yaml holds no gateway named "other"\n');
  });
});

/**
 * The CLI as users run it: the built bin/run.js in a child process (the test command builds first).
 * A few end-to-end runs only; every command's behaviour is tested in-process in commands.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = resolve('bin/run.js');

function wsctl(args: string[], cwd = process.cwd()): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'wsctl-cli-'));

describe('wsctl as a process', () => {
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
  it('exits 2 on a usage error', () => {
    const run = wsctl(['validate']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^wsctl: /);
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

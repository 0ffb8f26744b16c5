import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireReloadLock, reloadLockPath } from '../../../src/reload/lock.js';
import { reloadGateway } from '../../../src/reload/reload.js';

const dir = mkdtempSync(join(tmpdir(), 'wsctl-reload-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('the reload lock of an output folder', () => {
  it('is exclusive while its owner lives, and released after', () => {
    const configDir = join(dir, 'one', 'nginx');
    const first = acquireReloadLock(configDir);
    expect('release' in first).toBe(true);
    expect(readFileSync(reloadLockPath(configDir), 'utf8').trim()).toBe(String(process.pid));
    // a second taker in another process sees the owner; here: the lock names a live pid that is not ours
    writeFileSync(reloadLockPath(configDir), `${process.ppid}\n`);
    expect(acquireReloadLock(configDir)).toEqual({ heldBy: process.ppid });
    if ('release' in first) first.release();
    expect(existsSync(reloadLockPath(configDir))).toBe(false);
  });

  it('takes over a lock whose process is gone', () => {
    const configDir = join(dir, 'stale', 'haproxy');
    const first = acquireReloadLock(configDir);
    if ('release' in first) first.release();
    writeFileSync(reloadLockPath(configDir), `${deadPid()}\n`);
    const taken = acquireReloadLock(configDir);
    expect('release' in taken).toBe(true);
    expect(readFileSync(reloadLockPath(configDir), 'utf8').trim()).toBe(String(process.pid));
    if ('release' in taken) taken.release();
  });

  it('makes wsctl reload refuse, writing nothing, while another run holds it', async () => {
    const outDir = join(dir, 'busy');
    acquireReloadLock(join(outDir, 'nginx'));
    writeFileSync(reloadLockPath(join(outDir, 'nginx')), `${process.ppid}\n`);
    const run = await reloadGateway({ file: 'examples/chat.yaml', target: 'nginx', outDir });
    expect(run.report).toMatchObject({ ok: false, decision: 'refused' });
    expect(run.report.reason).toContain(`another wsctl reload (pid ${process.ppid})`);
    expect(existsSync(join(outDir, 'nginx', 'nginx.conf'))).toBe(false);
  });
});

import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileStore } from '../../../src/control/file-store.js';
import type { StoredVersion } from '../../../src/control/store.js';

const version = (n: number): StoredVersion => ({ version: `v${n}`, appliedAt: `2026-01-0${n}T00:00:00.000Z`, bundle: `{"n":${n}}` });

describe('the data-dir gateway store', () => {
  it('keeps the current version and its history across a reopen, newest first and capped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsctl-store-'));
    const store = createFileStore(dir, 2);
    for (const n of [1, 2, 3, 4]) await store.put('chat', version(n));
    const reopened = createFileStore(dir, 2);
    expect(reopened.get('chat')?.current).toEqual(version(4));
    expect(reopened.get('chat')?.history.map((v) => v.version)).toEqual(['v3', 'v2']);
    expect(reopened.problems()).toEqual([]);
    expect(readdirSync(join(dir, 'gateways')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('reports a torn file and serves the previous good version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsctl-store-'));
    const store = createFileStore(dir);
    await store.put('chat', version(1));
    await store.put('chat', version(2));
    const file = join(dir, 'gateways', 'chat.json');
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 40));
    const reopened = createFileStore(dir);
    expect(reopened.get('chat')?.current.version).toBe('v1');
    expect(reopened.problems()[0]?.message).toMatch(/chat\.json is unreadable .*previous good version v1/);
  });

  it('detects a flipped byte by its checksum', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsctl-store-'));
    await createFileStore(dir).put('chat', version(1));
    const file = join(dir, 'gateways', 'chat.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('2026-01-01', '2026-01-09'));
    const reopened = createFileStore(dir);
    expect(reopened.get('chat')).toBeUndefined();
    expect(reopened.problems()[0]?.message).toMatch(/checksum mismatch.*not served/);
  });

  it('forgets a deleted gateway, and refuses names that are not DNS labels', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsctl-store-'));
    const store = createFileStore(dir);
    await store.put('chat', version(1));
    expect(await store.delete('chat')).toBe(true);
    expect(createFileStore(dir).list()).toEqual([]);
    await expect(store.put('../etc', version(1))).rejects.toThrow(/invalid gateway name/);
  });
});

import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutputs } from '../../../src/output/check.js';
import { writeOutputs } from '../../../src/output/write.js';

describe('writing outputs', () => {
  it('writes files with their modes and leaves no temporary files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsctl-write-'));
    writeOutputs(dir, [
      { path: 'nginx/nginx.conf', content: 'a\n' },
      { path: 'haproxy/secret.pem', content: 'k\n', mode: 0o600 },
    ]);
    expect(readdirSync(join(dir, 'nginx'))).toEqual(['nginx.conf']);
    expect(statSync(join(dir, 'haproxy/secret.pem')).mode & 0o777).toBe(0o600);
  });

  it('refuses a path that escapes the output directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsctl-write-'));
    expect(() => writeOutputs(dir, [{ path: '../evil', content: '' }])).toThrow(/outside/);
  });

  it('replaces a file whole: the old content is never half-overwritten', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsctl-write-'));
    writeFileSync(join(dir, 'f'), 'x'.repeat(1000));
    writeOutputs(dir, [{ path: 'f', content: 'short' }]);
    expect(readFileSync(join(dir, 'f'), 'utf8')).toBe('short');
  });

  it('reports drift as a unified diff and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsctl-check-'));
    writeFileSync(join(dir, 'a.conf'), 'line 1\nline 2\n');
    const drift = checkOutputs(dir, [
      { path: 'a.conf', content: 'line 1\nline 3\n' },
      { path: 'b.conf', content: 'new\n' },
    ]);
    expect(drift.map((d) => [d.path, d.kind])).toEqual([
      ['a.conf', 'changed'],
      ['b.conf', 'missing'],
    ]);
    expect(drift[0]?.diff).toContain('-line 2\n+line 3');
    expect(readdirSync(dir)).toEqual(['a.conf']);
  });
});

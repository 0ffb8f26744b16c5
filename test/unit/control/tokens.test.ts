import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTokenFile } from '../../../src/control/tokens.js';

describe('admin API tokens', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'wsctl-tokens-')), 'tokens');

  it('accepts any token of the file as a bearer token, and nothing else', () => {
    writeFileSync(file, '# operators\nalpha-0123456789abcdef\n\nbravo-0123456789abcdef\n');
    const tokens = loadTokenFile(file);
    expect(tokens.allows('Bearer alpha-0123456789abcdef')).toBe(true);
    expect(tokens.allows('Bearer bravo-0123456789abcdef')).toBe(true);
    expect(tokens.allows('Bearer alpha-0123456789abcde')).toBe(false);
    expect(tokens.allows('alpha-0123456789abcdef')).toBe(false);
    expect(tokens.allows(undefined)).toBe(false);
  });

  it('reloads the file, and keeps the old tokens when the new file is unusable', () => {
    writeFileSync(file, 'alpha-0123456789abcdef\n');
    const tokens = loadTokenFile(file);
    writeFileSync(file, 'charlie-0123456789abcdef\n');
    expect(tokens.reload()).toBe(1);
    expect(tokens.allows('Bearer alpha-0123456789abcdef')).toBe(false);
    expect(tokens.allows('Bearer charlie-0123456789abcdef')).toBe(true);
    writeFileSync(file, 'short\n');
    expect(() => tokens.reload()).toThrow(/at least 16/);
    expect(tokens.allows('Bearer charlie-0123456789abcdef')).toBe(true);
  });
});

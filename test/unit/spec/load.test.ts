import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Codes } from '../../../src/diag/codes.js';
import { loadSpecFile, parseSpecText } from '../../../src/spec/load.js';
import { LoadLimits } from '../../../src/spec/limits.js';

const dir = mkdtempSync(join(tmpdir(), 'wsctl-load-'));

describe('loading spec files', () => {
  it('refuses a file larger than the limit without parsing it', () => {
    const file = join(dir, 'huge.yaml');
    writeFileSync(file, Buffer.alloc(50 * 1024 * 1024, 'a'));
    const result = loadSpecFile(file);
    expect(result.documents).toEqual([]);
    expect(result.diagnostics.map((d) => d.code)).toEqual([Codes.FILE_TOO_LARGE]);
    expect(result.diagnostics[0]?.message).toContain(String(LoadLimits.maxFileBytes));
  });

  it('reports a missing file as unreadable, not as a crash', () => {
    const result = loadSpecFile(join(dir, 'absent.yaml'));
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([[Codes.FILE_UNREADABLE, 'cannot read file (ENOENT)']]);
  });

  it('refuses a directory', () => {
    expect(loadSpecFile(dir).diagnostics[0]?.code).toBe(Codes.FILE_UNREADABLE);
  });

  it('stops an exponential alias expansion (billion laughs) with a located error', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const result = parseSpecText('bomb.yaml', `${levels.join('\n')}\n`);
    expect(result.diagnostics.map((d) => [d.code, d.line])).toEqual([[Codes.ALIAS_LIMIT, 2]]);
  });

  it('allows a few aliases, as real specs use them for shared settings', () => {
    const result = parseSpecText('ok.yaml', 'x: &t 5m\ny: *t\nz: *t\n');
    expect(result.diagnostics).toEqual([]);
    expect(result.documents[0]?.value).toEqual({ x: '5m', y: '5m', z: '5m' });
  });

  it('refuses nesting deeper than the limit', () => {
    const deep = `${'['.repeat(LoadLimits.maxDepth + 1)}${']'.repeat(LoadLimits.maxDepth + 1)}`;
    expect(parseSpecText('deep.yaml', `x: ${deep}\n`).diagnostics[0]?.code).toBe(Codes.TOO_DEEP);
    const fine = `${'['.repeat(LoadLimits.maxDepth - 1)}${']'.repeat(LoadLimits.maxDepth - 1)}`;
    expect(parseSpecText('ok.yaml', `x: ${fine}\n`).diagnostics).toEqual([]);
  });

  it('reads JSON as well as YAML', () => {
    const result = parseSpecText('spec.json', '{\n  "apiVersion": "wsctl/v1",\n  "kind": "Gateway"\n}\n');
    expect(result.diagnostics).toEqual([]);
    expect(result.documents[0]?.value).toEqual({ apiVersion: 'wsctl/v1', kind: 'Gateway' });
  });

  it('reads several documents and skips empty ones', () => {
    const result = parseSpecText('multi.yaml', 'a: 1\n---\n---\nb: 2\n');
    expect(result.documents.map((d) => [d.index, d.value])).toEqual([
      [0, { a: 1 }],
      [2, { b: 2 }],
    ]);
  });

  it('locates a syntax error at its line and column', () => {
    const result = parseSpecText('bad.yaml', 'a: 1\nb: [1, 2\n');
    expect(result.diagnostics).toHaveLength(1);
    // the unclosed flow sequence is noticed where the input ends
    expect(result.diagnostics[0]).toMatchObject({ code: Codes.SYNTAX, file: 'bad.yaml', line: 3, col: 1 });
    expect(result.diagnostics[0]?.message).toContain(']');
  });

  it('refuses duplicate keys, which YAML parsers otherwise resolve silently', () => {
    const result = parseSpecText('dup.yaml', 'a: 1\na: 2\n');
    expect(result.diagnostics.map((d) => [d.code, d.line, d.col])).toEqual([[Codes.DUPLICATE_KEY, 2, 1]]);
  });
});

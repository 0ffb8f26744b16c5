import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/diag/diagnostic.js';
import { formatPath, parseJsonPointer } from '../../../src/diag/path.js';
import { renderDiagnostics, summarize } from '../../../src/diag/render.js';

const diagnostic: Diagnostic = {
  code: 'WS0103',
  severity: 'error',
  message: 'no backend named "chat"',
  path: 'spec.routes[0].backend',
  file: 'examples/bad.yaml',
  line: 2,
  col: 14,
};

describe('rendering diagnostics', () => {
  it('prints file:line:col, the source line and a caret under the column', () => {
    const text = renderDiagnostics([diagnostic], () => 'routes:\n  - backend: chat\n');
    expect(text.split('\n')).toEqual([
      'examples/bad.yaml:2:14: error WS0103: spec.routes[0].backend: no backend named "chat"',
      '    2 |   - backend: chat',
      '      |              ^',
      '',
    ]);
  });

  it('shows every error, but of warnings alike the first three and a count of the rest', () => {
    const warning = (i: number, message = 'target x degrades idleTimeout'): Diagnostic => ({
      ...diagnostic,
      severity: 'warning',
      code: 'WS0202',
      message,
      path: `spec.routes[${i}].websocket.idleTimeout`,
      line: i + 1,
      col: 3,
    });
    const alike = Array.from({ length: 1000 }, (_, i) => warning(i));
    const errors = Array.from({ length: 5 }, (_, i) => ({ ...diagnostic, line: 2000 + i }));
    const text = renderDiagnostics([...alike, warning(1000, 'another degradation'), ...errors], () => undefined);
    const lines = text.trimEnd().split('\n');
    expect(lines.filter((l) => l.includes('target x degrades'))).toHaveLength(3);
    expect(lines).toContain('... and 997 more warnings WS0202 like it at spec.routes[*].websocket.idleTimeout (--json lists every one)');
    expect(lines.filter((l) => l.includes('another degradation'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('error WS0103'))).toHaveLength(5);
    // four alike are shown in full: a count line stands for two or more
    expect(renderDiagnostics(alike.slice(0, 4), () => undefined).trimEnd().split('\n')).toHaveLength(4);
    expect(renderDiagnostics(alike.slice(0, 5), () => undefined)).toContain('... and 2 more warnings WS0202 like it');
  });

  it('omits the source when the file cannot be read, and the position when unknown', () => {
    expect(renderDiagnostics([{ ...diagnostic, line: 0, col: 0, path: '' }], () => undefined)).toBe('examples/bad.yaml: error WS0103: no backend named "chat"\n');
  });

  it('summarizes counts', () => {
    expect(summarize([diagnostic, { ...diagnostic, severity: 'warning' }, diagnostic])).toBe('2 errors, 1 warning');
  });

  it('formats and parses field paths', () => {
    expect(formatPath(['spec', 'routes', 0, 'backend'])).toBe('spec.routes[0].backend');
    expect(formatPath(['spec', 'x-y'])).toBe('spec["x-y"]');
    expect(parseJsonPointer('/spec/routes/10/a~1b')).toEqual(['spec', 'routes', 10, 'a/b']);
  });
});

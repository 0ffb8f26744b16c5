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

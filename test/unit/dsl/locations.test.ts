import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadGateway, validateFiles } from '../../../src/index.js';
import { wsctlInProcess } from '../cli/in-process.js';

const dir = mkdtempSync(join(tmpdir(), 'wsctl-dsl-loc-'));
cpSync('examples/tls', join(dir, 'tls'), { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a module into the scratch folder; returns its path and the 1-based line of the first line containing `marker`. */
function write(name: string, text: string, marker?: string): { file: string; line: number } {
  const file = join(dir, name);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
  return { file, line: marker ? text.split('\n').findIndex((l) => l.includes(marker)) + 1 : 0 };
}

const HEAD = "import { backend, duration, file, gateway, listener, route } from 'wsctl';\n";
const APP = "const app = backend({ name: 'app', endpoints: [{ address: '127.0.0.1', port: 9000 }] });\n";

describe('a gateway module whose gateway is invalid', () => {
  it('is reported at the line and column of the builder call of the element at fault, in the .ts', () => {
    const { file, line } = write(
      'unknown-backend.ts',
      `${HEAD}${APP}export default gateway({\n  name: 'x',\n  listeners: [listener({ name: 'public', port: 8080 })],\n  routes: [\n    route({ name: 'ok', match: { path: '/a' }, backend: app }),\n    route({ name: 'typo', match: { path: '/b' }, backend: 'ap' }),\n  ],\n});\n`,
      "name: 'typo'",
    );
    const result = validateFiles([file]);
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: 'WS0103', file, line, col: 5, path: 'spec.routes[1].backend', message: expect.stringContaining('no backend named "ap"') }),
    ]);
  });

  it('points a schema error of a JavaScript module (no type checking) at its builder call', () => {
    const { file, line } = write(
      'unknown-field.js',
      `${HEAD}${APP}const ws = route({ name: 'ws', match: { path: '/ws' }, backend: app, websocket: { idleTimeot: '5m' } });\nexport default gateway({ name: 'x', listeners: [listener({ name: 'public', port: 8080 })], routes: [ws] });\n`,
      'const ws',
    );
    const [d] = validateFiles([file]).diagnostics;
    expect(d).toMatchObject({ code: 'WS0010', file, line, col: 12, path: 'spec.routes[0].websocket.idleTimeot' });
  });

  it('points a missing file at the file() call, in the module that called it', () => {
    write('lib/certs.ts', "import { file } from 'wsctl';\nexport const cert = file('missing.crt');\nexport const key = file('../tls/chat.key');\n");
    const { file } = write(
      'shared-files.ts',
      `${HEAD}import { cert, key } from './lib/certs';\n${APP}export default gateway({ name: 'x', listeners: [listener({ name: 'public', port: 8443, tls: { certFile: cert, keyFile: key } })], routes: [route({ name: 'ws', match: { path: '/ws' }, backend: app })] });\n`,
    );
    const result = validateFiles([file]);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: 'WS0109', file: join(dir, 'lib/certs.ts'), line: 2, col: 21, path: 'spec.listeners[0].tls.certFile' }),
    ]);
  });

  it('resolves file() against the module that called it: the spec path is relative to the gateway module', () => {
    write('lib/good.ts', "import { file } from 'wsctl';\nexport const cert = file('../tls/chat.crt');\n");
    const { file } = write(
      'good-files.ts',
      `${HEAD}import { cert } from './lib/good';\n${APP}export default gateway({ name: 'x', listeners: [listener({ name: 'public', port: 8443, tls: { certFile: cert, keyFile: file('tls/chat.key') } })], routes: [route({ name: 'ws', match: { path: '/ws' }, backend: app })] });\n`,
    );
    const loaded = loadGateway(file);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.bundles[0]?.gateway.spec.listeners[0]?.tls).toEqual({ certFile: 'tls/chat.crt', keyFile: 'tls/chat.key' });
    expect(Object.keys(loaded.bundles[0]?.files ?? {})).toEqual(['tls/chat.crt', 'tls/chat.key']);
  });

  it('falls back to the JSON rendering for a plain object export, naming the rendering', () => {
    const { file } = write('plain.ts', "export default { apiVersion: 'wsctl/v1', kind: 'Gateway', metadata: { name: 'X' }, spec: {} };\n");
    const diagnostics = validateFiles([file]).diagnostics;
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.every((d) => d.file === `${file}#0.json` && d.line > 0)).toBe(true);
  });
});

describe('a gateway module that cannot be loaded', () => {
  it('reports a throw at the line of the module that threw', () => {
    const { file, line } = write('throws.ts', `${HEAD}${APP}const idle = duration.minutes(-5);\nexport default gateway({ name: 'x', listeners: [], routes: [] });\n`, 'const idle');
    expect(validateFiles([file]).diagnostics).toEqual([
      expect.objectContaining({ code: 'WS0008', file, line, message: expect.stringContaining('a duration must be a finite number of at least 0, not -5 minutes') }),
    ]);
  });

  it('reports a syntax error at its line and column', () => {
    const { file } = write('syntax.ts', `${HEAD}const x = ;\nexport default gateway({ name: 'x', listeners: [], routes: [] });\n`);
    expect(validateFiles([file]).diagnostics).toEqual([expect.objectContaining({ code: 'WS0008', file, line: 2, col: 10 })]);
  });

  it('says that a module-level await cannot run, at the first await', () => {
    const { file, line } = write('tla.ts', `${HEAD}const port = await Promise.resolve(8080);\nexport default gateway({ name: 'x', listeners: [listener({ name: 'p', port })], routes: [] });\n`, 'await');
    expect(validateFiles([file]).diagnostics).toEqual([
      expect.objectContaining({ code: 'WS0008', file, line, col: 14, message: expect.stringContaining('top-level await is not supported') }),
    ]);
  });

  it('says what to export when the default export is not a gateway', () => {
    const { file } = write('no-default.ts', 'export const x = 1;\n');
    expect(validateFiles([file]).diagnostics).toEqual([expect.objectContaining({ code: 'WS0009', file, line: 1, col: 1 })]);
  });

  it('prints them like any other diagnostic through wsctl validate, with the source line and a caret', async () => {
    const { file, line } = write(
      'cli.ts',
      `${HEAD}${APP}export default gateway({\n  name: 'x',\n  listeners: [listener({ name: 'public', port: 8080 })],\n  routes: [route({ name: 'ws', match: { path: '/ws' }, backend: 'nope' })],\n  backends: [app],\n});\n`,
      'routes:',
    );
    const result = await wsctlInProcess(['validate', file]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${file}:${line}:12: error WS0103: spec.routes[0].backend: no backend named "nope"`);
    expect(result.stderr).toContain(`  routes: [route({ name: 'ws'`);
  });
});

describe('a gateway module with several gateways', () => {
  it('validates each gateway of an exported array', async () => {
    const { file } = write(
      'two.ts',
      `${HEAD}${APP}const make = (name: string) => gateway({ name, listeners: [listener({ name: 'public', port: 8080 })], routes: [route({ name: 'ws', match: { path: '/ws' }, backend: app })] });\nexport default [make('one'), make('two')];\n`,
    );
    const result = await wsctlInProcess(['validate', file]);
    expect(result.stdout).toBe(`${file}: ok (gateways one, two)\n`);
  });
});

/**
 * Gateway modules through the built CLI, as users run it (bin/run.js in a child process; the test command
 * builds first): there `import ... from 'wsctl'` is served the running wsctl's own package root, natively.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = resolve('bin/run.js');
const dir = mkdtempSync(join(tmpdir(), 'wsctl-dsl-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function wsctl(args: string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

describe('wsctl validate on gateway modules, as a process', () => {
  it('accepts the TypeScript examples', () => {
    const run = wsctl(['validate', 'examples/chat.ts', 'examples/tenants.ts']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('examples/chat.ts: ok (gateway chat)\nexamples/tenants.ts: ok (gateway tenants)\n');
  });

  it('serves the whole package as `wsctl` to a module outside any project, and points errors at its lines', () => {
    cpSync('examples/tls', join(dir, 'tls'), { recursive: true });
    const file = join(dir, 'gateway.mjs');
    writeFileSync(
      file,
      [
        "import { backend, gateway, listener, route, BUNDLE_API_VERSION } from 'wsctl';",
        "if (BUNDLE_API_VERSION !== 'wsctl/bundle/v1') throw new Error('not the package root');",
        "const app = backend({ name: 'app', endpoints: [{ address: '127.0.0.1', port: 9000 }] });",
        'export default gateway({',
        "  name: 'g',",
        "  listeners: [listener({ name: 'public', port: 8080 })],",
        "  routes: [route({ name: 'ws', match: { path: '/ws' }, backend: app, websocket: { plainHttp: 'allow' } })],",
        '});',
        '',
      ].join('\n'),
    );
    const run = wsctl(['validate', file]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${file}:7:12: error WS0013: spec.routes[0].websocket.plainHttp`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../src/spec/types.generated.js';
import { requireBinary } from '../harness/binaries.js';
import { compileSpec, makeWorkDir } from '../harness/gateway.js';
import { run } from '../harness/processes.js';

const GOLDEN = 'test/golden';
const configs = readdirSync(GOLDEN)
  .map((name) => join(GOLDEN, name, 'haproxy'))
  .filter((dir) => existsSync(join(dir, 'haproxy.cfg')));
const work = makeWorkDir('haproxy-check');
afterAll(() => work.cleanup());

describe('haproxy -c -dW (warnings are errors)', () => {
  it('has golden haproxy configs for every example', () => {
    const examples = readdirSync('examples').filter((f) => f.endsWith('.yaml')).map((f) => `example-${f.replace(/\.yaml$/, '')}`);
    for (const example of examples) expect(configs, example).toContain(join(GOLDEN, example, 'haproxy'));
  });

  for (const dir of configs) {
    it(`accepts ${dir}/haproxy.cfg without a warning`, () => {
      const result = run(requireBinary('haproxy'), ['-c', '-dW', '-f', 'haproxy.cfg'], dir);
      expect(result.output).not.toMatch(/WARNING|ALERT/);
      expect(result.status, result.output).toBe(0);
    });
  }

  it('refuses to start with a maxconn the hard fd limit cannot hold, and run.sh says why', () => {
    const spec: Gateway = {
      apiVersion: 'wsctl/v1',
      kind: 'Gateway',
      metadata: { name: 'fds' },
      spec: {
        listeners: [{ name: 'public', port: 1, address: '127.0.0.1' }],
        routes: [{ name: 'ws', match: { path: '/ws' }, backend: 'app' }],
        backends: [{ name: 'app', endpoints: [{ address: '127.0.0.1', port: 2 }] }],
        limits: { maxConnections: 1_000_000 },
      },
    };
    const out = join(compileSpec(spec, work.dir, 'haproxy'), 'haproxy');
    const result = run('sh', [join(out, 'run.sh'), '-c']);
    expect(result.status).toBe(1);
    expect(result.output).toContain('maxconn 1020000 (limits.maxConnections plus the margin answered with 503), which needs about 2040064 file descriptors');
  });
});

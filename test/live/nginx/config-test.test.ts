import { cpSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireBinary } from '../harness/binaries.js';
import { run } from '../harness/processes.js';
import { workDir } from './setup.js';

/** Golden cases with an nginx output (examples included: they are golden cases too). */
const cases = readdirSync('test/golden').filter((name) => existsSync(join('test/golden', name, 'nginx', 'nginx.conf')));

describe('nginx -t accepts every golden output', () => {
  it('has golden nginx outputs for the examples and the feature cases', () => {
    expect(cases).toEqual(expect.arrayContaining(['example-chat', 'example-minimal', 'example-multi-tenant', 'nginx-features', 'nginx-degraded']));
  });

  it.each(cases)('%s', (name) => {
    // nginx -t opens the error log and creates temp dirs in the prefix: test a copy, never the tree
    const root = workDir(`t-${name}`);
    for (const dir of ['test/golden', 'test/fixtures', 'examples']) cpSync(dir, join(root, dir), { recursive: true });
    const result = run(requireBinary('nginx'), ['-t', '-p', join(root, 'test/golden', name, 'nginx'), '-c', 'nginx.conf']);
    expect(result.output).toContain('test is successful');
    expect(result.status).toBe(0);
  });
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every .ts file under a directory, recursively. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The module specifiers a file imports (static imports and re-exports). */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? '');
}

/**
 * Generator-only modules that may read the disk, and why. Each is checked below to be imported by no
 * emitter, so a compile never reaches it.
 */
const GENERATOR_ONLY = {
  'src/targets/envoy/validate/descriptor.ts': "loads Envoy's .proto files to regenerate descriptor.generated.ts (tests and scripts only)",
};

describe('the layers: spec → ir → targets, with compile and cli on top', () => {
  const targets = sources('src/targets');

  it('keep every target away from the spec layer and the file system', () => {
    const offenders = targets.flatMap((file) =>
      imports(file)
        .filter((spec) => /\/spec\//.test(spec) || spec === 'node:fs' || spec === 'fs' || spec === 'node:fs/promises')
        .filter(() => !(file in GENERATOR_ONLY))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('let no module of src import a generator-only module by value', () => {
    const users = sources('src').flatMap((file) =>
      imports(file)
        .filter((spec) => spec.endsWith('/descriptor.js') || spec === './descriptor.js')
        .filter(() => !readFileSync(file, 'utf8').includes(`import type { EnvoyDescriptor } from './descriptor.js'`))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(users).toEqual([]);
  });

  it('keep the IR free of targets, compile and cli', () => {
    const offenders = sources('src/ir').flatMap((file) =>
      imports(file)
        .filter((spec) => /\/(targets|compile|cli|xds|control)\//.test(spec))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('keep the spec layer free of ir, targets, compile and cli', () => {
    const offenders = sources('src/spec').flatMap((file) =>
      imports(file)
        .filter((spec) => /\/(ir|targets|compile|cli|xds|control)\//.test(spec))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('finds imports at all (the checks above would pass on an empty list)', () => {
    expect(targets.length).toBeGreaterThan(20);
    expect(imports('src/targets/envoy/resources.ts')).toContain('../../ir/types.js');
  });
});

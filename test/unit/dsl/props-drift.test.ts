import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('the DSL option interfaces', () => {
  it('are generated from the JSON Schema: regenerating them changes nothing', () => {
    expect(() => execFileSync('node', ['scripts/gen-dsl-types.mjs', '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('carry the schema defaults as @default, e.g. idleTimeout 1h and balance leastConnections', () => {
    const text = readFileSync('src/dsl/props.generated.ts', 'utf8');
    expect(text).toMatch(/@default "1h"\n\s+\*\/\n\s+readonly idleTimeout\?: DurationInput;/);
    expect(text).toMatch(/@default "leastConnections"\n\s+\*\/\n\s+readonly balance\?: 'roundRobin' \| 'leastConnections';/);
  });

  it('document every optional field with @default and mark every required one', () => {
    const text = readFileSync('src/dsl/props.generated.ts', 'utf8');
    const fields = [...text.matchAll(/\*\/\n\s+readonly (\w+)(\??):/g)];
    const docs = [...text.matchAll(/(@default [^\n]+|Required\.)\n\s+\*\/\n\s+readonly (\w+)(\??):/g)];
    expect(fields.length).toBeGreaterThan(60);
    expect(docs.length).toBe(fields.length);
  });
});

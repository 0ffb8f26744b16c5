import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateText } from '../../../src/spec/validate.js';

const minimal = readFileSync('examples/minimal.yaml', 'utf8');

describe('the JSON Schema', () => {
  it('is the source of the TypeScript types: regenerating them changes nothing', () => {
    expect(() => execFileSync('node', ['scripts/gen-types.mjs', '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('describes every property, so editors can show help', () => {
    const schema = JSON.parse(readFileSync('schemas/gateway.schema.json', 'utf8')) as { $defs: Record<string, { properties?: Record<string, { description?: string; $ref?: string }> }> };
    const undocumented: string[] = [];
    for (const [name, def] of Object.entries(schema.$defs)) {
      for (const [prop, value] of Object.entries(def.properties ?? {})) {
        if (!value.description && !value.$ref) undocumented.push(`${name}.${prop}`);
      }
    }
    expect(undocumented).toEqual([]);
  });

  it('accepts the minimal example', () => {
    expect(validateText('minimal.yaml', minimal, 'examples').diagnostics).toEqual([]);
  });

  const hostile = ['a\nb', 'a;b', 'a{b', 'a}b', 'a#b', 'a"b', "a'b", 'a$b', 'a b', 'a\\b', 'ä', 'a\u202eb', ''];
  // each field gets the hostile text alone (names) or appended to a valid value (paths, addresses)
  const stringFields: [string, (v: string) => string][] = [
    ['metadata.name', (v) => minimal.replace('name: minimal', `name: ${JSON.stringify(v)}`)],
    ['listener name', (v) => minimal.replace('name: public', `name: ${JSON.stringify(v)}`)],
    ['route path', (v) => minimal.replace('path: /ws', `path: ${JSON.stringify(`/ws${v}`)}`)],
    ['backend address', (v) => minimal.replace('address: 127.0.0.1', `address: ${JSON.stringify(`h${v}`)}`)],
    ['backend name', (v) => minimal.replace('backend: app', `backend: ${JSON.stringify(v)}`)],
  ];
  for (const [field, inject] of stringFields) {
    it(`refuses config-breaking characters in ${field}`, () => {
      const standalone = field.endsWith('name');
      for (const value of hostile.filter((v) => standalone || v !== '')) {
        const result = validateText('hostile.yaml', inject(value), 'examples');
        expect(result.ok, `${field} = ${JSON.stringify(value)}`).toBe(false);
      }
    });
  }
});

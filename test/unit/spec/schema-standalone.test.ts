import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileGatewayValidator, schemaDigest } from '../../../src/spec/schema.js';
import { standaloneValidatorSource } from '../../../src/spec/schema-standalone.js';

/** Loads the standalone source as the build writes it (CommonJS, requiring ajv's runtime helpers). */
function loadStandalone(source: string): ValidateFunction & { schemaDigest?: string } {
  const module = { exports: {} as ValidateFunction & { schemaDigest?: string } };
  new Function('module', 'exports', 'require', source)(module, module.exports, createRequire(import.meta.url));
  return module.exports;
}

/** Every example document, then each made wrong in several ways at once (type, enum, pattern, extra field, limits). */
function documents(): unknown[] {
  const examples = readdirSync('examples').filter((f) => f.endsWith('.yaml')).map((f) => parse(readFileSync(`examples/${f}`, 'utf8')) as Record<string, unknown>);
  const broken = examples.flatMap((doc) => {
    const text = JSON.stringify(doc);
    return [
      JSON.parse(text.replace(/"name":"([a-z0-9-]+)"/, '"name":"Bad_Name"')),
      JSON.parse(text.replace(/"port":(\d+)/, '"port":"eighty"')),
      JSON.parse(text.replace(/"idleTimeout":"[^"]+"/, '"idleTimeout":"soon"').replace('"spec":{', '"spec":{"extra":1,')),
      JSON.parse(text.replace(/"balance":"[^"]+"/, '"balance":"random"').replace(/"path":"[^"]+"/, '"path":"no-slash"')),
      { ...doc, kind: 'Service', apiVersion: 'v2' },
    ];
  });
  return [...examples, ...broken, {}, [], 'gateway', null];
}

describe('the precompiled schema validator (dist/spec/gateway-validator.cjs)', () => {
  const runtime = compileGatewayValidator();
  const source = standaloneValidatorSource();
  const standalone = loadStandalone(source);

  it('gives the same verdict and the same errors as compiling the schema at run time', () => {
    const docs = documents();
    let invalid = 0;
    for (const doc of docs) {
      const expected = runtime(doc);
      expect(standalone(doc)).toBe(expected);
      if (!expected) invalid++;
      expect(standalone.errors ?? null).toEqual(runtime.errors ?? null);
    }
    expect(invalid).toBeGreaterThan(docs.length / 2);
  });

  it('carries the digest of the schema it was made from, so a stale one is not used', () => {
    expect(standalone.schemaDigest).toBe(schemaDigest());
    expect(schemaDigest()).toMatch(/^[0-9a-f]{64}$/);
  });
});

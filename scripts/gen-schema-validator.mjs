// Precompiles the Gateway JSON Schema into dist/spec/gateway-validator.cjs (ajv standalone code), so the CLI
// loads a validator in ~4 ms instead of compiling the schema (~100 ms) on every run. Run by `npm run build`
// after tsc; the module carries the schema's digest and is ignored when the schema changed since.
import { writeFileSync, renameSync } from 'node:fs';
import { PRECOMPILED_VALIDATOR } from '../dist/spec/schema.js';
import { standaloneValidatorSource } from '../dist/spec/schema-standalone.js';

const out = new URL(`../dist/spec/${PRECOMPILED_VALIDATOR}`, import.meta.url).pathname;
writeFileSync(`${out}.tmp`, standaloneValidatorSource());
renameSync(`${out}.tmp`, out);
process.stdout.write(`dist/spec/${PRECOMPILED_VALIDATOR}: precompiled schema validator\n`);

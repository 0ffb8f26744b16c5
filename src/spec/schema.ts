import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, Options, ValidateFunction } from 'ajv/dist/2020.js';

/** The JSON Schema of a wsctl/v1 Gateway, as shipped in schemas/gateway.schema.json. */
export type JsonSchema = Record<string, unknown>;

/** ajv's options for the Gateway schema: every error, each with its schema node (verbose). */
export const SCHEMA_OPTIONS: Readonly<Options> = { allErrors: true, verbose: true, strict: true, allowUnionTypes: true };

/** The validator `npm run build` precompiles next to this module (scripts/gen-schema-validator.mjs). */
export const PRECOMPILED_VALIDATOR = 'gateway-validator.cjs';

const schemaUrl = new URL('../../schemas/gateway.schema.json', import.meta.url);
let schemaText: string | undefined;
let cachedSchema: JsonSchema | undefined;
let cachedValidator: ValidateFunction | undefined;

function readSchemaText(): string {
  schemaText ??= readFileSync(schemaUrl, 'utf8');
  return schemaText;
}

/** The Gateway JSON Schema (the contract for field names). */
export function gatewaySchema(): JsonSchema {
  cachedSchema ??= JSON.parse(readSchemaText()) as JsonSchema;
  return cachedSchema;
}

/** SHA-256 of the schema file's text: the precompiled validator carries the digest it was built from. */
export function schemaDigest(): string {
  return createHash('sha256').update(readSchemaText()).digest('hex');
}

/** Compiles the schema with ajv now (~100 ms): the path for a source checkout without a build. */
export function compileGatewayValidator(): ValidateFunction {
  // loaded here, not at start-up: with the precompiled validator a run never needs ajv's compiler
  const { Ajv2020 } = createRequire(import.meta.url)('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  return new Ajv2020({ ...SCHEMA_OPTIONS }).compile(gatewaySchema());
}

/**
 * The build's precompiled validator when it was made from this very schema file, else undefined. Loading it
 * takes ~4 ms where compiling the schema takes ~100 ms, on every `wsctl validate` / `compile`.
 */
function precompiledValidator(): ValidateFunction | undefined {
  const url = new URL(`./${PRECOMPILED_VALIDATOR}`, import.meta.url);
  if (url.protocol !== 'file:' || !existsSync(url)) return undefined;
  const loaded = createRequire(import.meta.url)(url.pathname) as ValidateFunction & { schemaDigest?: unknown };
  return loaded.schemaDigest === schemaDigest() ? loaded : undefined;
}

/** The validator, reporting every error with its schema node (verbose): precompiled when the build made one. */
export function gatewayValidator(): ValidateFunction {
  cachedValidator ??= precompiledValidator() ?? compileGatewayValidator();
  return cachedValidator;
}

/** Runs the schema on one document's value and returns ajv's raw errors (empty when valid). */
export function schemaErrors(value: unknown): ErrorObject[] {
  const validate = gatewayValidator();
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

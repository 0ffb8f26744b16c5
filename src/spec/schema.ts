import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';

/** The JSON Schema of a wsctl/v1 Gateway, as shipped in schemas/gateway.schema.json. */
export type JsonSchema = Record<string, unknown>;

let cachedSchema: JsonSchema | undefined;
let cachedValidator: ValidateFunction | undefined;

/** The Gateway JSON Schema (the contract for field names). */
export function gatewaySchema(): JsonSchema {
  cachedSchema ??= JSON.parse(
    readFileSync(new URL('../../schemas/gateway.schema.json', import.meta.url), 'utf8'),
  ) as JsonSchema;
  return cachedSchema;
}

/** The compiled validator, reporting every error with its schema node (verbose). */
export function gatewayValidator(): ValidateFunction {
  if (!cachedValidator) {
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
    cachedValidator = ajv.compile(gatewaySchema());
  }
  return cachedValidator;
}

/** Runs the schema on one document's value and returns ajv's raw errors (empty when valid). */
export function schemaErrors(value: unknown): ErrorObject[] {
  const validate = gatewayValidator();
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

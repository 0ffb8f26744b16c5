import { Ajv2020 } from 'ajv/dist/2020.js';
import standalone from 'ajv/dist/standalone/index.js';
import { gatewaySchema, schemaDigest, SCHEMA_OPTIONS } from './schema.js';

/**
 * The Gateway validator as a CommonJS module (ajv standalone code, same options as at run time), exporting
 * the digest of the schema it was made from so a stale one is never used. Written by the build.
 */
export function standaloneValidatorSource(): string {
  const ajv = new Ajv2020({ ...SCHEMA_OPTIONS, code: { source: true } });
  const code = standalone.default(ajv, ajv.compile(gatewaySchema()));
  return `${code}\nmodule.exports.schemaDigest = ${JSON.stringify(schemaDigest())};\n`;
}

import type { ErrorObject } from 'ajv';
import { Codes } from '../diag/codes.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { locate, type LocateTarget } from '../diag/locate.js';
import { formatPath, parseJsonPointer, type PathSegment } from '../diag/path.js';
import type { LoadedDocument } from './load.js';
import { suggest } from './checks/suggest.js';
import { schemaErrors } from './schema.js';

interface Finding {
  path: PathSegment[];
  code: string;
  message: string;
  /** Where the caret goes: at the value, at the key (unknown field), or at the parent key (missing field). */
  at: { path: PathSegment[]; target: LocateTarget };
  /** Lower wins when several errors concern one path. */
  rank: number;
}

function describe(error: ErrorObject): string {
  const schema = error.parentSchema as { description?: string } | undefined;
  return schema?.description ? `: ${schema.description}` : '';
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  return `a ${typeof value}`;
}

function toFinding(error: ErrorObject): Finding {
  const path = parseJsonPointer(error.instancePath);
  const at = { path, target: 'value' as LocateTarget };
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const hint = suggest(field, known);
      const fieldPath = [...path, field];
      return {
        path: fieldPath,
        code: Codes.UNKNOWN_FIELD,
        message: `unknown field "${field}"${hint ? ` (did you mean "${hint}"?)` : known.length ? `; known fields: ${known.join(', ')}` : ''}`,
        at: { path: fieldPath, target: 'key' },
        rank: 1,
      };
    }
    case 'required': {
      const field = String(params.missingProperty);
      return {
        path: [...path, field],
        code: Codes.MISSING_FIELD,
        message: `missing required field "${field}"`,
        at: { path, target: 'key' },
        rank: 1,
      };
    }
    case 'const':
      return {
        path,
        code: Codes.WRONG_KIND,
        message: `must be ${shown(params.allowedValue)}, got ${shown(error.data)}`,
        at,
        rank: 0,
      };
    case 'type':
      return { path, code: Codes.WRONG_TYPE, message: `must be ${String(params.type)}, got ${typeName(error.data)}`, at, rank: 0 };
    case 'enum':
      return {
        path,
        code: Codes.NOT_IN_ENUM,
        message: `must be one of ${(params.allowedValues as unknown[]).map(shown).join(', ')}; got ${shown(error.data)}`,
        at,
        rank: 2,
      };
    case 'pattern':
    case 'anyOf':
      return { path, code: Codes.BAD_FORMAT, message: `${shown(error.data)} is not allowed here${describe(error)}`, at, rank: 3 };
    case 'propertyNames':
      return {
        path: [...path, String(params.propertyName)],
        code: Codes.BAD_FORMAT,
        message: `key ${shown(params.propertyName)} is not allowed here`,
        at: { path: [...path, String(params.propertyName)], target: 'key' },
        rank: 2,
      };
    case 'uniqueItems':
    {
      // ajv reports the later index as i and the earlier as j
      const later = Math.max(Number(params.i), Number(params.j));
      const earlier = Math.min(Number(params.i), Number(params.j));
      return {
        path: [...path, later],
        code: Codes.DUPLICATE_ITEM,
        message: `duplicate of item [${earlier}]`,
        at: { path: [...path, later], target: 'value' },
        rank: 2,
      };
    }
    case 'minProperties':
    case 'maxProperties': {
      const fields = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const schema = error.parentSchema as { minProperties?: number; maxProperties?: number };
      if (schema.minProperties === 1 && schema.maxProperties === 1) {
        return { path, code: Codes.ONE_OF, message: `set exactly one of: ${fields.join(', ')}`, at, rank: 2 };
      }
      return {
        path,
        code: error.keyword === 'minProperties' ? Codes.ONE_OF : Codes.OUT_OF_RANGE,
        message: error.keyword === 'minProperties' ? `set at least one of: ${fields.join(', ')}` : `${error.message ?? 'too many fields'}`,
        at,
        rank: 2,
      };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'minItems':
    case 'maxItems':
    case 'minLength':
    case 'maxLength':
      return { path, code: Codes.OUT_OF_RANGE, message: `${error.message ?? 'out of range'}${'data' in error && typeof error.data === 'number' ? `; got ${error.data}` : ''}`, at, rank: 2 };
    default:
      return { path, code: Codes.SCHEMA_OTHER, message: error.message ?? 'invalid', at, rank: 4 };
  }
}

/**
 * Validates one document against the JSON Schema and reduces ajv's errors to one diagnostic per field
 * path, each located at its YAML position (the nearest existing parent when the field is absent).
 */
export function schemaDiagnostics(loaded: LoadedDocument): Diagnostic[] {
  const byPath = new Map<string, Finding>();
  for (const error of schemaErrors(loaded.value)) {
    if (error.keyword === 'if' || error.keyword === 'then' || error.keyword === 'else') continue;
    const finding = toFinding(error);
    const key = formatPath(finding.path);
    const previous = byPath.get(key);
    // anyOf errors arrive after their branches' errors: let the anyOf summary replace the branch noise
    if (!previous || finding.rank < previous.rank || (error.keyword === 'anyOf' && previous.code === Codes.BAD_FORMAT)) {
      byPath.set(key, finding);
    }
  }
  // a wrong type or kind at a parent makes errors below it noise
  const findings = [...byPath.values()];
  const typed = findings.filter((f) => f.code === Codes.WRONG_TYPE).map((f) => formatPath(f.path));
  return findings
    .filter((f) => !typed.some((p) => formatPath(f.path) !== p && formatPath(f.path).startsWith(p) && p !== ''))
    .map((f) => {
      const pos = locate(loaded.document, loaded.source.lineCounter, f.at.path, f.at.target);
      return {
        code: f.code,
        severity: 'error' as const,
        message: f.message,
        path: formatPath(f.path),
        file: loaded.source.file,
        line: pos.line,
        col: pos.col,
      };
    });
}

/**
 * Proto3-JSON scalar checks: which JSON values a proto scalar type accepts, and proto Duration strings.
 * Envoy parses its YAML/JSON with the proto3 JSON mapping, so these are the values it would accept.
 */

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const UINT32 = { min: 0, max: 2 ** 32 - 1 };

/** Integer proto types with their range; 64-bit ones are checked as BigInt. */
const INTEGER_RANGES: Record<string, { min: bigint; max: bigint }> = {
  int32: { min: BigInt(INT32.min), max: BigInt(INT32.max) },
  sint32: { min: BigInt(INT32.min), max: BigInt(INT32.max) },
  sfixed32: { min: BigInt(INT32.min), max: BigInt(INT32.max) },
  uint32: { min: BigInt(UINT32.min), max: BigInt(UINT32.max) },
  fixed32: { min: BigInt(UINT32.min), max: BigInt(UINT32.max) },
  int64: { min: -(2n ** 63n), max: 2n ** 63n - 1n },
  sint64: { min: -(2n ** 63n), max: 2n ** 63n - 1n },
  sfixed64: { min: -(2n ** 63n), max: 2n ** 63n - 1n },
  uint64: { min: 0n, max: 2n ** 64n - 1n },
  fixed64: { min: 0n, max: 2n ** 64n - 1n },
};

/** True for a proto scalar type name. */
export function isScalarType(type: string): boolean {
  return type in INTEGER_RANGES || ['double', 'float', 'bool', 'string', 'bytes'].includes(type);
}

/** True for a 64-bit integer type (proto3 JSON allows them as strings). */
export function is64Bit(type: string): boolean {
  return type.endsWith('64') && type !== 'double';
}

/** Checks a JSON value against a scalar proto type; returns a problem or undefined. */
export function scalarProblem(type: string, value: unknown): string | undefined {
  const range = INTEGER_RANGES[type];
  if (range) {
    let n: bigint;
    if (typeof value === 'number' && Number.isInteger(value)) n = BigInt(value);
    else if (typeof value === 'string' && is64Bit(type) && /^-?[0-9]+$/.test(value)) n = BigInt(value);
    else return `expected ${type}, got ${describe(value)}`;
    return n < range.min || n > range.max ? `${String(value)} is out of range for ${type}` : undefined;
  }
  switch (type) {
    case 'double':
    case 'float':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : `expected ${type}, got ${describe(value)}`;
    case 'bool':
      return typeof value === 'boolean' ? undefined : `expected bool, got ${describe(value)}`;
    case 'string':
      return typeof value === 'string' ? undefined : `expected string, got ${describe(value)}`;
    case 'bytes':
      return typeof value === 'string' && /^[A-Za-z0-9+/_-]*={0,2}$/.test(value) ? undefined : `expected base64 bytes, got ${describe(value)}`;
    default:
      return `unknown scalar type ${type}`;
  }
}

/** A short description of a JSON value for messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** A parsed duration. */
export interface ParsedDuration {
  /** Whole seconds. */
  seconds: number;
  /** Nanoseconds, same sign as seconds. */
  nanos: number;
  /** Total nanoseconds, for comparisons. */
  totalNanos: bigint;
}

const MAX_DURATION_SECONDS = 315_576_000_000n;

/** Parses a proto3-JSON Duration ("5s", "0.250s", "-1.5s"); undefined when malformed or out of range. */
export function parseProtoDuration(text: string): ParsedDuration | undefined {
  const match = /^(-)?([0-9]+)(?:\.([0-9]{1,9}))?s$/.exec(text);
  if (!match) return undefined;
  const sign = match[1] ? -1n : 1n;
  const seconds = BigInt(match[2] ?? '0');
  const nanos = BigInt((match[3] ?? '').padEnd(9, '0') || '0');
  if (seconds > MAX_DURATION_SECONDS) return undefined;
  return { seconds: Number(sign * seconds), nanos: Number(sign * nanos), totalNanos: sign * (seconds * 1_000_000_000n + nanos) };
}

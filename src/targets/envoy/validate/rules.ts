import { isIP } from 'node:net';
import type { DurationLiteral, DurationRules, EnumRules, FieldRules, NumberRules, StringRules } from './rule-types.js';
import { parseProtoDuration } from './scalars.js';

/** One broken rule: which rule kind (for tests and messages) and why. */
export interface RuleViolation {
  /** The rule, e.g. string.min_len, duration.gt, repeated.min_items. */
  rule: string;
  /** What is wrong. */
  message: string;
}

/** The rule kinds that apply to numbers, by proto scalar type. */
export const NUMBER_RULE_KINDS = ['float', 'double', 'int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'fixed32', 'fixed64', 'sfixed32', 'sfixed64'] as const;

function asList<T>(value: T[] | T | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function fmt(value: unknown): string {
  return JSON.stringify(value);
}

/** Bounds check shared by numbers and durations; PGV treats gt > lt as an exclusive (outside) range. */
function checkBounds<T extends number | bigint>(
  value: T,
  bounds: { lt?: T; lte?: T; gt?: T; gte?: T },
  kind: string,
  show: (v: T) => string,
): RuleViolation[] {
  const lower = bounds.gt !== undefined ? { v: bounds.gt, incl: false } : bounds.gte !== undefined ? { v: bounds.gte, incl: true } : undefined;
  const upper = bounds.lt !== undefined ? { v: bounds.lt, incl: false } : bounds.lte !== undefined ? { v: bounds.lte, incl: true } : undefined;
  const above = (b: { v: T; incl: boolean }): boolean => (b.incl ? value >= b.v : value > b.v);
  const below = (b: { v: T; incl: boolean }): boolean => (b.incl ? value <= b.v : value < b.v);
  const rule = (b: { incl: boolean }, lowerSide: boolean): string => `${kind}.${lowerSide ? (b.incl ? 'gte' : 'gt') : b.incl ? 'lte' : 'lt'}`;
  if (lower && upper && lower.v > upper.v) {
    // exclusive range: the value must lie outside (upper, lower)
    if (!above(lower) && !below(upper)) return [{ rule: rule(lower, true), message: `${show(value)} must be outside ${show(upper.v)}..${show(lower.v)}` }];
    return [];
  }
  const out: RuleViolation[] = [];
  if (lower && !above(lower)) out.push({ rule: rule(lower, true), message: `${show(value)} must be ${lower.incl ? '>=' : '>'} ${show(lower.v)}` });
  if (upper && !below(upper)) out.push({ rule: rule(upper, false), message: `${show(value)} must be ${upper.incl ? '<=' : '<'} ${show(upper.v)}` });
  return out;
}

/** Numeric rules (const, lt/lte/gt/gte, in, not_in). */
export function checkNumber(value: number, rules: NumberRules, kind: string): RuleViolation[] {
  if (rules.ignore_empty && value === 0) return [];
  const num = (v: number | string | undefined): number | undefined => (v === undefined ? undefined : Number(v));
  const out: RuleViolation[] = [];
  if (rules.const !== undefined && value !== Number(rules.const)) out.push({ rule: `${kind}.const`, message: `${value} must equal ${rules.const}` });
  out.push(...checkBounds(value, { lt: num(rules.lt), lte: num(rules.lte), gt: num(rules.gt), gte: num(rules.gte) }, kind, String));
  const allowed = asList(rules.in).map(Number);
  if (allowed.length && !allowed.includes(value)) out.push({ rule: `${kind}.in`, message: `${value} must be one of ${fmt(allowed)}` });
  if (asList(rules.not_in).map(Number).includes(value)) out.push({ rule: `${kind}.not_in`, message: `${value} is not allowed` });
  return out;
}

const HEADER_NAME_STRICT = /^:?[0-9a-zA-Z!#$%&'*+\-.^_|~`]+$/;
const HEADER_VALUE_STRICT = /^[^\u0000-\u0008\u000A-\u001F\u007F]*$/;
const HEADER_LOOSE = /^[^\u0000\u000A\u000D]*$/;

function isHostname(value: string): boolean {
  const host = value.endsWith('.') ? value.slice(0, -1) : value;
  if (host.length === 0 || host.length > 253) return false;
  return host.split('.').every((label) => /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(label));
}

const patternCache = new Map<string, RegExp | null>();

/** RE2 patterns from the protos as JS regexes; null when JS cannot express one (then it is not checked). */
function compilePattern(pattern: string): RegExp | null {
  let compiled = patternCache.get(pattern);
  if (compiled === undefined) {
    try {
      compiled = new RegExp(pattern, 'u');
    } catch {
      try {
        compiled = new RegExp(pattern);
      } catch {
        compiled = null;
      }
    }
    patternCache.set(pattern, compiled);
  }
  return compiled;
}

function checkWellKnown(value: string, rules: StringRules, kind: string): RuleViolation[] {
  const out: RuleViolation[] = [];
  const fail = (rule: string, what: string): void => void out.push({ rule: `${kind}.${rule}`, message: `${fmt(value)} is not ${what}` });
  if (rules.well_known_regex === 'HTTP_HEADER_NAME' || rules.well_known_regex === 'HTTP_HEADER_VALUE') {
    const strict = rules.strict !== false;
    const regex = !strict ? HEADER_LOOSE : rules.well_known_regex === 'HTTP_HEADER_NAME' ? HEADER_NAME_STRICT : HEADER_VALUE_STRICT;
    if (!regex.test(value)) fail('well_known_regex', `a valid ${rules.well_known_regex === 'HTTP_HEADER_NAME' ? 'header name' : 'header value'}`);
  }
  if (rules.hostname && !isHostname(value)) fail('hostname', 'a host name');
  if (rules.ip && isIP(value) === 0) fail('ip', 'an IP address');
  if (rules.ipv4 && isIP(value) !== 4) fail('ipv4', 'an IPv4 address');
  if (rules.ipv6 && isIP(value) !== 6) fail('ipv6', 'an IPv6 address');
  if (rules.address && isIP(value) === 0 && !isHostname(value)) fail('address', 'a host name or IP address');
  if (rules.email && !/^[^@\s]+@[^@\s]+$/.test(value)) fail('email', 'an email address');
  if (rules.uuid && !/^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/.test(value)) fail('uuid', 'a UUID');
  if (rules.uri && !URL.canParse(value)) fail('uri', 'an absolute URI');
  return out;
}

/** String rules (lengths in code points and bytes, pattern, affixes, sets, well-known formats). */
export function checkString(value: string, rules: StringRules, kind = 'string'): RuleViolation[] {
  if (rules.ignore_empty && value === '') return [];
  const out: RuleViolation[] = [];
  const chars = [...value].length;
  const bytes = Buffer.byteLength(value, 'utf8');
  const push = (rule: string, message: string): void => void out.push({ rule: `${kind}.${rule}`, message });
  if (rules.const !== undefined && value !== rules.const) push('const', `${fmt(value)} must equal ${fmt(rules.const)}`);
  if (rules.len !== undefined && chars !== Number(rules.len)) push('len', `${fmt(value)} must be ${rules.len} characters`);
  if (rules.min_len !== undefined && chars < Number(rules.min_len)) push('min_len', `${fmt(value)} is shorter than ${rules.min_len} characters`);
  if (rules.max_len !== undefined && chars > Number(rules.max_len)) push('max_len', `value is longer than ${rules.max_len} characters`);
  if (rules.len_bytes !== undefined && bytes !== Number(rules.len_bytes)) push('len_bytes', `value must be ${rules.len_bytes} bytes`);
  if (rules.min_bytes !== undefined && bytes < Number(rules.min_bytes)) push('min_bytes', `${fmt(value)} is shorter than ${rules.min_bytes} bytes`);
  if (rules.max_bytes !== undefined && bytes > Number(rules.max_bytes)) push('max_bytes', `value is longer than ${rules.max_bytes} bytes`);
  if (rules.pattern !== undefined) {
    const regex = compilePattern(rules.pattern);
    if (regex && !regex.test(value)) push('pattern', `${fmt(value)} does not match ${rules.pattern}`);
  }
  if (rules.prefix !== undefined && !value.startsWith(rules.prefix)) push('prefix', `${fmt(value)} must start with ${fmt(rules.prefix)}`);
  if (rules.suffix !== undefined && !value.endsWith(rules.suffix)) push('suffix', `${fmt(value)} must end with ${fmt(rules.suffix)}`);
  if (rules.contains !== undefined && !value.includes(rules.contains)) push('contains', `${fmt(value)} must contain ${fmt(rules.contains)}`);
  if (rules.not_contains !== undefined && value.includes(rules.not_contains)) push('not_contains', `${fmt(value)} must not contain ${fmt(rules.not_contains)}`);
  const allowed = asList(rules.in);
  if (allowed.length && !allowed.includes(value)) push('in', `${fmt(value)} must be one of ${fmt(allowed)}`);
  if (asList(rules.not_in).includes(value)) push('not_in', `${fmt(value)} is not allowed`);
  out.push(...checkWellKnown(value, rules, kind));
  return out;
}

/** Enum rules; `defined` are the numbers the enum declares. */
export function checkEnum(value: number, rules: EnumRules, defined: readonly number[]): RuleViolation[] {
  const out: RuleViolation[] = [];
  if (rules.const !== undefined && value !== Number(rules.const)) out.push({ rule: 'enum.const', message: `${value} must equal ${rules.const}` });
  if (rules.defined_only && !defined.includes(value)) out.push({ rule: 'enum.defined_only', message: `${value} is not a defined enum value` });
  const allowed = asList(rules.in).map(Number);
  if (allowed.length && !allowed.includes(value)) out.push({ rule: 'enum.in', message: `${value} must be one of ${fmt(allowed)}` });
  if (asList(rules.not_in).map(Number).includes(value)) out.push({ rule: 'enum.not_in', message: `${value} is not allowed` });
  return out;
}

function literalNanos(literal: DurationLiteral): bigint {
  return BigInt(literal.seconds ?? 0) * 1_000_000_000n + BigInt(literal.nanos ?? 0);
}

function showNanos(nanos: bigint): string {
  const negative = nanos < 0n;
  const abs = negative ? -nanos : nanos;
  const seconds = abs / 1_000_000_000n;
  const frac = (abs % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${seconds}${frac ? `.${frac}` : ''}s`;
}

/** Duration rules on a proto3-JSON duration string (required is checked by the walker). */
export function checkDuration(text: string, rules: DurationRules): RuleViolation[] {
  const parsed = parseProtoDuration(text);
  if (!parsed) return [{ rule: 'duration.format', message: `${fmt(text)} is not a proto duration` }];
  const value = parsed.totalNanos;
  const opt = (l: DurationLiteral | undefined): bigint | undefined => (l === undefined ? undefined : literalNanos(l));
  const out = checkBounds(value, { lt: opt(rules.lt), lte: opt(rules.lte), gt: opt(rules.gt), gte: opt(rules.gte) }, 'duration', showNanos);
  if (rules.const !== undefined && value !== literalNanos(rules.const)) out.push({ rule: 'duration.const', message: `${text} must equal ${showNanos(literalNanos(rules.const))}` });
  const allowed = asList(rules.in).map(literalNanos);
  if (allowed.length && !allowed.includes(value)) out.push({ rule: 'duration.in', message: `${text} is not an allowed duration` });
  if (asList(rules.not_in).map(literalNanos).includes(value)) out.push({ rule: 'duration.not_in', message: `${text} is not allowed` });
  return out;
}

/** Any rules on a type URL (required is checked by the walker). */
export function checkAnyType(typeUrl: string, rules: NonNullable<FieldRules['any']>): RuleViolation[] {
  const allowed = asList(rules.in);
  const out: RuleViolation[] = [];
  if (allowed.length && !allowed.includes(typeUrl)) out.push({ rule: 'any.in', message: `${typeUrl} is not an allowed type` });
  if (asList(rules.not_in).includes(typeUrl)) out.push({ rule: 'any.not_in', message: `${typeUrl} is not allowed` });
  return out;
}

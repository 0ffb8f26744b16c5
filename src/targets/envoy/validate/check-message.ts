import type protobuf from 'protobufjs';
import { protobufjs } from './protobuf.js';
import type { FieldRules, RuleTable } from './rule-types.js';
import { checkAnyType, checkDuration, checkEnum, checkNumber, checkString, NUMBER_RULE_KINDS, type RuleViolation } from './rules.js';
import { describe, isScalarType, parseProtoDuration, scalarProblem } from './scalars.js';

/** One problem in an emitted resource: where (a JSON path into it), which rule, and why. */
export interface ProtoIssue {
  /** Path inside the resource, e.g. filter_chains[0].filters[0].typed_config.stat_prefix. */
  path: string;
  /** proto.unknown_field, proto.type, proto.oneof, proto.deprecated, or a validate rule such as string.min_len. */
  rule: string;
  /** What is wrong. */
  message: string;
}

/** The loaded protos and rules a check runs against. */
export interface ProtoSchema {
  /** Resolved protobufjs root. */
  root: protobuf.Root;
  /** validate.rules per message. */
  rules: RuleTable;
}

type Json = unknown;
type Converted = unknown;

const ANY_PREFIX = 'type.googleapis.com/';
/** Full names of message types without the leading dot, computed once per type: protobufjs walks every
 * parent on each `fullName` read, which took ~0.3 s of a 1,000-route Envoy compile. */
const TYPE_NAMES = new WeakMap<protobuf.Type, string>();

function messageTypeName(type: protobuf.Type): string {
  let name = TYPE_NAMES.get(type);
  if (name === undefined) {
    name = type.fullName.slice(1);
    TYPE_NAMES.set(type, name);
  }
  return name;
}

const WRAPPERS: Record<string, string> = {
  '.google.protobuf.DoubleValue': 'double',
  '.google.protobuf.FloatValue': 'float',
  '.google.protobuf.Int64Value': 'int64',
  '.google.protobuf.UInt64Value': 'uint64',
  '.google.protobuf.Int32Value': 'int32',
  '.google.protobuf.UInt32Value': 'uint32',
  '.google.protobuf.BoolValue': 'bool',
  '.google.protobuf.StringValue': 'string',
  '.google.protobuf.BytesValue': 'bytes',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A walk over one resource: collects issues while converting proto3 JSON to protobufjs objects for encoding. */
class Walk {
  readonly issues: ProtoIssue[] = [];
  constructor(readonly schema: ProtoSchema) {}

  issue(path: string, rule: string, message: string): void {
    this.issues.push({ path: path || '(root)', rule, message });
  }

  violations(path: string, list: RuleViolation[]): void {
    for (const v of list) this.issue(path, v.rule, v.message);
  }

  /** Converts (and checks) a message value; returns the protobufjs object form. */
  message(type: protobuf.Type, value: Json, path: string): Converted {
    const special = this.wellKnown(type, value, path);
    if (special.handled) return special.value;
    if (!isRecord(value)) {
      this.issue(path, 'proto.type', `expected ${messageTypeName(type)} object, got ${describe(value)}`);
      return {};
    }
    const messageName = messageTypeName(type);
    const typeRules = this.schema.rules[messageName];
    const out: Record<string, unknown> = {};
    const oneofSet = new Map<string, string>();
    for (const [key, raw] of Object.entries(value)) {
      const field = type.fields[key];
      const at = path ? `${path}.${key}` : key;
      if (!field) {
        this.issue(at, 'proto.unknown_field', `${messageName} has no field "${key}"`);
        continue;
      }
      if (raw === undefined) continue;
      if (typeRules?.deprecated?.includes(key)) this.issue(at, 'proto.deprecated', `${messageName}.${key} is deprecated`);
      const oneof = field.partOf;
      if (oneof) {
        const other = oneofSet.get(oneof.name);
        if (other) this.issue(at, 'proto.oneof', `"${key}" and "${other}" are both members of oneof ${oneof.name}`);
        oneofSet.set(oneof.name, key);
      }
      out[key] = this.field(field, raw, at);
    }
    if (!typeRules?.disabled) this.rulesOf(type, value, path);
    for (const name of typeRules?.requiredOneofs ?? []) {
      if (!oneofSet.has(name)) this.issue(path, 'oneof.required', `one of ${type.oneofs[name]?.oneof.join(', ') ?? name} must be set`);
    }
    return out;
  }

  private field(field: protobuf.Field, raw: Json, path: string): Converted {
    if (field instanceof protobufjs().MapField || field.map) {
      if (!isRecord(raw)) {
        this.issue(path, 'proto.type', `expected a map, got ${describe(raw)}`);
        return {};
      }
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(raw)) out[k] = this.element(field, v, `${path}[${JSON.stringify(k)}]`);
      return out;
    }
    if (field.repeated) {
      if (!Array.isArray(raw)) {
        this.issue(path, 'proto.type', `expected a list, got ${describe(raw)}`);
        return [];
      }
      return raw.map((item, i) => this.element(field, item, `${path}[${i}]`));
    }
    return this.element(field, raw, path);
  }

  private element(field: protobuf.Field, raw: Json, path: string): Converted {
    const resolved = field.resolvedType;
    if (resolved instanceof protobufjs().Type) return this.message(resolved, raw, path);
    if (resolved instanceof protobufjs().Enum) {
      const known = typeof raw === 'string' ? raw in resolved.values : typeof raw === 'number' && Number.isInteger(raw);
      if (!known) this.issue(path, 'proto.type', `${describe(raw)} is not a value of enum ${resolved.name}`);
      return raw;
    }
    if (!isScalarType(field.type)) {
      this.issue(path, 'proto.type', `unresolved type ${field.type}`);
      return raw;
    }
    const problem = scalarProblem(field.type, raw);
    if (problem) this.issue(path, 'proto.type', problem);
    return raw;
  }

  /** Well-known types with a special JSON mapping (Duration, wrappers, Struct, Value, Any...). */
  private wellKnown(type: protobuf.Type, value: Json, path: string): { handled: boolean; value?: Converted } {
    const name = `.${messageTypeName(type)}`;
    const wrapped = WRAPPERS[name];
    if (wrapped) {
      const problem = scalarProblem(wrapped, value);
      if (problem) this.issue(path, 'proto.type', problem);
      return { handled: true, value: { value } };
    }
    switch (name) {
      case '.google.protobuf.Duration': {
        const parsed = typeof value === 'string' ? parseProtoDuration(value) : undefined;
        if (!parsed) this.issue(path, 'proto.type', `expected a duration such as "5s", got ${describe(value)}`);
        return { handled: true, value: parsed ? { seconds: parsed.seconds, nanos: parsed.nanos } : {} };
      }
      case '.google.protobuf.Empty':
        if (!isRecord(value) || Object.keys(value).length) this.issue(path, 'proto.type', 'expected {}');
        return { handled: true, value: {} };
      case '.google.protobuf.Struct':
        return { handled: true, value: this.struct(type, value, path) };
      case '.google.protobuf.Value':
        return { handled: true, value: this.value(type, value, path) };
      case '.google.protobuf.ListValue':
        return { handled: true, value: this.list(type, value, path) };
      case '.google.protobuf.Any':
        return { handled: true, value: this.any(value, path) };
      case '.google.protobuf.Timestamp':
      case '.google.protobuf.FieldMask':
        this.issue(path, 'proto.type', `${name.slice(1)} is not supported by wsctl's checker`);
        return { handled: true, value: {} };
      default:
        return { handled: false };
    }
  }

  private struct(type: protobuf.Type, value: Json, path: string): Converted {
    if (!isRecord(value)) {
      this.issue(path, 'proto.type', `expected an object, got ${describe(value)}`);
      return {};
    }
    const valueType = type.fields['fields']?.resolvedType;
    const fields: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) fields[k] = valueType instanceof protobufjs().Type ? this.value(valueType, v, `${path}.${k}`) : {};
    return { fields };
  }

  private list(type: protobuf.Type, value: Json, path: string): Converted {
    if (!Array.isArray(value)) {
      this.issue(path, 'proto.type', `expected a list, got ${describe(value)}`);
      return {};
    }
    const valueType = type.fields['values']?.resolvedType;
    return { values: value.map((v, i) => (valueType instanceof protobufjs().Type ? this.value(valueType, v, `${path}[${i}]`) : {})) };
  }

  /** google.protobuf.Value: any JSON. Field names differ between protobufjs' built-in and .proto copies. */
  private value(type: protobuf.Type, value: Json, path: string): Converted {
    const key = (snake: string): string => (type.fields[snake] ? snake : snake.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()));
    const typeOf = (snake: string): protobuf.Type | null => {
      const t = type.fields[key(snake)]?.resolvedType;
      return t instanceof protobufjs().Type ? t : null;
    };
    if (value === null) return { [key('null_value')]: 0 };
    if (typeof value === 'number') return { [key('number_value')]: value };
    if (typeof value === 'string') return { [key('string_value')]: value };
    if (typeof value === 'boolean') return { [key('bool_value')]: value };
    const struct = typeOf('struct_value');
    const list = typeOf('list_value');
    if (Array.isArray(value) && list) return { [key('list_value')]: this.list(list, value, path) };
    if (isRecord(value) && struct) return { [key('struct_value')]: this.struct(struct, value, path) };
    this.issue(path, 'proto.type', `cannot encode ${describe(value)} as google.protobuf.Value`);
    return {};
  }

  private any(value: Json, path: string): Converted {
    if (!isRecord(value) || typeof value['@type'] !== 'string') {
      this.issue(path, 'proto.any', 'an Any needs an "@type"');
      return {};
    }
    const typeUrl = value['@type'];
    if (!typeUrl.startsWith(ANY_PREFIX)) {
      this.issue(`${path}.@type`, 'proto.any', `type URL ${typeUrl} must start with ${ANY_PREFIX}`);
      return {};
    }
    const found = this.schema.root.lookup(`.${typeUrl.slice(ANY_PREFIX.length)}`);
    if (!(found instanceof protobufjs().Type)) {
      this.issue(`${path}.@type`, 'proto.any', `unknown type ${typeUrl} (not in the protos wsctl checks against)`);
      return {};
    }
    const { '@type': _drop, ...rest } = value;
    const before = this.issues.length;
    const special = this.wellKnown(found, 'value' in rest ? rest['value'] : rest, path);
    const inner = special.handled ? special.value : this.message(found, rest, path);
    // encoding a broken message could throw; its issues are already recorded
    if (this.issues.length > before) return { type_url: typeUrl };
    return { type_url: typeUrl, value: found.encode(found.fromObject(inner as Record<string, unknown>)).finish() };
  }

  /** Applies the field rules of a message, including to unset fields (proto3 scalars have default values). */
  private rulesOf(type: protobuf.Type, value: Record<string, unknown>, path: string): void {
    const fieldRules = this.schema.rules[messageTypeName(type)]?.fields;
    if (!fieldRules) return;
    for (const [name, rules] of Object.entries(fieldRules)) {
      const field = type.fields[name];
      if (!field) continue;
      const at = path ? `${path}.${name}` : name;
      const raw = value[name];
      if (raw === undefined) this.unset(field, rules, at);
      else this.set(field, rules, raw, at);
    }
  }

  private unset(field: protobuf.Field, rules: FieldRules, path: string): void {
    // PGV checks a oneof member (or proto3 optional field) only when it is the one set
    if (field.partOf) return;
    const missing = (rule: string): void => this.issue(path, rule, `${field.name} is required`);
    if (rules.message?.required) missing('message.required');
    if (rules.duration?.required) missing('duration.required');
    if (rules.any?.required) missing('any.required');
    if (rules.timestamp?.required) missing('timestamp.required');
    if (field.repeated || field.map) {
      const min = field.map ? rules.map?.min_pairs : rules.repeated?.min_items;
      const ignore = field.map ? rules.map?.ignore_empty : rules.repeated?.ignore_empty;
      if (min !== undefined && Number(min) > 0 && !ignore) this.issue(path, field.map ? 'map.min_pairs' : 'repeated.min_items', `${field.name} needs at least ${min} item(s)`);
      return;
    }
    if (field.resolvedType instanceof protobufjs().Type) return;
    const defaultValue = field.resolvedType instanceof protobufjs().Enum ? 0 : field.type === 'string' || field.type === 'bytes' ? '' : field.type === 'bool' ? false : 0;
    this.scalarRules(field, rules, defaultValue, path);
  }

  private set(field: protobuf.Field, rules: FieldRules, raw: unknown, path: string): void {
    if (field.map && isRecord(raw)) {
      const pairs = Object.keys(raw).length;
      const m = rules.map;
      if (m?.ignore_empty && pairs === 0) return;
      if (m?.min_pairs !== undefined && pairs < Number(m.min_pairs)) this.issue(path, 'map.min_pairs', `needs at least ${m.min_pairs} entries`);
      if (m?.max_pairs !== undefined && pairs > Number(m.max_pairs)) this.issue(path, 'map.max_pairs', `allows at most ${m.max_pairs} entries`);
      for (const [k, v] of Object.entries(raw)) {
        if (m?.keys?.string) this.violations(`${path}[${JSON.stringify(k)}]`, checkString(k, m.keys.string));
        if (m?.values) this.scalarRules(field, m.values, v, `${path}[${JSON.stringify(k)}]`);
      }
      return;
    }
    if (field.repeated && Array.isArray(raw)) {
      const r = rules.repeated;
      if (r?.ignore_empty && raw.length === 0) return;
      if (r?.min_items !== undefined && raw.length < Number(r.min_items)) this.issue(path, 'repeated.min_items', `needs at least ${r.min_items} item(s), has ${raw.length}`);
      if (r?.max_items !== undefined && raw.length > Number(r.max_items)) this.issue(path, 'repeated.max_items', `allows at most ${r.max_items} item(s), has ${raw.length}`);
      if (r?.unique && new Set(raw.map((x) => JSON.stringify(x))).size !== raw.length) this.issue(path, 'repeated.unique', 'items must be unique');
      if (r?.items) raw.forEach((item, i) => this.scalarRules(field, r.items as FieldRules, item, `${path}[${i}]`));
      return;
    }
    this.scalarRules(field, rules, raw, path);
  }

  /** Rules on one value (a singular field, or one item of a repeated/map field). */
  private scalarRules(field: protobuf.Field, rules: FieldRules, raw: unknown, path: string): void {
    if (rules.string && typeof raw === 'string') this.violations(path, checkString(raw, rules.string));
    if (rules.bytes && typeof raw === 'string') this.violations(path, checkString(Buffer.from(raw, 'base64').toString('latin1'), rules.bytes, 'bytes'));
    for (const kind of NUMBER_RULE_KINDS) {
      const numberRules = rules[kind];
      if (numberRules && (typeof raw === 'number' || (typeof raw === 'string' && /^-?[0-9.]+$/.test(raw)))) this.violations(path, checkNumber(Number(raw), numberRules, kind));
    }
    if (rules.bool?.const !== undefined && raw !== rules.bool.const) this.issue(path, 'bool.const', `must be ${String(rules.bool.const)}`);
    if (rules.enum && field.resolvedType instanceof protobufjs().Enum) {
      const values = field.resolvedType.values;
      const number = typeof raw === 'string' ? values[raw] : typeof raw === 'number' ? raw : undefined;
      if (number !== undefined) this.violations(path, checkEnum(number, rules.enum, Object.values(values)));
    }
    if (rules.duration && typeof raw === 'string') this.violations(path, checkDuration(raw, rules.duration));
    if (rules.any && isRecord(raw) && typeof raw['@type'] === 'string') this.violations(path, checkAnyType(raw['@type'], rules.any));
  }
}

/** Result of checking one resource. */
export interface CheckResult {
  /** Every problem found (empty = valid). */
  issues: ProtoIssue[];
  /** The protobuf encoding, when valid. */
  bytes?: Uint8Array;
}

/**
 * Checks a resource in proto3-JSON form against its message type: unknown fields, wrong types, oneofs,
 * deprecated fields and validate.rules; then encodes it with the protos (proof that Envoy could decode it).
 */
export function checkMessage(schema: ProtoSchema, typeName: string, value: unknown): CheckResult {
  const type = schema.root.lookup(`.${typeName}`);
  if (!(type instanceof protobufjs().Type)) return { issues: [{ path: '(root)', rule: 'proto.any', message: `unknown message type ${typeName}` }] };
  const walk = new Walk(schema);
  const converted = walk.message(type, value, '');
  if (walk.issues.length) return { issues: walk.issues };
  try {
    return { issues: [], bytes: type.encode(type.fromObject(converted as Record<string, unknown>)).finish() };
  } catch (error) {
    return { issues: [{ path: '(root)', rule: 'proto.encode', message: error instanceof Error ? error.message : String(error) }] };
  }
}

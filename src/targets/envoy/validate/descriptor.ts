import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type protobuf from 'protobufjs';
import { protobufjs } from './protobuf.js';
import type { FieldRules, RuleTable, TypeRules } from './rule-types.js';

/** The proto files whose messages wsctl emits (and everything they import). */
export const ENVOY_PROTO_ROOTS = [
  'envoy/config/bootstrap/v3/bootstrap.proto',
  'envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.proto',
  'envoy/extensions/filters/http/router/v3/router.proto',
  'envoy/extensions/filters/http/jwt_authn/v3/config.proto',
  'envoy/extensions/filters/http/rbac/v3/rbac.proto',
  'envoy/extensions/filters/http/local_ratelimit/v3/local_rate_limit.proto',
  'envoy/extensions/filters/http/header_mutation/v3/header_mutation.proto',
  'envoy/extensions/transport_sockets/tls/v3/tls.proto',
  'envoy/extensions/access_loggers/file/v3/file.proto',
  'envoy/extensions/access_loggers/stream/v3/stream.proto',
  'envoy/extensions/resource_monitors/downstream_connections/v3/downstream_connections.proto',
  'envoy/extensions/formatter/req_without_query/v3/req_without_query.proto',
  'envoy/extensions/upstreams/http/v3/http_protocol_options.proto',
] as const;

/** Everything the checker needs: the protobufjs reflection JSON and the PGV rules per message. */
export interface EnvoyDescriptor {
  /** protobufjs `Root.toJSON()` of the loaded protos (options stripped). */
  root: protobuf.INamespace;
  /** validate.rules per message type. */
  rules: RuleTable;
}

type Options = Record<string, unknown>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep-merges option fragments: `[(validate.rules).string.min_len = 1, (validate.rules).string.max_len = 9]`. */
function mergeInto(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (isRecord(existing) && isRecord(value)) mergeInto(existing, value);
    else target[key] = value;
  }
}

function parsedOption(parsed: Options[] | undefined, name: string): unknown {
  let merged: unknown;
  for (const entry of parsed ?? []) {
    if (!(name in entry)) continue;
    const value = entry[name];
    if (isRecord(value)) {
      const target: Record<string, unknown> = isRecord(merged) ? merged : {};
      mergeInto(target, structuredClone(value));
      merged = target;
    } else merged = value;
  }
  return merged;
}

function typeRules(type: protobuf.Type): TypeRules | undefined {
  const rules: TypeRules = {};
  const parsed = type.parsedOptions as Options[] | undefined;
  if (parsedOption(parsed, '(validate.disabled)') === true || parsedOption(parsed, '(validate.ignored)') === true) rules.disabled = true;
  for (const field of type.fieldsArray) {
    const fieldParsed = field.parsedOptions as Options[] | undefined;
    const fieldRules = parsedOption(fieldParsed, '(validate.rules)');
    if (isRecord(fieldRules)) (rules.fields ??= {})[field.name] = fieldRules as FieldRules;
    if (field.options?.['deprecated'] === true || parsedOption(fieldParsed, 'deprecated') === true) (rules.deprecated ??= []).push(field.name);
  }
  for (const oneof of type.oneofsArray) {
    const required = parsedOption(oneof.parsedOptions as Options[] | undefined, '(validate.required)') ?? oneof.options?.['(validate.required)'];
    if (required === true) (rules.requiredOneofs ??= []).push(oneof.name);
  }
  return Object.keys(rules).length ? rules : undefined;
}

function collectRules(namespace: protobuf.NamespaceBase, out: RuleTable): void {
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobufjs().Type) {
      const rules = typeRules(nested);
      if (rules) out[nested.fullName.slice(1)] = rules;
    }
    if (nested instanceof protobufjs().Namespace || nested instanceof protobufjs().Type) collectRules(nested, out);
  }
}

/** Drops options and comments from the reflection JSON: the runtime needs types, not annotations. */
function stripOptions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripOptions);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'comment' || key === 'comments') continue;
    if (key === 'options') {
      // `packed = false` changes the wire format; nothing else in options matters for encoding
      if (isRecord(inner) && inner['packed'] === false) out[key] = { packed: false };
      continue;
    }
    out[key] = stripOptions(inner);
  }
  return out;
}

/**
 * Loads Envoy's protos (from `@grpc/grpc-js-xds/deps`) into a descriptor: used to generate
 * descriptor.generated.ts (and src/xds's discovery descriptor, from other roots) and by the tests that keep
 * them in sync. Not used at compile time.
 */
export function descriptorFromProtos(depsDir: string, protobufjsDir: string, protoRoots: readonly string[] = ENVOY_PROTO_ROOTS): EnvoyDescriptor {
  const includeDirs = [...['envoy-api', 'xds', 'googleapis', 'protoc-gen-validate'].map((d) => join(depsDir, d)), protobufjsDir];
  const root = new (protobufjs().Root)();
  root.resolvePath = (_origin, target) => includeDirs.map((dir) => join(dir, target)).find((p) => existsSync(p)) ?? target;
  root.loadSync([...protoRoots], { keepCase: true, alternateCommentMode: false });
  root.resolveAll();
  const rules: RuleTable = {};
  collectRules(root, rules);
  const sortedRules: RuleTable = {};
  for (const name of Object.keys(rules).sort()) sortedRules[name] = rules[name] as TypeRules;
  return { root: stripOptions(root.toJSON({ keepComments: false })) as protobuf.INamespace, rules: sortedRules };
}

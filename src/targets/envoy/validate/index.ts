import type { Bootstrap } from '../bootstrap.js';
import { RESOURCE_TYPES } from '../names.js';
import type { EnvoyResources } from '../types.js';
import { checkMessage, type CheckResult, type ProtoIssue } from './check-message.js';
import { envoySchema } from './schema.js';

/** A problem in one named resource. */
export interface ResourceIssue extends ProtoIssue {
  /** Message type, e.g. envoy.config.listener.v3.Listener. */
  type: string;
  /** Resource name. */
  name: string;
}

/** Checks one resource (proto3-JSON) against an Envoy message type: fields, types and validate.rules. */
export function validateEnvoyMessage(typeName: string, value: unknown): CheckResult {
  return checkMessage(envoySchema(), typeName, value);
}

function named(type: string, name: string, result: CheckResult): ResourceIssue[] {
  return result.issues.map((issue) => ({ ...issue, type, name }));
}

/** Checks every xDS resource of a gateway; empty when Envoy would accept them all. */
export function validateEnvoyResources(resources: EnvoyResources): ResourceIssue[] {
  const lists: [string, { name?: string; cluster_name?: string }[]][] = [
    [RESOURCE_TYPES.listener, resources.listeners],
    [RESOURCE_TYPES.route, resources.routes],
    [RESOURCE_TYPES.cluster, resources.clusters],
    [RESOURCE_TYPES.endpoint, resources.endpoints],
    [RESOURCE_TYPES.secret, resources.secrets],
    [RESOURCE_TYPES.extension, resources.extensions],
  ];
  return lists.flatMap(([type, items]) => items.flatMap((item) => named(type, item.name ?? item.cluster_name ?? '', validateEnvoyMessage(type, item))));
}

/** Checks a bootstrap (static or xDS). */
export function validateBootstrap(bootstrap: Bootstrap): ResourceIssue[] {
  return named(RESOURCE_TYPES.bootstrap, 'bootstrap', validateEnvoyMessage(RESOURCE_TYPES.bootstrap, bootstrap));
}

/** One line per issue: `Listener public: filter_chains[0]...: string.min_len: ...`. */
export function formatIssue(issue: ResourceIssue): string {
  const kind = issue.type.slice(issue.type.lastIndexOf('.') + 1);
  return `${kind} ${issue.name}: ${issue.path}: ${issue.rule}: ${issue.message}`;
}

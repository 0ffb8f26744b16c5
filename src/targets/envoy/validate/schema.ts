import type protobuf from 'protobufjs';
import { protobufjs } from './protobuf.js';
import type { ProtoSchema } from './check-message.js';
import type { EnvoyDescriptor } from './descriptor.js';
import { ENVOY_DESCRIPTOR_JSON } from './descriptor.generated.js';

let cached: ProtoSchema | undefined;

/**
 * The Envoy protos and their validate.rules, loaded once per process from the generated descriptor
 * (Envoy's .proto files ship only in a dev dependency; test/unit/envoy/descriptor.test.ts keeps the two in sync).
 */
export function envoySchema(): ProtoSchema {
  if (!cached) {
    const descriptor = JSON.parse(ENVOY_DESCRIPTOR_JSON) as EnvoyDescriptor;
    const root = protobufjs().Root.fromJSON(descriptor.root);
    root.resolveAll();
    cached = { root, rules: descriptor.rules };
  }
  return cached;
}

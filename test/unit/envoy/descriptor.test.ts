import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { descriptorFromProtos } from '../../../src/targets/envoy/validate/descriptor.js';

const GENERATED = 'src/targets/envoy/validate/descriptor.generated.ts';

function render(json: string): string {
  return [
    '// Generated from the Envoy v3 protos in @grpc/grpc-js-xds/deps by test/unit/envoy/descriptor.test.ts',
    '// (UPDATE_DESCRIPTOR=1 npx vitest run test/unit/envoy/descriptor.test.ts). Do not edit.',
    '',
    '/** protobufjs reflection JSON of the Envoy protos wsctl emits, plus their validate.rules, as one JSON string. */',
    `export const ENVOY_DESCRIPTOR_JSON: string = ${JSON.stringify(json)};`,
    '',
  ].join('\n');
}

describe('the generated Envoy descriptor', () => {
  it('matches the protos shipped in @grpc/grpc-js-xds (regenerate with UPDATE_DESCRIPTOR=1)', () => {
    const descriptor = descriptorFromProtos('node_modules/@grpc/grpc-js-xds/deps', 'node_modules/protobufjs');
    const expected = render(JSON.stringify(descriptor));
    if (process.env['UPDATE_DESCRIPTOR'] === '1') writeFileSync(GENERATED, expected);
    expect(readFileSync(GENERATED, 'utf8') === expected).toBe(true);
  });

  it('carries the validate rules of the fields wsctl relies on', () => {
    const descriptor = descriptorFromProtos('node_modules/@grpc/grpc-js-xds/deps', 'node_modules/protobufjs');
    expect(descriptor.rules['envoy.config.cluster.v3.Cluster']?.fields?.['connect_timeout']).toEqual({ duration: { gt: {} } });
    expect(descriptor.rules['envoy.config.route.v3.RouteMatch']?.requiredOneofs).toEqual(['path_specifier']);
    expect(descriptor.rules['envoy.config.core.v3.HealthCheck']?.fields?.['timeout']?.duration?.required).toBe(true);
  });
});

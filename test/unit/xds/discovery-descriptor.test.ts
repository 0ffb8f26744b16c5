import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { descriptorFromProtos } from '../../../src/targets/envoy/validate/descriptor.js';
import { DISCOVERY_PROTO_ROOTS } from '../../../src/xds/discovery-protos.js';

const GENERATED = 'src/xds/discovery-descriptor.generated.ts';

function render(json: string): string {
  return [
    '// Generated from the Envoy discovery protos in @grpc/grpc-js-xds/deps by test/unit/xds/discovery-descriptor.test.ts',
    '// (UPDATE_DESCRIPTOR=1 npx vitest run test/unit/xds/discovery-descriptor.test.ts). Do not edit.',
    '',
    '/** protobufjs reflection JSON of envoy.service.discovery.v3 (requests and responses of every xDS service), as one JSON string. */',
    `export const DISCOVERY_DESCRIPTOR_JSON: string = ${JSON.stringify(json)};`,
    '',
  ].join('\n');
}

describe('the generated discovery descriptor', () => {
  it('matches the protos shipped in @grpc/grpc-js-xds (regenerate with UPDATE_DESCRIPTOR=1)', () => {
    const { root } = descriptorFromProtos('node_modules/@grpc/grpc-js-xds/deps', 'node_modules/protobufjs', DISCOVERY_PROTO_ROOTS);
    const expected = render(JSON.stringify(root));
    if (process.env['UPDATE_DESCRIPTOR'] === '1') writeFileSync(GENERATED, expected);
    expect(readFileSync(GENERATED, 'utf8') === expected).toBe(true);
  });
});

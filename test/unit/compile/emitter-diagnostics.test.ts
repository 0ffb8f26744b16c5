import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileGateway } from '../../../src/compile/compile.js';
import { validateText } from '../../../src/spec/validate.js';
import { resolveTargets } from '../../../src/targets/registry.js';

const minimal = readFileSync('examples/minimal.yaml', 'utf8');

describe('diagnostics found while emitting', () => {
  it('point at the spec field they concern, like validation errors do', () => {
    // nginx verifies one DNS name per backend: upstream TLS to an IP endpoint needs tls.serverName
    const text = minimal.replace('        - { address: 127.0.0.1, port: 9000 }', '        - { address: 127.0.0.1, port: 9000 }\n      tls: { caFile: tls/backend-ca.crt }');
    const { gateways, ok } = validateText('examples/upstream-tls.yaml', text, 'examples');
    expect(ok).toBe(true);
    const result = compileGateway(gateways[0]!, resolveTargets('nginx'), { outDir: 'out' });
    expect(result.ok).toBe(false);
    const tlsLine = text.split('\n').findIndex((l) => l.includes('tls: { caFile')) + 1;
    expect(result.diagnostics.map((d) => [d.code, d.path, d.line, d.col])).toEqual([['WS0201', 'spec.backends[0].tls', tlsLine, 7]]);
  });

  it('report a capability refusal at the field that uses the feature', () => {
    const text = minimal.replace('        - { address: 127.0.0.1, port: 9000 }', '        - { address: 127.0.0.1, port: 9000 }\n      healthCheck: { path: /healthz }');
    const { gateways } = validateText('examples/hc.yaml', text, 'examples');
    const result = compileGateway(gateways[0]!, resolveTargets('nginx'), { outDir: 'out' });
    const line = text.split('\n').findIndex((l) => l.includes('healthCheck:')) + 1;
    expect(result.diagnostics.map((d) => [d.code, d.path, d.line])).toEqual([['WS0201', 'spec.backends[0].healthCheck', line]]);
    expect(result.diagnostics[0]?.message).toContain('target nginx cannot honour');
  });

  it('warn on nginx that endpoint host names are resolved once per load', () => {
    const text = minimal.replace('address: 127.0.0.1', 'address: app.internal');
    const { gateways } = validateText('examples/dns.yaml', text, 'examples');
    const result = compileGateway(gateways[0]!, resolveTargets('nginx'), { outDir: 'out' });
    expect(result.ok).toBe(true);
    const line = text.split('\n').findIndex((l) => l.includes('endpoints:')) + 1;
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.path, d.line])).toEqual([['WS0202', 'warning', 'spec.backends[0].endpoints', line]]);
    const withIp = validateText('examples/ip.yaml', minimal, 'examples');
    expect(compileGateway(withIp.gateways[0]!, resolveTargets('nginx'), { outDir: 'out' }).diagnostics).toEqual([]);
  });
});

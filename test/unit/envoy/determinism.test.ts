import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { RESOURCE_TYPES } from '../../../src/targets/envoy/names.js';
import { xdsResources } from '../../../src/targets/envoy/resources.js';
import { envoyTarget } from '../../../src/targets/envoy/target.js';
import type { EnvoyResources } from '../../../src/targets/envoy/types.js';
import { validateEnvoyMessage } from '../../../src/targets/envoy/validate/index.js';
import { EVERYTHING, loaded, loadedText } from './helpers.js';

const SPEC_DIR = 'test/golden/valid-everything';
const base = parse(readFileSync(EVERYTHING, 'utf8')) as { spec: { routes: Record<string, unknown>[]; backends: unknown[]; listeners: unknown[]; metrics?: unknown } };
// with a metrics listener too, so route edits are shown to leave it byte-identical as well
base.spec.metrics = { port: 9464, path: '/prom' };

/** The everything spec with one edit applied to a deep copy. */
function edited(edit: (spec: typeof base.spec) => void): EnvoyResources {
  const copy = structuredClone(base);
  edit(copy.spec);
  const { ir, ctx } = loadedText(stringify(copy), SPEC_DIR);
  return xdsResources(ir);
}

/** Protobuf bytes of every resource of a kind, as hex (what wsctl serve would hash and send). */
function wire(kind: keyof typeof RESOURCE_TYPES, items: readonly unknown[]): string[] {
  return items.map((item) => Buffer.from(validateEnvoyMessage(RESOURCE_TYPES[kind], item).bytes ?? []).toString('hex'));
}

const original = edited(() => {});

describe('Envoy output is deterministic', () => {
  it('gives byte-identical files for the same spec', () => {
    const a = loaded(EVERYTHING);
    const b = loaded(EVERYTHING);
    const first = envoyTarget.emit(a.ir, a.ctx).files;
    const second = envoyTarget.emit(b.ir, b.ctx).files;
    expect(first.length).toBeGreaterThan(4);
    expect(second).toEqual(first);
  });

  it('gives byte-identical protobuf encodings for the same spec', () => {
    const again = edited(() => {});
    expect(wire('listener', again.listeners)).toEqual(wire('listener', original.listeners));
    expect(wire('route', again.routes)).toEqual(wire('route', original.routes));
    expect(wire('cluster', again.clusters)).toEqual(wire('cluster', original.clusters));
    expect(wire('listener', original.listeners).every((hex) => hex.length > 100)).toBe(true);
  });

  it('does not depend on the order of listeners and backends in the spec', () => {
    const reordered = edited((spec) => {
      spec.listeners.reverse();
      spec.backends.reverse();
    });
    expect(JSON.stringify(reordered)).toBe(JSON.stringify(original));
  });
});

describe('a route edit never touches a Listener', () => {
  const edits: [string, (spec: typeof base.spec) => void][] = [
    ['a new path', (spec) => void ((spec.routes[0]?.['match'] as Record<string, unknown>)['path'] = '/chat')],
    ['new timeouts', (spec) => void (spec.routes[0]!['websocket'] = { idleTimeout: '1m', maxDuration: '1h', handshakeTimeout: '3s' })],
    ['another Origin', (spec) => void (spec.routes[0]!['allowedOrigins'] = ['https://other.example.com'])],
    ['a handshake limit', (spec) => void (spec.routes[1]!['rateLimit'] = { handshakesPerSecondPerClient: 9 })],
    ['switching auth to static tokens', (spec) => void (spec.routes[2]!['auth'] = { bearer: { tokensFile: '../../fixtures/auth/tokens.txt' } })],
    ['another backend', (spec) => void (spec.routes[1]!['backend'] = 'rooms')],
    ['a new route', (spec) => void spec.routes.push({ name: 'extra', match: { path: '/extra' }, backend: 'feed' })],
  ];

  for (const [what, edit] of edits) {
    it(`keeps every Listener byte-identical after ${what}`, () => {
      const after = edited(edit);
      expect(after.routes).not.toEqual(original.routes);
      expect(JSON.stringify(after.listeners)).toBe(JSON.stringify(original.listeners));
      expect(wire('listener', after.listeners)).toEqual(wire('listener', original.listeners));
    });
  }

  it('serves the metrics listener its route over RDS, like every listener', () => {
    const metrics = original.listeners.find((l) => l.name === 'wsctl_metrics');
    expect(JSON.stringify(metrics)).toContain('"route_config_name":"wsctl_metrics"');
    expect(original.routes.map((r) => r.name)).toContain('wsctl_metrics');
    expect(original.clusters.map((c) => c.name)).toContain('wsctl_admin');
  });

  it('does change a Listener when the listener itself changes (the test can fail)', () => {
    const after = edited((spec) => void ((spec.listeners[1] as Record<string, unknown>)['port'] = 8081));
    expect(JSON.stringify(after.listeners)).not.toBe(JSON.stringify(original.listeners));
  });
});

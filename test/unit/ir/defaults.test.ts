import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lowerGateway } from '../../../src/ir/lower.js';
import { parseDuration } from '../../../src/spec/duration.js';
import type { Gateway } from '../../../src/spec/types.generated.js';

type Defs = Record<string, { properties: Record<string, { default?: unknown }> }>;
const defs = (JSON.parse(readFileSync('schemas/gateway.schema.json', 'utf8')) as { $defs: Defs }).$defs;

/** The schema's documented default of a field, as the IR holds it (durations in ms). */
function schemaDefault(def: string, field: string): unknown {
  const value = defs[def]?.properties[field]?.default;
  if (value === undefined) throw new Error(`the schema documents no default for ${def}.${field}`);
  return typeof value === 'string' && /^(\d+(ms|s|m|h)|off)$/.test(value) ? parseDuration(value) : value;
}

const minimal: Gateway = {
  apiVersion: 'wsctl/v1',
  kind: 'Gateway',
  metadata: { name: 'defaults' },
  spec: {
    listeners: [{ name: 'public', port: 8080 }],
    routes: [{ name: 'ws', match: { path: '/ws' }, backend: 'app' }],
    backends: [{ name: 'app', endpoints: [{ address: '127.0.0.1', port: 9000 }], healthCheck: { path: '/healthz' } }],
    metrics: { port: 9100 },
  },
};

describe('the defaults lowering applies', () => {
  const ir = lowerGateway(minimal);
  const route = ir.routes[0]!;
  const backend = ir.backends[0]!;

  it('are the defaults the JSON Schema documents to users (no drift)', () => {
    const pairs: [unknown, unknown][] = [
      [ir.listeners[0]?.address, schemaDefault('Listener', 'address')],
      [route.path.type, schemaDefault('RouteMatch', 'pathType')],
      [route.websocket.idleTimeout, schemaDefault('WebSocketPolicy', 'idleTimeout')],
      [route.websocket.maxDuration, schemaDefault('WebSocketPolicy', 'maxDuration')],
      [route.websocket.handshakeTimeout, schemaDefault('WebSocketPolicy', 'handshakeTimeout')],
      [route.websocket.plainHttp, schemaDefault('WebSocketPolicy', 'plainHttp')],
      [backend.balance, schemaDefault('Backend', 'balance')],
      [backend.connectTimeout, schemaDefault('Backend', 'connectTimeout')],
      [backend.endpoints[0]?.weight, schemaDefault('Endpoint', 'weight')],
      [backend.healthCheck?.intervalMs, schemaDefault('HealthCheck', 'interval')],
      [backend.healthCheck?.timeoutMs, schemaDefault('HealthCheck', 'timeout')],
      [backend.healthCheck?.healthyThreshold, schemaDefault('HealthCheck', 'healthyThreshold')],
      [backend.healthCheck?.unhealthyThreshold, schemaDefault('HealthCheck', 'unhealthyThreshold')],
      [backend.healthCheck?.expect, schemaDefault('HealthCheck', 'expect')],
      [ir.limits.maxConnections, schemaDefault('Limits', 'maxConnections')],
      [ir.limits.drainTimeout, schemaDefault('Limits', 'drainTimeout')],
      [ir.metrics?.address, schemaDefault('Metrics', 'address')],
      [ir.metrics?.path, schemaDefault('Metrics', 'path')],
      [ir.accessLog.format, schemaDefault('AccessLog', 'format')],
      [ir.accessLog.enabled, schemaDefault('AccessLog', 'enabled')],
    ];
    for (const [lowered, documented] of pairs) expect(lowered).toEqual(documented);
  });

  it('leave no unresolved timeout for a target to decide', () => {
    const timeouts = [route.websocket.idleTimeout, route.websocket.handshakeTimeout, backend.connectTimeout, ir.limits.drainTimeout];
    for (const t of timeouts) expect(typeof t === 'number' || t === 'off').toBe(true);
    expect(route.websocket.handshakeTimeoutExplicit).toBe(false);
  });
});

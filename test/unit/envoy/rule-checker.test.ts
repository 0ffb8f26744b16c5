import { describe, expect, it } from 'vitest';
import { validateEnvoyMessage } from '../../../src/targets/envoy/validate/index.js';
import { checkDuration, checkNumber, checkString } from '../../../src/targets/envoy/validate/rules.js';
import { envoySchema } from '../../../src/targets/envoy/validate/schema.js';

const CLUSTER = 'envoy.config.cluster.v3.Cluster';
const ROUTE_CONFIG = 'envoy.config.route.v3.RouteConfiguration';
const HEALTH_CHECK = 'envoy.config.core.v3.HealthCheck';
const LOCAL_RATE_LIMIT = 'envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit';

/** A cluster Envoy accepts; each test breaks one thing. */
function cluster(): Record<string, unknown> {
  return {
    name: 'chat',
    type: 'STATIC',
    connect_timeout: '5s',
    lb_policy: 'ROUND_ROBIN',
    load_assignment: {
      cluster_name: 'chat',
      endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: '10.0.0.1', port_value: 8080 } } }, load_balancing_weight: 2 }] }],
    },
  };
}

function routeConfig(match: Record<string, unknown>): Record<string, unknown> {
  return { name: 'r', virtual_hosts: [{ name: 'v', domains: ['*'], routes: [{ match, direct_response: { status: 426 } }] }] };
}

function rulesOf(type: string, field: string): unknown {
  return envoySchema().rules[type]?.fields?.[field];
}

/** The rule kinds found in a check of `value` as `type`. */
function broken(type: string, value: unknown): string[] {
  return validateEnvoyMessage(type, value).issues.map((i) => i.rule);
}

describe('the Envoy proto checker', () => {
  it('accepts a valid cluster and encodes it with the protos', () => {
    const result = validateEnvoyMessage(CLUSTER, cluster());
    expect(result.issues).toEqual([]);
    expect(result.bytes?.length).toBeGreaterThan(20);
  });

  it('refuses a field the message does not have (protobufjs alone would drop it)', () => {
    const result = validateEnvoyMessage(CLUSTER, { ...cluster(), conect_timeout: '5s' });
    expect(result.issues).toEqual([{ path: 'conect_timeout', rule: 'proto.unknown_field', message: 'envoy.config.cluster.v3.Cluster has no field "conect_timeout"' }]);
  });

  it('refuses unknown fields inside an Any, resolved by its @type', () => {
    const value = { name: 'x', typed_config: { '@type': `type.googleapis.com/${LOCAL_RATE_LIMIT}`, stat_prefix: 'a', bucket: {} } };
    const issues = validateEnvoyMessage('envoy.config.listener.v3.Filter', value).issues;
    expect(issues.map((i) => [i.path, i.rule])).toEqual([['typed_config.bucket', 'proto.unknown_field']]);
  });

  it('refuses an Any whose @type is not a known message', () => {
    const value = { name: 'x', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.nope.v3.Nope' } };
    expect(broken('envoy.config.listener.v3.Filter', value)).toEqual(['proto.any']);
  });

  it('refuses wrong JSON types: a string port, an out-of-range integer, an unknown enum name', () => {
    const c = cluster();
    const withPort = (port: unknown): Record<string, unknown> => ({
      ...c,
      load_assignment: { cluster_name: 'chat', endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: '10.0.0.1', port_value: port } } } }] }] },
    });
    expect(broken(CLUSTER, withPort('8080'))).toEqual(['proto.type']);
    expect(broken(CLUSTER, withPort(2 ** 32))).toEqual(['proto.type', 'uint32.lte']);
    expect(broken(CLUSTER, withPort(65536))).toEqual(['uint32.lte']);
    expect(broken(CLUSTER, { ...c, lb_policy: 'FASTEST' })).toEqual(['proto.type']);
    expect(broken(CLUSTER, { ...c, connect_timeout: '5 seconds' })).toContain('proto.type');
  });

  it('refuses two members of one oneof', () => {
    expect(broken(ROUTE_CONFIG, routeConfig({ prefix: '/a', path: '/a' }))).toEqual(['proto.oneof']);
  });

  it('checks oneof required (validate.required on RouteMatch.path_specifier)', () => {
    expect(envoySchema().rules['envoy.config.route.v3.RouteMatch']?.requiredOneofs).toContain('path_specifier');
    expect(broken(ROUTE_CONFIG, routeConfig({ headers: [{ name: 'upgrade', present_match: true }] }))).toEqual(['oneof.required']);
  });

  it('checks string.min_len, also on an unset proto3 string (Cluster.name)', () => {
    expect(rulesOf(CLUSTER, 'name')).toEqual({ string: { min_len: 1 } });
    expect(broken(CLUSTER, { ...cluster(), name: '' })).toEqual(['string.min_len']);
    const { name: _name, ...unnamed } = cluster();
    expect(broken(CLUSTER, unnamed)).toEqual(['string.min_len']);
  });

  it('checks string.pattern (RouteMatch.path_separated_prefix may not end in /)', () => {
    expect(broken(ROUTE_CONFIG, routeConfig({ path_separated_prefix: '/ws/' }))).toEqual(['string.pattern']);
    expect(broken(ROUTE_CONFIG, routeConfig({ path_separated_prefix: '/ws' }))).toEqual([]);
  });

  it('checks string.well_known_regex on header names (non-strict: no CR, LF or NUL)', () => {
    const headers = (name: string): Record<string, unknown> => routeConfig({ prefix: '/', headers: [{ name, present_match: true }] });
    expect(broken(ROUTE_CONFIG, headers('x-ok'))).toEqual([]);
    expect(broken(ROUTE_CONFIG, headers('x-bad\r\nx-injected'))).toEqual(['string.well_known_regex']);
  });

  it('checks string.max_bytes (HeaderValue.value)', () => {
    const value = (v: string): Record<string, unknown> => ({
      ...routeConfig({ prefix: '/' }),
      response_headers_to_add: [{ header: { key: 'x-a', value: v } }],
    });
    expect(broken(ROUTE_CONFIG, value('ok'))).toEqual([]);
    expect(broken(ROUTE_CONFIG, value('x'.repeat(16385)))).toEqual(['string.max_bytes']);
  });

  it('checks duration.gt (Cluster.connect_timeout must be > 0)', () => {
    expect(rulesOf(CLUSTER, 'connect_timeout')).toEqual({ duration: { gt: {} } });
    expect(broken(CLUSTER, { ...cluster(), connect_timeout: '0s' })).toEqual(['duration.gt']);
    expect(broken(CLUSTER, { ...cluster(), connect_timeout: '0.001s' })).toEqual([]);
  });

  it('checks duration.required and message.required (HealthCheck timeout, thresholds)', () => {
    const hc = { timeout: '1s', interval: '5s', unhealthy_threshold: 3, healthy_threshold: 2, tcp_health_check: {} };
    expect(broken(HEALTH_CHECK, hc)).toEqual([]);
    const { timeout: _t, ...noTimeout } = hc;
    expect(broken(HEALTH_CHECK, noTimeout)).toEqual(['duration.required']);
    const { healthy_threshold: _h, ...noThreshold } = hc;
    expect(broken(HEALTH_CHECK, noThreshold)).toEqual(['message.required']);
  });

  it('checks enum.defined_only on numeric enum values', () => {
    expect(broken(CLUSTER, { ...cluster(), lb_policy: 42 })).toEqual(['enum.defined_only']);
    expect(broken(CLUSTER, { ...cluster(), lb_policy: 1 })).toEqual([]);
  });

  it('checks uint32.lte (LocalRateLimit.stage) and uint32.gte on a wrapper (load_balancing_weight)', () => {
    expect(broken(LOCAL_RATE_LIMIT, { stat_prefix: 'a', stage: 10 })).toEqual([]);
    expect(broken(LOCAL_RATE_LIMIT, { stat_prefix: 'a', stage: 11 })).toEqual(['uint32.lte']);
    const zeroWeight = cluster();
    zeroWeight['load_assignment'] = {
      cluster_name: 'chat',
      endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: '10.0.0.1', port_value: 1 } } }, load_balancing_weight: 0 }] }],
    };
    expect(broken(CLUSTER, zeroWeight)).toEqual(['uint32.gte']);
  });

  it('checks repeated.min_items (RBAC principal sets need one id)', () => {
    const rbac = (ids: unknown[]): Record<string, unknown> => ({
      rules: { action: 'ALLOW', policies: { p: { permissions: [{ any: true }], principals: [{ or_ids: { ids } }] } } },
    });
    const type = 'envoy.extensions.filters.http.rbac.v3.RBAC';
    expect(broken(type, rbac([{ any: true }]))).toEqual([]);
    expect(broken(type, rbac([]))).toEqual(['repeated.min_items']);
  });

  it('refuses deprecated fields (Envoy warns, and rejects some by default)', () => {
    expect(broken(CLUSTER, { ...cluster(), http2_protocol_options: {} })).toEqual(['proto.deprecated']);
  });

  it('reports the path of a problem deep inside an Any', () => {
    const listener = {
      name: 'l',
      address: { socket_address: { address: '0.0.0.0', port_value: 80 } },
      filter_chains: [{ filters: [{ name: 'hcm', typed_config: { '@type': `type.googleapis.com/${LOCAL_RATE_LIMIT}`, stat_prefix: '' } }] }],
    };
    expect(validateEnvoyMessage('envoy.config.listener.v3.Listener', listener).issues).toEqual([
      { path: 'filter_chains[0].filters[0].typed_config.stat_prefix', rule: 'string.min_len', message: '"" is shorter than 1 characters' },
    ]);
  });
});

describe('rule primitives', () => {
  it('treat gt > lt as an exclusive range, as protoc-gen-validate does', () => {
    expect(checkNumber(5, { gt: 10, lt: 0 }, 'int32').map((v) => v.rule)).toEqual(['int32.gt']);
    expect(checkNumber(11, { gt: 10, lt: 0 }, 'int32')).toEqual([]);
    expect(checkNumber(-1, { gt: 10, lt: 0 }, 'int32')).toEqual([]);
  });

  it('count string lengths in characters and bytes separately', () => {
    expect(checkString('é', { max_len: 1 })).toEqual([]);
    expect(checkString('é', { max_bytes: 1 }).map((v) => v.rule)).toEqual(['string.max_bytes']);
  });

  it('check string prefix, in and well-known formats', () => {
    expect(checkString('abc', { prefix: 'x' }).map((v) => v.rule)).toEqual(['string.prefix']);
    expect(checkString('b', { in: ['a'] }).map((v) => v.rule)).toEqual(['string.in']);
    expect(checkString('not an ip', { ip: true }).map((v) => v.rule)).toEqual(['string.ip']);
    expect(checkString('-bad-.example', { hostname: true }).map((v) => v.rule)).toEqual(['string.hostname']);
    expect(checkString('Bad Header', { well_known_regex: 'HTTP_HEADER_NAME' }).map((v) => v.rule)).toEqual(['string.well_known_regex']);
  });

  it('compare durations with nanosecond precision', () => {
    expect(checkDuration('0.001s', { gte: { nanos: 1_000_000 } })).toEqual([]);
    expect(checkDuration('0.000999999s', { gte: { nanos: 1_000_000 } }).map((v) => v.rule)).toEqual(['duration.gte']);
    expect(checkDuration('2s', { lte: { seconds: 1 } }).map((v) => v.rule)).toEqual(['duration.lte']);
  });
});

// Type-level tests of the DSL: `tsc -p tsconfig.json --noEmit` (run by scripts/test.sh) checks this file.
// Each misuse carries `@ts-expect-error`: should it ever type-check, the directive itself fails the build.
import { expectTypeOf } from 'expect-type';
import { describe, expect, it } from 'vitest';
import {
  backend,
  duration,
  file,
  gateway,
  jwtProvider,
  listener,
  route,
  type DslBackend,
  type DslGateway,
  type DurationString,
  type RouteProps,
} from '../../../src/index.js';

const app = backend({ name: 'app', endpoints: [{ address: '127.0.0.1', port: 9000 }] });

/** Never called: only type-checked (the builders would happily build these at runtime). */
function misuse(): void {
  // an unknown field
  // @ts-expect-error 'idleTimeot' does not exist in WebSocketPolicyProps
  route({ name: 'a', match: { path: '/a' }, backend: app, websocket: { idleTimeot: '5m' } });
  // @ts-expect-error 'hosts' belongs in match, not on the route
  route({ name: 'a', match: { path: '/a' }, backend: app, hosts: ['a.example.com'] });
  // @ts-expect-error 'certFil' does not exist in ListenerTlsProps
  listener({ name: 'l', port: 8443, tls: { certFil: 'x.crt', keyFile: 'x.key' } });

  // a wrong enum value
  // @ts-expect-error plainHttp is 'reject' | 'proxy'
  route({ name: 'a', match: { path: '/a' }, backend: app, websocket: { plainHttp: 'allow' } });
  // @ts-expect-error balance is 'roundRobin' | 'leastConnections'
  backend({ name: 'b', endpoints: [{ address: '10.0.0.1', port: 1 }], balance: 'random' });
  // @ts-expect-error pathType is 'Prefix' | 'Exact' | 'Regex'
  route({ name: 'a', match: { path: '/a', pathType: 'prefix' }, backend: app });

  // a number where a duration is required
  // @ts-expect-error idleTimeout is a duration string or a duration.* value, not a number of seconds
  route({ name: 'a', match: { path: '/a' }, backend: app, websocket: { idleTimeout: 300 } });
  // @ts-expect-error connectTimeout needs a unit
  backend({ name: 'b', endpoints: [{ address: '10.0.0.1', port: 1 }], connectTimeout: '5' });
  // @ts-expect-error drainTimeout is not free text
  gateway({ name: 'g', listeners: [], routes: [], limits: { drainTimeout: 'five minutes' } });

  // a route without a backend
  // @ts-expect-error backend is required
  route({ name: 'a', match: { path: '/a' } });
  // @ts-expect-error a backend reference is the object backend() returned or a name, not inline options
  route({ name: 'a', match: { path: '/a' }, backend: { name: 'b', endpoints: [] } });

  // a file field takes file() or a path, not a number
  // @ts-expect-error certFile is a path
  listener({ name: 'l', port: 8443, tls: { certFile: 42, keyFile: 'x.key' } });
}

describe('the DSL types', () => {
  it('accept what the YAML accepts, typed', () => {
    expectTypeOf(duration.minutes(5)).toEqualTypeOf<DurationString>();
    expectTypeOf<'1h30m'>().toMatchTypeOf<DurationString>();
    expectTypeOf<'500ms'>().toMatchTypeOf<DurationString>();
    expectTypeOf<'off'>().toMatchTypeOf<DurationString>();
    expectTypeOf(backend).returns.toEqualTypeOf<DslBackend>();
    expectTypeOf(gateway).returns.toEqualTypeOf<DslGateway>();
    expectTypeOf<RouteProps['backend']>().toEqualTypeOf<DslBackend | string>();
    const provider = jwtProvider({ name: 'main', issuer: 'https://auth.example.com', hmacSecretFile: file('auth/hmac.secret') });
    const ok = route({ name: 'a', match: { path: '/a' }, backend: 'app', auth: { jwt: provider }, websocket: { idleTimeout: '5m' } });
    expectTypeOf(ok.props.websocket?.idleTimeout).toEqualTypeOf<DurationString | undefined>();
    expect(typeof misuse).toBe('function');
  });

  it('render durations as the spec writes them', () => {
    expect([duration.minutes(5), duration.hours(1), duration.seconds(90), duration.milliseconds(500), duration.of({ hours: 1, minutes: 30 }), duration.off]).toEqual([
      '5m',
      '1h',
      '1m30s',
      '500ms',
      '1h30m',
      'off',
    ]);
    expect(() => duration.seconds(Number.NaN)).toThrow(RangeError);
    expect(() => duration.milliseconds(0.5)).toThrow('whole number of milliseconds');
  });
});

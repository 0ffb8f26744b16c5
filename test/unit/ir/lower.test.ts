import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { lowerGateway } from '../../../src/ir/lower.js';
import type { Gateway } from '../../../src/spec/types.generated.js';
import { validateFiles } from '../../../src/spec/validate.js';

const chatBundle = validateFiles(['examples/chat.yaml']).gateways[0]!.bundle;
const chat = chatBundle.gateway;
/** Lowers a variant of the chat example, with chat's referenced files. */
const lowerChat = (gateway: Gateway) => lowerGateway(gateway, chatBundle.files);
const tenants = parse(readFileSync('examples/multi-tenant.yaml', 'utf8')) as Gateway;

function shuffled<T>(list: readonly T[], seed: number): T[] {
  const out = [...list];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('lowering to the IR', () => {
  it('fills defaults the spec left out', () => {
    const { gateways } = validateFiles(['examples/minimal.yaml']);
    const ir = lowerGateway(gateways[0]!.bundle.gateway, gateways[0]!.bundle.files);
    expect(ir.listeners).toEqual([{ name: 'public', address: '0.0.0.0', port: 8080, tls: null }]);
    expect(ir.routes[0]).toMatchObject({
      listeners: ['public'],
      hosts: [],
      path: { type: 'Prefix', value: '/ws' },
      websocket: { idleTimeout: 3_600_000, maxDuration: 'off', handshakeTimeout: 10_000, handshakeTimeoutExplicit: false, plainHttp: 'reject' },
      allowedOrigins: null,
      auth: { type: 'none' },
      rateLimit: null,
    });
    expect(ir.backends[0]).toMatchObject({ balance: 'leastConnections', affinity: null, connectTimeout: 5_000, endpoints: [{ address: '127.0.0.1', kind: 'ipv4', port: 9000, weight: 1 }] });
    expect(ir.limits).toEqual({ maxConnections: 4096, drainTimeout: 300_000, maxDrainingGenerations: 16 });
  });

  it('turns durations into milliseconds and keeps off as off', () => {
    const ir = lowerChat(chat);
    expect(ir.routes[0]?.websocket.idleTimeout).toBe(300_000);
    expect(ir.backends[0]?.affinity).toEqual({ type: 'cookie', name: 'WSAFFINITY', maxAgeSeconds: 3600, secure: true, httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(ir.limits.drainTimeout).toBe(300_000);
  });

  it('does not depend on the order of lists in the spec', () => {
    const reference = JSON.stringify(lowerGateway(tenants));
    for (const seed of [1, 2, 3, 4, 5]) {
      const spec: Gateway = {
        ...tenants,
        spec: {
          ...tenants.spec,
          backends: shuffled(tenants.spec.backends, seed).map((b) => ({ ...b, endpoints: shuffled(b.endpoints, seed + 7) })) as Gateway['spec']['backends'],
          routes: shuffled(tenants.spec.routes, seed) as Gateway['spec']['routes'],
        },
      };
      expect(JSON.stringify(lowerGateway(spec))).toBe(reference);
    }
  });

  it('orders routes exact first, then longer prefixes, then regexes in spec order', () => {
    const spec: Gateway = {
      ...chat,
      spec: {
        ...chat.spec,
        authProviders: [],
        routes: [
          { name: 'short', match: { path: '/a' }, backend: 'chat-servers' },
          { name: 'regex-2', match: { path: '^/z', pathType: 'Regex' }, backend: 'chat-servers' },
          { name: 'long', match: { path: '/a/b/c' }, backend: 'chat-servers' },
          { name: 'regex-1', match: { path: '^/y', pathType: 'Regex' }, backend: 'chat-servers' },
          { name: 'exact', match: { path: '/a', pathType: 'Exact' }, backend: 'chat-servers' },
        ],
      },
    };
    expect(lowerChat(spec).routes.map((r) => r.name)).toEqual(['exact', 'long', 'short', 'regex-2', 'regex-1']);
  });

  it('keeps only auth providers some route uses', () => {
    const spec: Gateway = { ...chat, spec: { ...chat.spec, routes: [{ ...chat.spec.routes[0], auth: undefined }] as Gateway['spec']['routes'] } };
    expect(lowerChat(spec).authProviders).toEqual([]);
    expect(lowerChat(chat).authProviders.map((p) => p.name)).toEqual(['main']);
  });
});

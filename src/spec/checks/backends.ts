import { Codes } from '../../diag/codes.js';
import { parseDuration } from '../duration.js';
import type { Check } from './context.js';

const SETTINGS = ['cookie', 'header', 'queryParam'] as const;

/** Affinity carries exactly the settings its type needs. */
export const affinitySettings: Check = (ctx) => {
  ctx.gateway.spec.backends.forEach((backend, b) => {
    const affinity = backend.affinity;
    if (!affinity) return;
    const at = ['spec', 'backends', b, 'affinity'];
    for (const key of SETTINGS) {
      if (affinity[key] !== undefined && affinity.type !== key) {
        ctx.report(Codes.AFFINITY_SETTINGS, [...at, key], `"${key}" settings do not apply to affinity type ${affinity.type}`, { target: 'key' });
      }
    }
    const needed = SETTINGS.find((key) => key === affinity.type);
    if (needed && affinity[needed] === undefined) {
      const example = needed === 'cookie' ? '{ name: WSAFFINITY, ttl: 1h }' : needed === 'header' ? '{ name: X-Session }' : '{ name: sid }';
      ctx.report(Codes.AFFINITY_SETTINGS, [...at, 'type'], `affinity type ${needed} needs "${needed}" settings, e.g. ${needed}: ${example}`);
    }
  });
};

/** A health check's timeout is shorter than its interval. */
export const healthCheckTimeouts: Check = (ctx) => {
  ctx.gateway.spec.backends.forEach((backend, b) => {
    const hc = backend.healthCheck;
    if (!hc?.timeout || !hc.interval) return;
    const timeout = parseDuration(hc.timeout);
    const interval = parseDuration(hc.interval);
    if (interval === 'off' || timeout === 'off') {
      ctx.report(Codes.TIMEOUT_ORDER, ['spec', 'backends', b, 'healthCheck', interval === 'off' ? 'interval' : 'timeout'], 'health check interval and timeout cannot be off');
    } else if (timeout > interval) {
      ctx.report(Codes.TIMEOUT_ORDER, ['spec', 'backends', b, 'healthCheck', 'timeout'], `timeout ${hc.timeout} is longer than interval ${hc.interval}`);
    }
  });
};

/** Most endpoints across every backend of one gateway (each backend also holds at most 5,000: schema). */
export const MAX_GATEWAY_ENDPOINTS = 50_000;

/** The gateway's endpoints, all backends together, stay within what every target is tested with. */
export const endpointTotal: Check = (ctx) => {
  const total = ctx.gateway.spec.backends.reduce((sum, b) => sum + b.endpoints.length, 0);
  if (total > MAX_GATEWAY_ENDPOINTS) {
    ctx.report(Codes.TOO_LARGE, ['spec', 'backends'], `the gateway has ${total} endpoints; at most ${MAX_GATEWAY_ENDPOINTS} are supported per gateway (split it into several gateways)`, { target: 'key' });
  }
};

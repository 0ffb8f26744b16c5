import { Codes } from '../../diag/codes.js';
import { DEFAULT_METRICS_ADDRESS } from '../defaults.js';
import type { Check } from './context.js';

const ANY_ADDRESS = new Set(['0.0.0.0', '::']);

function overlaps(a: string, b: string): boolean {
  if (a === b) return true;
  const isV6 = (x: string): boolean => x.includes(':');
  if (a === '::' || b === '::') return true; // :: usually takes IPv4 too (dual stack)
  return isV6(a) === isV6(b) && (ANY_ADDRESS.has(a) || ANY_ADDRESS.has(b));
}

/** No two listeners bind overlapping addresses on one port. */
export const listenerPorts: Check = (ctx) => {
  const listeners = ctx.gateway.spec.listeners;
  listeners.forEach((listener, i) => {
    for (let j = 0; j < i; j++) {
      const other = listeners[j]!;
      const a = listener.address ?? '0.0.0.0';
      const b = other.address ?? '0.0.0.0';
      if (listener.port === other.port && overlaps(a, b)) {
        ctx.report(Codes.PORT_CLASH, ['spec', 'listeners', i, 'port'], `port ${listener.port} on ${a} is already bound by listener "${other.name}" (${b})`);
        return;
      }
    }
  });
};

/** The metrics listener binds no address and port a listener already binds. */
export const metricsPort: Check = (ctx) => {
  const metrics = ctx.gateway.spec.metrics;
  if (!metrics) return;
  const address = metrics.address ?? DEFAULT_METRICS_ADDRESS;
  const clash = ctx.gateway.spec.listeners.find((l) => l.port === metrics.port && overlaps(address, l.address ?? '0.0.0.0'));
  if (clash) {
    ctx.report(Codes.PORT_CLASH, ['spec', 'metrics', 'port'], `metrics port ${metrics.port} on ${address} is already bound by listener "${clash.name}" (${clash.address ?? '0.0.0.0'})`);
  }
};

/** clientCert needs clientCaFile; every listener serves at least one route. */
export const listenerTls: Check = (ctx) => {
  ctx.gateway.spec.listeners.forEach((listener, i) => {
    const tls = listener.tls;
    if (tls?.clientCert && !tls.clientCaFile) {
      ctx.report(Codes.TLS_OPTION, ['spec', 'listeners', i, 'tls', 'clientCert'], 'clientCert needs clientCaFile (the CA that client certificates must chain to)');
    }
  });
};

/** A listener that no route uses accepts sockets only to refuse them: warn. */
export const listenersUsed: Check = (ctx) => {
  const { listeners, routes } = ctx.gateway.spec;
  listeners.forEach((listener, i) => {
    const used = routes.some((route) => !route.listeners || route.listeners.includes(listener.name));
    if (!used) {
      ctx.report(Codes.IGNORED_SETTING, ['spec', 'listeners', i, 'name'], `listener "${listener.name}" serves no route`, { severity: 'warning' });
    }
  });
};

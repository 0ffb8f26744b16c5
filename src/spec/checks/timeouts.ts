import { Codes } from '../../diag/codes.js';
import type { PathSegment } from '../../diag/path.js';
import { parseDuration } from '../duration.js';
import type { Check, CheckContext } from './context.js';

function refuseZero(ctx: CheckContext, value: string | undefined, path: PathSegment[]): void {
  if (value === undefined || parseDuration(value) !== 0) return;
  const field = String(path[path.length - 1]);
  const hint = field === 'ttl' ? ', or leave ttl out for a session cookie' : field === 'interval' || field === 'timeout' ? '' : ', or off for no limit';
  ctx.report(Codes.TIMEOUT_ORDER, path, `${field} ${value} is zero; use a positive duration${hint}`);
}

/**
 * A timeout of zero means a different thing on every proxy (nginx: expire at once; haproxy: unset,
 * then a warning or no timeout; Envoy: disabled or refused by its protos), so the spec says off or a
 * positive duration instead.
 */
export const positiveTimeouts: Check = (ctx) => {
  ctx.gateway.spec.routes.forEach((route, r) => {
    const at = ['spec', 'routes', r, 'websocket'];
    refuseZero(ctx, route.websocket?.idleTimeout, [...at, 'idleTimeout']);
    refuseZero(ctx, route.websocket?.maxDuration, [...at, 'maxDuration']);
    refuseZero(ctx, route.websocket?.handshakeTimeout, [...at, 'handshakeTimeout']);
  });
  ctx.gateway.spec.backends.forEach((backend, b) => {
    const at = ['spec', 'backends', b];
    refuseZero(ctx, backend.connectTimeout, [...at, 'connectTimeout']);
    refuseZero(ctx, backend.healthCheck?.interval, [...at, 'healthCheck', 'interval']);
    refuseZero(ctx, backend.healthCheck?.timeout, [...at, 'healthCheck', 'timeout']);
    // Max-Age=0 deletes the cookie at once on one proxy and means a session cookie on another: refused
    refuseZero(ctx, backend.affinity?.cookie?.ttl, [...at, 'affinity', 'cookie', 'ttl']);
  });
};

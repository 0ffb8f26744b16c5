import type { IrRateLimit } from '../../ir/types.js';

/**
 * HAProxy counts handshakes in a sliding window, not a token bucket. To honour "rate per second with
 * burst" the window is widened to ceil((rate + burst) / rate) seconds and allows rate + burst in it:
 * a client may open rate + burst sockets at once and then sustains at most `rate` per second.
 */
export function rateLimitWindowSeconds(limit: IrRateLimit): number {
  const rate = limit.handshakesPerSecondPerClient ?? 1;
  return Math.max(1, Math.ceil((rate + limit.burst) / rate));
}

/** Handshakes a client may open within one window. */
export function handshakesPerWindow(limit: IrRateLimit): number {
  return (limit.handshakesPerSecondPerClient ?? 1) + limit.burst;
}

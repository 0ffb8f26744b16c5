import type { Timeout } from '../../ir/types.js';

/**
 * HAProxy timeouts are capped at 2^31-1 ms (about 24.8 days) and have no "infinite" value once a
 * section sets them, so 'off' becomes the largest value haproxy accepts.
 */
export const HAPROXY_MAX_TIMEOUT_MS = 2_147_483_647;

/** Renders milliseconds in the largest exact haproxy unit (d, h, m, s or ms) for readable configs. */
export function haproxyTime(ms: number | 'off'): string {
  if (ms === 'off' || ms >= HAPROXY_MAX_TIMEOUT_MS) return `${HAPROXY_MAX_TIMEOUT_MS}ms`;
  const units: [number, string][] = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'm'],
    [1_000, 's'],
  ];
  for (const [size, unit] of units) if (ms > 0 && ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

/** Renders a resolved IR timeout for haproxy. */
export function timeoutWord(timeout: Timeout): string {
  return haproxyTime(timeout);
}

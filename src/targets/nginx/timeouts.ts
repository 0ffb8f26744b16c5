/**
 * nginx time values. nginx timers are 32-bit milliseconds internally (about 24.8 days), so 'off' and
 * anything longer become the longest safe value; proxy_connect_timeout cannot usually exceed 75 s.
 */

/** Longest timer nginx keeps reliably: 24 days (below 2^31 ms). */
export const NGINX_MAX_TIMER_MS = 24 * 86_400_000;

/** Longest useful proxy_connect_timeout (the kernel gives up connecting around 75 s). */
export const NGINX_MAX_CONNECT_MS = 75_000;

/** A timeout as an nginx time string, exact in the largest unit that divides it (e.g. 300s, 1500ms). */
export function nginxTime(ms: number): string {
  if (ms % 1000 !== 0) return `${ms}ms`;
  return `${ms / 1000}s`;
}

/** Resolves a timeout to what nginx can hold: 'off' and overlong values become the cap; clamped tells which. */
export function capTimeout(value: number | 'off', capMs: number): { ms: number; clamped: boolean } {
  if (value === 'off') return { ms: capMs, clamped: false };
  if (value > capMs) return { ms: capMs, clamped: true };
  return { ms: value, clamped: false };
}

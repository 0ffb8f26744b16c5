import type { Duration } from './types.js';

/** Milliseconds as a proto3-JSON duration: 5000 → "5s", 1500 → "1.500s". */
export function msToDuration(ms: number): Duration {
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}s`;
}

/** A resolved timeout for a field where Envoy reads 0s as "disabled". */
export function timeoutOrZero(value: number | 'off'): Duration {
  return value === 'off' ? '0s' : msToDuration(value);
}

import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../../src/spec/duration.js';

describe('durations', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['24h', 86_400_000],
    ['1m30s250ms', 90_250],
    ['0s', 0],
  ])('parses %s as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('parses off as a disabled timeout', () => {
    expect(parseDuration('off')).toBe('off');
  });

  it.each(['', '5', '5 m', 'm5', '1d', '5mins'])('refuses %j', (text) => {
    expect(() => parseDuration(text)).toThrow(/not a duration/);
  });

  it('formats back to the shortest form', () => {
    expect([90_000, 3_600_000, 500, 5_400_250].map(formatDuration)).toEqual(['1m30s', '1h', '500ms', '1h30m250ms']);
  });
});

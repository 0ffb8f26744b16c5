import { parseDuration } from '../spec/duration.js';
import type { Timeout } from './types.js';

/** Reads an optional spec duration into the three-state IR timeout. */
export function toTimeout(text: string | undefined): Timeout {
  return text === undefined ? 'default' : parseDuration(text);
}

/** Reads a spec duration that has a schema default into milliseconds ('off' allowed only when noted). */
export function toMs(text: string | undefined, fallbackMs: number): number {
  if (text === undefined) return fallbackMs;
  const parsed = parseDuration(text);
  return parsed === 'off' ? 0 : parsed;
}

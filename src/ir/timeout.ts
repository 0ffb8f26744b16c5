import { parseDuration } from '../spec/duration.js';
import type { Timeout } from './types.js';

/** Reads an optional spec duration into a resolved IR timeout: the field's default when the spec left it unset. */
export function toTimeout(text: string | undefined, defaultMs: number): Timeout {
  return text === undefined ? defaultMs : parseDuration(text);
}

/** Reads a spec duration that has a schema default into milliseconds ('off' allowed only when noted). */
export function toMs(text: string | undefined, fallbackMs: number): number {
  if (text === undefined) return fallbackMs;
  const parsed = parseDuration(text);
  return parsed === 'off' ? 0 : parsed;
}

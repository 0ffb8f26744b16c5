import { formatDuration } from '../spec/duration.js';

type Unit = 'ms' | 's' | 'm' | 'h';

/**
 * A spec duration string, typed: `500ms`, `30s`, `5m`, `24h`, `1h30m`, `2m30s`, `1h30m15s` or `off`.
 * The template types catch a number or a unit-less value at compile time; the schema checks the rest.
 */
export type DurationString =
  | 'off'
  | `${number}${Unit}`
  | `${number}h${number}m`
  | `${number}h${number}s`
  | `${number}m${number}s`
  | `${number}s${number}ms`
  | `${number}h${number}m${number}s`;

/** What a duration field of the DSL takes: a value from `duration` or a spec duration string. */
export type DurationInput = DurationString;

const MS = { milliseconds: 1, seconds: 1_000, minutes: 60_000, hours: 3_600_000 } as const;

/** Parts of a compound duration, as `duration.of({ hours: 1, minutes: 30 })` takes them. */
export interface DurationParts {
  /** Hours. */
  readonly hours?: number;
  /** Minutes. */
  readonly minutes?: number;
  /** Seconds. */
  readonly seconds?: number;
  /** Milliseconds. */
  readonly milliseconds?: number;
}

function fromMs(ms: number, shown: string): DurationString {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`a duration must be a finite number of at least 0, not ${shown}`);
  if (!Number.isInteger(ms)) throw new RangeError(`a duration must be a whole number of milliseconds, not ${shown}`);
  return formatDuration(ms) as DurationString;
}

function unit(name: keyof typeof MS): (amount: number) => DurationString {
  return (amount) => fromMs(amount * MS[name], `${amount} ${name}`);
}

/**
 * Typed durations for the DSL, rendered as the spec's shortest string: `duration.minutes(5)` is `'5m'`,
 * `duration.seconds(90)` is `'1m30s'`. Negative, fractional-millisecond and non-finite amounts throw.
 */
export const duration = {
  /** A duration in milliseconds. */
  milliseconds: unit('milliseconds'),
  /** A duration in seconds. */
  seconds: unit('seconds'),
  /** A duration in minutes. */
  minutes: unit('minutes'),
  /** A duration in hours. */
  hours: unit('hours'),
  /** A compound duration: `duration.of({ hours: 1, minutes: 30 })` is `'1h30m'`. */
  of(parts: DurationParts): DurationString {
    const ms = (Object.keys(MS) as (keyof typeof MS)[]).reduce((sum, key) => sum + (parts[key] ?? 0) * MS[key], 0);
    return fromMs(ms, JSON.stringify(parts));
  },
  /** A disabled timeout. */
  off: 'off' as const,
} as const;

/** A parsed duration: milliseconds, or 'off' for a disabled timeout. */
export type ParsedDuration = number | 'off';

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };
const PART = /([0-9]+)(ms|h|m|s)/g;

/** Parses a spec duration such as 1h30m or 500ms (already checked by the schema pattern). */
export function parseDuration(text: string): ParsedDuration {
  if (text === 'off') return 'off';
  let total = 0;
  let consumed = 0;
  for (const match of text.matchAll(PART)) {
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
    consumed += match[0].length;
  }
  if (consumed !== text.length || consumed === 0) throw new Error(`not a duration: ${JSON.stringify(text)}`);
  return total;
}

/** Formats milliseconds back to the shortest spec duration, e.g. 90000 -> 1m30s. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, size] of Object.entries(UNIT_MS)) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}

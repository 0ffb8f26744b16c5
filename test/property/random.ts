/**
 * A small seeded random source for property tests (no dependency: sfc32 seeded through splitmix32),
 * so a failing run is reproduced exactly from its seed.
 */

/** A deterministic random source with the helpers the generators need. */
export interface Random {
  /** The seed this source started from. */
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** A non-empty subset of distinct elements, in their original order. */
  subset<T>(items: readonly T[], min?: number): T[];
  /** Picks one of several weighted alternatives and runs it. */
  weighted<T>(options: readonly (readonly [number, () => T])[]): T;
  /** A string of the given length drawn from an alphabet. */
  string(alphabet: string, length: number): string;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Creates a random source from a 32-bit seed. */
export function createRandom(seed: number): Random {
  const init = splitmix32(seed);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const next = (): number => {
    // sfc32
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4_294_967_296;
  };
  for (let i = 0; i < 12; i++) next();
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[int(0, items.length - 1)] as T;
  };
  return {
    seed,
    next,
    int,
    chance: (p) => next() < p,
    pick,
    subset: <T>(items: readonly T[], min = 1): T[] => {
      const chosen = items.filter(() => next() < 0.5);
      while (chosen.length < Math.min(min, items.length)) {
        const extra = pick(items);
        if (!chosen.includes(extra)) chosen.push(extra);
      }
      return items.filter((item) => chosen.includes(item));
    },
    weighted: <T>(options: readonly (readonly [number, () => T])[]): T => {
      const total = options.reduce((sum, [w]) => sum + w, 0);
      let roll = next() * total;
      for (const [w, make] of options) {
        roll -= w;
        if (roll < 0) return make();
      }
      return (options[options.length - 1] as readonly [number, () => T])[1]();
    },
    string: (alphabet, length) => Array.from({ length }, () => alphabet[int(0, alphabet.length - 1)]).join(''),
  };
}

/** The seed CI uses, so a landing never depends on the clock; sweeps with fresh seeds are run by hand. */
export const CI_SEED = 20261121;

/** Seeds for a run: WSCTL_PROPERTY_SEED pins the first one; CI=true uses CI_SEED; otherwise a fresh seed from the clock. */
export function propertySeed(): number {
  const pinned = process.env.WSCTL_PROPERTY_SEED;
  if (pinned !== undefined && pinned !== '') {
    const seed = Number(pinned);
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`WSCTL_PROPERTY_SEED must be a 32-bit unsigned integer, got ${pinned}`);
    return seed;
  }
  if (process.env.CI === 'true') return CI_SEED;
  return (Date.now() ^ (process.pid << 16)) >>> 0;
}

/** Number of runs: WSCTL_PROPERTY_RUNS, else the default. */
export function propertyRuns(fallback: number): number {
  const raw = process.env.WSCTL_PROPERTY_RUNS;
  if (raw === undefined || raw === '') return fallback;
  const runs = Number(raw);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`WSCTL_PROPERTY_RUNS must be a positive integer, got ${raw}`);
  return runs;
}

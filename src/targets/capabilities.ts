import type { Feature } from './features.js';

/** How a target honours a feature. */
export type Support =
  | { /** Implemented faithfully. */ level: 'yes'; /** How, in a few words (shown in the feature table). */ how: string }
  | { /** Implemented with a documented fallback; an error unless --allow-degraded. */ level: 'degraded'; /** Why it is not faithful. */ why: string; /** What wsctl does instead. */ fallback: string }
  | { /** Not possible on this target: always an error. */ level: 'no'; /** Why. */ why: string };

/** A target's support for every feature: one declaration for the compiler, the docs table and the parity suite. */
export type CapabilityTable = Record<Feature, Support>;

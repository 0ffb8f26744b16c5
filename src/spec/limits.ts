/** Limits that keep hostile spec files from exhausting memory or time. */
export const LoadLimits = {
  /** Largest spec file read, in bytes (a real gateway spec is a few KiB). */
  maxFileBytes: 2 * 1024 * 1024,
  /** Most alias expansions in one document (YAML "billion laughs"). */
  maxAliasCount: 100,
  /** Deepest nesting of mappings and lists. */
  maxDepth: 32,
  /** Most documents in one file. */
  maxDocuments: 100,
} as const;

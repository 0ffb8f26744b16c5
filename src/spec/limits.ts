/** Limits that keep hostile spec files from exhausting memory or time. */
export const LoadLimits = {
  /** Largest spec file read, in bytes: room for 20,000 routes and 50,000 endpoints (a 10,000-route spec is about 1 MiB). */
  maxFileBytes: 16 * 1024 * 1024,
  /** Most alias expansions in one document (YAML "billion laughs"). */
  maxAliasCount: 100,
  /** Deepest nesting of mappings and lists. */
  maxDepth: 32,
  /** Most documents in one file. */
  maxDocuments: 100,
} as const;

/**
 * What lowering puts in the IR for a timeout the spec left unset. One table, so all targets agree (and
 * none falls back to a proxy default that kills sockets, like nginx's 60 s or Envoy's 15 s). The JSON
 * Schema documents the same values (a test fails on drift).
 */
export const TimeoutDefaults = {
  /** No frame either way for an hour closes the socket. */
  idleTimeoutMs: 3_600_000,
  /** The backend must answer the upgrade within 10 s. */
  handshakeTimeoutMs: 10_000,
  /** Connecting to an endpoint may take 5 s. */
  connectTimeoutMs: 5_000,
  /** Live sockets get 5 minutes after a reload. */
  drainTimeoutMs: 300_000,
} as const;

/** Gateway-wide connection limit when the spec sets none. */
export const DEFAULT_MAX_CONNECTIONS = 4096;

/** limits.maxDrainingGenerations when unset: 16 draining generations (≈ 9 MiB each per worker process). */
export const DEFAULT_MAX_DRAINING_GENERATIONS = 16;

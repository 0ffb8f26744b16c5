import type { Timeout } from './types.js';

/**
 * What every target uses for a timeout the spec left at 'default'. One table, so all targets agree
 * (and none falls back to a proxy default that kills sockets, like nginx's 60 s or Envoy's 15 s).
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

/** Resolves a three-state timeout to milliseconds or 'off', given the default for this field. */
export function resolveTimeout(timeout: Timeout, defaultMs: number): number | 'off' {
  return timeout === 'default' ? defaultMs : timeout;
}

/** One HTTP/1.1 request the probe sends: the request line's path and the header lines, in order. */
export interface ProbeRequest {
  /** Request target (path and query). */
  path: string;
  /** Header lines as [name, value], in the order sent; a name may repeat (a duplicated Origin). */
  headers: [string, string][];
}

/** What the gateway answered to one probe request. */
export interface ProbeResponse {
  /** HTTP status, or 0 when no status line came back (connection error, time-out). */
  status: number;
  /** Response header names (lowercase) and values, repeated names joined with ', '. */
  headers: Record<string, string>;
  /** The connection error or time-out, or null. */
  error: string | null;
  /** After a 101: what the ping sent through the tunnel got ("pong after 3 ms", or why none); else null. */
  frames: string | null;
}

/** What a check expects back. */
export type ProbeExpectation =
  | { /** A WebSocket handshake: 101 with the Sec-WebSocket-Accept the key requires, and a pong to a ping through it. */ kind: 'upgrade' }
  | { /** A refusal with this status. */ kind: 'status'; /** Expected status. */ status: number };

/** Names of the checks a plan can hold. */
export type ProbeCheckName =
  | 'upgrade'
  | 'plain-http-426'
  | 'origin-disallowed'
  | 'origin-duplicated'
  | 'origin-comma-joined'
  | 'auth-missing-token';

/** One planned check: the request to send and what must come back. */
export interface PlannedCheck {
  /** Check name. */
  check: ProbeCheckName;
  /** Request sent (Host and the WebSocket headers included, the token redacted when printed). */
  request: ProbeRequest;
  /** True when the request is a WebSocket upgrade (a fresh Sec-WebSocket-Key is added when sent). */
  upgrade: boolean;
  /** Expected answer. */
  expect: ProbeExpectation;
}

/** The checks planned for one route, or why it is skipped. */
export interface PlannedRoute {
  /** Route name. */
  route: string;
  /** Path requested (null when the route is skipped). */
  path: string | null;
  /** Host header sent. */
  host: string;
  /** Checks to run, in order. */
  checks: PlannedCheck[];
  /** Least milliseconds between two handshakes on this route (the probe's own pace, slower under a handshake rate limit). */
  gapMs: number;
  /** Why checks or the whole route were left out (no sample path for a regex, no token, ...). */
  notes: string[];
}

/** The outcome of one check, with what was sent and what came back. */
export interface ProbeResult {
  /** Route name. */
  route: string;
  /** Check name. */
  check: ProbeCheckName;
  /** True when the answer was the expected one. */
  pass: boolean;
  /** Request line and headers as sent (token values redacted). */
  sent: string[];
  /** Status line and the headers that matter, or the connection error. */
  received: string;
  /** One-line explanation: what was expected and what came back. */
  detail: string;
}

/** A whole probe run. */
export interface ProbeReport {
  /** True when every check that ran passed (and at least one ran). */
  ok: boolean;
  /** The URL probed. */
  url: string;
  /** Every check's outcome, in run order. */
  results: ProbeResult[];
  /** Per-route notes about checks not run, as "route: note". */
  notes: string[];
}

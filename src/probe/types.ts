/** One HTTP/1.1 request the probe sends: the request line's path and the header lines, in order. */
export interface ProbeRequest {
  /** Request target (path and query). */
  path: string;
  /** Header lines as [name, value], in the order sent; a name may repeat (a duplicated Origin). */
  headers: [string, string][];
}

/** How the probe keeps a route's affinity key the same on every reconnect. */
export type AffinityKey =
  | { /** Send back the cookie the gateway set on the first 101. */ type: 'cookie'; /** Cookie name. */ name: string }
  | { /** Send this header with this value on every connection. */ type: 'header'; /** Header name. */ name: string; /** Value. */ value: string }
  | { /** Add this query parameter on every connection. */ type: 'queryParam'; /** Parameter name. */ name: string; /** Value. */ value: string }
  | { /** Nothing to send: the probe always connects from the same address. */ type: 'sourceIp' };

/** What a check expects back. */
export type ProbeExpectation =
  | {
      /** A WebSocket handshake: 101 with the Sec-WebSocket-Accept the key requires and a pong to a ping; then a data message echoed, or else the socket open for holdMs with pings answered. */
      kind: 'upgrade';
      /** Milliseconds the socket must stay open when the backend does not echo. */
      holdMs: number;
    }
  | { /** A refusal with this status. */ kind: 'status'; /** Expected status. */ status: number }
  | {
      /** Every reconnect reaches the same backend, as named by a header the backend sets on the 101. */
      kind: 'affinity';
      /** Connections made (the first included). */
      connections: number;
      /** Response header naming the backend instance (lowercase). */
      identityHeader: string;
      /** The affinity key sent on each connection. */
      key: AffinityKey;
    }
  | {
      /** A silent socket is closed by the gateway after the route's idle timeout. */
      kind: 'idle';
      /** The idle timeout, ms. */
      idleMs: number;
      /** A close earlier than idleMs - this fails. */
      earlyMs: number;
      /** A close later than idleMs + this fails. */
      lateMs: number;
    }
  | {
      /** A socket kept busy (a ping every pingEveryMs, so no idle timeout fires) is closed by the gateway after the route's max duration. */
      kind: 'max-duration';
      /** The max duration, ms. */
      maxMs: number;
      /** A close earlier than maxMs - this fails. */
      earlyMs: number;
      /** A close later than maxMs + this fails. */
      lateMs: number;
      /** Milliseconds between two pings. */
      pingEveryMs: number;
    }
  | { /** --stress: `limit` sockets held open, then one more is refused with 429 or 503. */ kind: 'over-connections'; /** connectionsPerClient. */ limit: number }
  | {
      /** --stress: `limit` sockets held open on the whole gateway, then one more is refused (503, or closed unanswered as Envoy does). */
      kind: 'over-gateway-connections';
      /** limits.maxConnections. */
      limit: number;
      /** Milliseconds between two of its handshakes (0 = back to back). */
      gapMs: number;
    }
  | {
      /** --stress: `count` handshakes back to back, more than rate + burst; at least one is refused with 429 or 503. */
      kind: 'over-handshakes';
      /** Handshakes sent. */
      count: number;
      /** handshakesPerSecondPerClient. */
      rate: number;
      /** burst. */
      burst: number;
    };

/** Statuses a per-client limit answers with (429 on every target; 503 accepted for gateways that shed load). */
export const LIMIT_STATUSES = [429, 503];

/** Names of the checks a plan can hold (`echo` and `stays-open` come out of the upgrade check's connection). */
export type ProbeCheckName =
  | 'upgrade'
  | 'echo'
  | 'stays-open'
  | 'plain-http-426'
  | 'origin-disallowed'
  | 'origin-duplicated'
  | 'origin-comma-joined'
  | 'auth-missing-token'
  | 'auth-expired-token'
  | 'auth-wrong-audience'
  | 'affinity'
  | 'idle-timeout'
  | 'max-duration'
  | 'stress-connections'
  | 'stress-handshakes'
  | 'stress-max-connections';

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
  /** The --url the check ran against. */
  url: string;
  /** Check name. */
  check: ProbeCheckName;
  /** True when the answer was the expected one. */
  pass: boolean;
  /** Request line and headers as sent (token values redacted); for multi-connection checks, the first request. */
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
  /** The first --url given (kept for consumers of a single-URL report; see urls). */
  url: string;
  /** Every --url given, in order. */
  urls: string[];
  /** Every check's outcome, in run order. */
  results: ProbeResult[];
  /** Per-route notes about checks not run, as "route: note". */
  notes: string[];
}

import { runCheck } from './checks.js';
import type { ProbeTarget } from './session.js';
import type { PlannedCheck, PlannedRoute, ProbeReport, ProbeRequest, ProbeResult } from './types.js';

/** One --url and the plan of the routes it reaches. */
export interface ProbeLeg {
  /** The URL as given. */
  url: string;
  /** Where to connect. */
  target: ProbeTarget;
  /** The checks of the routes this URL reaches. */
  plan: PlannedRoute[];
}

/** Limits of one probe run. */
export interface RunOptions {
  /** Milliseconds for the whole run; checks not started by then fail as not run. */
  timeLimitMs: number;
  /** Milliseconds one request may take to get its response head. */
  requestTimeoutMs: number;
  /** Token values to redact from what is reported as sent. */
  secrets: string[];
  /** Notes that are not a route's (URLs reaching nothing, routes no URL reaches, gateway-wide checks not run). */
  notes: string[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function sentLines(request: ProbeRequest, upgrade: boolean, secrets: string[]): string[] {
  const redact = (line: string): string => secrets.reduce((text, secret) => (secret ? text.split(secret).join('<token>') : text), line);
  const headers = upgrade ? [...request.headers, ['Sec-WebSocket-Key', '<fresh key>'] as [string, string]] : request.headers;
  return [`GET ${request.path} HTTP/1.1`, ...headers.map(([n, v]) => `${n}: ${v}`)].map(redact);
}

/** When a check runs: 0 with the others, 1 over the per-client limits, 2 filling the whole gateway (last, so no limit it trips refuses another check). */
function phase(check: PlannedCheck): number {
  const kind = check.expect.kind;
  return kind === 'over-gateway-connections' ? 2 : kind === 'over-connections' || kind === 'over-handshakes' ? 1 : 0;
}

/**
 * Runs each URL's plan against a live gateway, one request at a time (the stress checks, which exceed
 * the limits on purpose, after every other check of every URL): each route's gap between requests, and
 * nothing started after the time limit (those checks fail as not run). Every result says which URL it
 * ran against, what was sent and what came back.
 */
export async function runProbe(legs: ProbeLeg[], options: RunOptions): Promise<ProbeReport> {
  const deadline = Date.now() + options.timeLimitMs;
  const results: ProbeResult[] = [];
  const ordered = [0, 1, 2].flatMap((p) => legs.flatMap((leg) => leg.plan.flatMap((route) => route.checks.filter((c) => phase(c) === p).map((check) => ({ leg, route, check })))));
  let first = true;
  for (const { leg, route, check } of ordered) {
    if (!first) await sleep(route.gapMs);
    first = false;
    const sent = sentLines(check.request, check.upgrade, options.secrets);
    const result = (o: { check: ProbeResult['check']; pass: boolean; received: string; detail: string }): ProbeResult => ({ route: route.route, url: leg.url, check: o.check, pass: o.pass, sent, received: o.received, detail: o.detail });
    if (Date.now() > deadline) {
      results.push(result({ check: check.check, pass: false, received: 'not sent', detail: `not run: the time limit of ${options.timeLimitMs} ms was reached` }));
      continue;
    }
    const timeoutMs = Math.max(1, Math.min(options.requestTimeoutMs, deadline - Date.now()));
    for (const outcome of await runCheck({ target: leg.target, check, route, timeoutMs })) results.push(result(outcome));
  }
  const notes = [...new Set([...options.notes, ...legs.flatMap((leg) => leg.plan.flatMap((r) => r.notes.map((n) => `${r.route}: ${n}`)))])];
  const urls = legs.map((leg) => leg.url);
  return { ok: results.length > 0 && results.every((r) => r.pass), url: urls[0] ?? '', urls, results, notes };
}

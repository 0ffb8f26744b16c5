import { exchange, expectedAccept, newWebSocketKey, type ProbeTarget } from './exchange.js';
import type { PlannedCheck, PlannedRoute, ProbeReport, ProbeResponse, ProbeResult } from './types.js';

/** Limits of one probe run. */
export interface RunOptions {
  /** Milliseconds for the whole run; checks not started by then fail as not run. */
  timeLimitMs: number;
  /** Milliseconds one request may take to get its response head. */
  requestTimeoutMs: number;
  /** Token value to redact from what is reported as sent, or null. */
  token: string | null;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Header lines worth reporting back (the rest is noise for a check). */
const REPORTED = ['sec-websocket-accept', 'upgrade', 'connection', 'location'];

function describeReceived(response: ProbeResponse): string {
  if (response.status === 0) return `no response: ${response.error ?? 'unknown error'}`;
  const headers = REPORTED.filter((h) => response.headers[h] !== undefined).map((h) => `${h}: ${response.headers[h] ?? ''}`);
  return [`HTTP ${response.status}`, ...headers, ...(response.frames ? [response.frames] : [])].join('; ');
}

function judge(check: PlannedCheck, key: string, response: ProbeResponse): { pass: boolean; detail: string } {
  const got = response.status === 0 ? `no response (${response.error ?? 'error'})` : `got ${response.status}`;
  if (check.expect.kind === 'status') {
    const pass = response.status === check.expect.status;
    return { pass, detail: `expected ${check.expect.status}, ${got}` };
  }
  if (response.status !== 101) return { pass: false, detail: `expected 101 Switching Protocols, ${got}` };
  const accept = response.headers['sec-websocket-accept'];
  if (accept !== expectedAccept(key)) return { pass: false, detail: `101 but Sec-WebSocket-Accept is ${accept ?? 'missing'}, expected ${expectedAccept(key)}` };
  if (!response.frames?.startsWith('pong')) return { pass: false, detail: `101 with a valid Sec-WebSocket-Accept, but ${response.frames ?? 'no pong'}` };
  return { pass: true, detail: `101 with a valid Sec-WebSocket-Accept, ${response.frames}` };
}

function sentLines(check: PlannedCheck, key: string | null, token: string | null): string[] {
  const redact = (line: string): string => (token ? line.split(token).join('<token>') : line);
  const headers = key ? [...check.request.headers, ['Sec-WebSocket-Key', key] as [string, string]] : check.request.headers;
  return [`GET ${check.request.path} HTTP/1.1`, ...headers.map(([n, v]) => `${n}: ${v}`)].map(redact);
}

/**
 * Runs a plan against a live gateway, one request at a time: each route's gap between requests, and
 * nothing started after the time limit (those checks fail as not run). Every result says what was sent
 * and what came back.
 */
export async function runProbe(target: ProbeTarget, url: string, plan: PlannedRoute[], options: RunOptions): Promise<ProbeReport> {
  const deadline = Date.now() + options.timeLimitMs;
  const results: ProbeResult[] = [];
  let first = true;
  for (const route of plan) {
    for (const check of route.checks) {
      if (!first) await sleep(route.gapMs);
      first = false;
      const key = check.upgrade ? newWebSocketKey() : null;
      const sent = sentLines(check, key, options.token);
      if (Date.now() > deadline) {
        results.push({ route: route.route, check: check.check, pass: false, sent, received: 'not sent', detail: `not run: the time limit of ${options.timeLimitMs} ms was reached` });
        continue;
      }
      const request = key ? { ...check.request, headers: [...check.request.headers, ['Sec-WebSocket-Key', key] as [string, string]] } : check.request;
      const timeout = Math.max(1, Math.min(options.requestTimeoutMs, deadline - Date.now()));
      const response = await exchange(target, request, timeout);
      const verdict = judge(check, key ?? '', response);
      results.push({ route: route.route, check: check.check, pass: verdict.pass, sent, received: describeReceived(response), detail: verdict.detail });
    }
  }
  const notes = plan.flatMap((r) => r.notes.map((n) => `${r.route}: ${n}`));
  return { ok: results.length > 0 && results.every((r) => r.pass), url, results, notes };
}

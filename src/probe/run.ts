import { runCheck } from './checks.js';
import type { ProbeTarget } from './session.js';
import type { PlannedCheck, PlannedRoute, ProbeReport, ProbeRequest, ProbeResult } from './types.js';

/** Limits of one probe run. */
export interface RunOptions {
  /** Milliseconds for the whole run; checks not started by then fail as not run. */
  timeLimitMs: number;
  /** Milliseconds one request may take to get its response head. */
  requestTimeoutMs: number;
  /** Token values to redact from what is reported as sent. */
  secrets: string[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function sentLines(request: ProbeRequest, upgrade: boolean, secrets: string[]): string[] {
  const redact = (line: string): string => secrets.reduce((text, secret) => (secret ? text.split(secret).join('<token>') : text), line);
  const headers = upgrade ? [...request.headers, ['Sec-WebSocket-Key', '<fresh key>'] as [string, string]] : request.headers;
  return [`GET ${request.path} HTTP/1.1`, ...headers.map(([n, v]) => `${n}: ${v}`)].map(redact);
}

const isStress = (check: PlannedCheck): boolean => check.expect.kind === 'over-connections' || check.expect.kind === 'over-handshakes';

/**
 * Runs a plan against a live gateway, one request at a time (the stress checks, which exceed the
 * per-client limits on purpose, after every other check): each route's gap between requests, and
 * nothing started after the time limit (those checks fail as not run). Every result says what was
 * sent and what came back.
 */
export async function runProbe(target: ProbeTarget, url: string, plan: PlannedRoute[], options: RunOptions): Promise<ProbeReport> {
  const deadline = Date.now() + options.timeLimitMs;
  const results: ProbeResult[] = [];
  const ordered = [false, true].flatMap((stress) => plan.flatMap((route) => route.checks.filter((c) => isStress(c) === stress).map((check) => ({ route, check }))));
  let first = true;
  for (const { route, check } of ordered) {
    if (!first) await sleep(route.gapMs);
    first = false;
    const sent = sentLines(check.request, check.upgrade, options.secrets);
    if (Date.now() > deadline) {
      results.push({ route: route.route, check: check.check, pass: false, sent, received: 'not sent', detail: `not run: the time limit of ${options.timeLimitMs} ms was reached` });
      continue;
    }
    const timeoutMs = Math.max(1, Math.min(options.requestTimeoutMs, deadline - Date.now()));
    for (const outcome of await runCheck({ target, check, route, timeoutMs })) results.push({ route: route.route, sent, ...outcome });
  }
  const notes = plan.flatMap((r) => r.notes.map((n) => `${r.route}: ${n}`));
  return { ok: results.length > 0 && results.every((r) => r.pass), url, results, notes };
}

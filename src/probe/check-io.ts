/** What every check shares: sending a request with a fresh key, judging a handshake, describing what came back. */
import { expectedAccept, newWebSocketKey } from './handshake.js';
import { openExchange, type ProbeTarget, type ResponseHead, type WsSession } from './session.js';
import type { PlannedCheck, PlannedRoute, ProbeCheckName, ProbeRequest } from './types.js';

/** Header lines worth reporting back (the rest is noise for a check). */
const REPORTED = ['sec-websocket-accept', 'upgrade', 'connection', 'location', 'set-cookie'];

/** The outcome of one check before it is tagged with its route, URL and request. */
export interface Outcome {
  check: ProbeCheckName;
  pass: boolean;
  received: string;
  detail: string;
}

/** What running one check needs. */
export interface CheckRun {
  target: ProbeTarget;
  check: PlannedCheck;
  route: PlannedRoute;
  timeoutMs: number;
}

/** Resolves after ms. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The status line and the headers that matter, or the connection error. */
export function describeHead(head: ResponseHead, extra: string | null = null): string {
  if (head.status === 0) return `no response: ${head.error ?? 'unknown error'}`;
  const headers = REPORTED.filter((h) => head.headers[h] !== undefined).map((h) => `${h}: ${head.headers[h] ?? ''}`);
  return [`HTTP ${head.status}`, ...headers, ...(extra ? [extra] : [])].join('; ');
}

/** "got 403", or "no response (why)". */
export const got = (head: ResponseHead): string => (head.status === 0 ? `no response (${head.error ?? 'error'})` : `got ${head.status}`);

/** Sends a request with a fresh Sec-WebSocket-Key (when it is an upgrade). */
export async function send(target: ProbeTarget, request: ProbeRequest, upgrade: boolean, timeoutMs: number): Promise<{ key: string; head: ResponseHead; session: WsSession | null }> {
  const key = upgrade ? newWebSocketKey() : '';
  const headers = upgrade ? [...request.headers, ['Sec-WebSocket-Key', key] as [string, string]] : request.headers;
  const { head, session } = await openExchange(target, { ...request, headers }, timeoutMs);
  return { key, head, session };
}

/** Why a 101 is not a valid handshake (wrong Sec-WebSocket-Accept), or null when it is one. */
export function handshakeProblem(head: ResponseHead, key: string): string | null {
  if (head.status !== 101) return `expected 101 Switching Protocols, ${got(head)}`;
  const accept = head.headers['sec-websocket-accept'];
  if (accept !== expectedAccept(key)) return `101 but Sec-WebSocket-Accept is ${accept ?? 'missing'}, expected ${expectedAccept(key)}`;
  return null;
}

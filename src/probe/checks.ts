/** The probe's checks: what each sends over one or several connections, and how its answer is judged. */
import { expectedAccept, newWebSocketKey } from './handshake.js';
import { openExchange, type ProbeTarget, type ResponseHead, type WsSession } from './session.js';
import { LIMIT_STATUSES, type AffinityKey, type PlannedCheck, type PlannedRoute, type ProbeCheckName, type ProbeRequest } from './types.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Header lines worth reporting back (the rest is noise for a check). */
const REPORTED = ['sec-websocket-accept', 'upgrade', 'connection', 'location', 'set-cookie'];

/** The outcome of one check before it is tagged with its route and request. */
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

function describeHead(head: ResponseHead, extra: string | null = null): string {
  if (head.status === 0) return `no response: ${head.error ?? 'unknown error'}`;
  const headers = REPORTED.filter((h) => head.headers[h] !== undefined).map((h) => `${h}: ${head.headers[h] ?? ''}`);
  return [`HTTP ${head.status}`, ...headers, ...(extra ? [extra] : [])].join('; ');
}

const got = (head: ResponseHead): string => (head.status === 0 ? `no response (${head.error ?? 'error'})` : `got ${head.status}`);

/** Sends a request with a fresh Sec-WebSocket-Key (when it is an upgrade). */
async function send(target: ProbeTarget, request: ProbeRequest, upgrade: boolean, timeoutMs: number): Promise<{ key: string; head: ResponseHead; session: WsSession | null }> {
  const key = upgrade ? newWebSocketKey() : '';
  const headers = upgrade ? [...request.headers, ['Sec-WebSocket-Key', key] as [string, string]] : request.headers;
  const { head, session } = await openExchange(target, { ...request, headers }, timeoutMs);
  return { key, head, session };
}

/** Why a 101 is not a valid handshake (wrong Sec-WebSocket-Accept), or null when it is one. */
function handshakeProblem(head: ResponseHead, key: string): string | null {
  if (head.status !== 101) return `expected 101 Switching Protocols, ${got(head)}`;
  const accept = head.headers['sec-websocket-accept'];
  if (accept !== expectedAccept(key)) return `101 but Sec-WebSocket-Accept is ${accept ?? 'missing'}, expected ${expectedAccept(key)}`;
  return null;
}

async function statusCheck({ target, check, timeoutMs }: CheckRun, status: number): Promise<Outcome[]> {
  const { head, session } = await send(target, check.request, check.upgrade, timeoutMs);
  await session?.close();
  return [{ check: check.check, pass: head.status === status, received: describeHead(head), detail: `expected ${status}, ${got(head)}` }];
}

/** After the pong: a data message sent; its echo passes `echo`, else the socket must stay open for holdMs with pings answered (`stays-open`). */
async function echoOrStaysOpen(session: WsSession, holdMs: number): Promise<Outcome> {
  const marker = `wsctl-probe-echo-${Date.now().toString(36)}`;
  const started = Date.now();
  let pings = 0;
  let others = 0;
  session.sendText(marker);
  while (Date.now() - started < holdMs) {
    const message = await session.nextMessage(Math.max(1, Math.min(500, holdMs - (Date.now() - started))));
    if (message === marker) return { check: 'echo', pass: true, received: `"${marker}"`, detail: `the data message came back after ${Date.now() - started} ms` };
    if (message !== null) {
      others += 1;
      continue;
    }
    const why = session.closedWhy();
    const pong = why === null ? await session.ping(1_000) : { ok: false as const, why };
    if (!pong.ok) return { check: 'stays-open', pass: false, received: pong.why, detail: `no echo, and the socket did not stay open ${holdMs} ms: ${pong.why} after ${Date.now() - started} ms` };
    pings += 1;
  }
  const messages = others === 0 ? 'no message came back' : `${others} message(s) came back, none the one sent`;
  return { check: 'stays-open', pass: true, received: `${pings} pongs`, detail: `no echo (${messages}); the socket stayed open ${holdMs} ms with ${pings} pings answered` };
}

async function upgradeCheck({ target, check, timeoutMs }: CheckRun, holdMs: number): Promise<Outcome[]> {
  const { key, head, session } = await send(target, check.request, true, timeoutMs);
  try {
    const problem = handshakeProblem(head, key);
    if (problem || !session) return [{ check: 'upgrade', pass: false, received: describeHead(head), detail: problem ?? 'no session' }];
    const pong = await session.ping(timeoutMs);
    const frames = pong.ok ? `pong after ${pong.ms} ms` : `no pong: ${pong.why}`;
    const upgrade: Outcome = { check: 'upgrade', pass: pong.ok, received: describeHead(head, frames), detail: `101 with a valid Sec-WebSocket-Accept, ${pong.ok ? frames : `but ${frames}`}` };
    if (!pong.ok) return [upgrade];
    return [upgrade, await echoOrStaysOpen(session, holdMs)];
  } finally {
    await session?.close();
  }
}

/** The value of cookie `name` in a (possibly joined) Set-Cookie header, or null. */
function setCookieValue(setCookie: string | undefined, name: string): string | null {
  if (!setCookie) return null;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?:^|,\\s*)${escaped}=([^;,\\s]*)`).exec(setCookie)?.[1] ?? null;
}

async function affinityCheck({ target, check, route, timeoutMs }: CheckRun, connections: number, identityHeader: string, key: AffinityKey): Promise<Outcome[]> {
  const identities: string[] = [];
  let cookie: string | null = null;
  let cookieNote = '';
  for (let i = 0; i < connections; i++) {
    if (i > 0) await sleep(route.gapMs);
    const headers: [string, string][] = cookie !== null && key.type === 'cookie' ? [...check.request.headers, ['Cookie', `${key.name}=${cookie}`]] : check.request.headers;
    const { key: wsKey, head, session } = await send(target, { ...check.request, headers }, true, timeoutMs);
    await session?.close();
    const problem = handshakeProblem(head, wsKey);
    if (problem) return [{ check: 'affinity', pass: false, received: describeHead(head), detail: `connection ${i + 1} of ${connections}: ${problem}` }];
    const identity = head.headers[identityHeader];
    if (identity === undefined) return [{ check: 'affinity', pass: false, received: describeHead(head), detail: `the 101 carried no ${identityHeader} header: the backend instance cannot be observed (--identity-header)` }];
    identities.push(identity);
    if (i === 0 && key.type === 'cookie') {
      cookie = setCookieValue(head.headers['set-cookie'], key.name);
      cookieNote = cookie === null ? `the first 101 set no ${key.name} cookie` : `cookie ${key.name} sent back`;
    }
  }
  const sentKey = key.type === 'cookie' ? cookieNote : key.type === 'sourceIp' ? 'same source address' : `${key.type} ${key.name}: ${key.value} on each`;
  const reached = `${connections} connections reached ${identities.join(', ')} (${identityHeader}; ${sentKey})`;
  const same = identities.every((id) => id === identities[0]);
  if (!same) return [{ check: 'affinity', pass: false, received: identities.join(', '), detail: `affinity broken: ${reached}` }];
  if (key.type === 'cookie' && cookie === null) return [{ check: 'affinity', pass: false, received: identities.join(', '), detail: `cookie affinity, but ${reached}` }];
  return [{ check: 'affinity', pass: true, received: identities.join(', '), detail: reached }];
}

async function idleCheck({ target, check, timeoutMs }: CheckRun, expect: { idleMs: number; earlyMs: number; lateMs: number }): Promise<Outcome[]> {
  const { key, head, session } = await send(target, check.request, true, timeoutMs);
  try {
    const problem = handshakeProblem(head, key);
    if (problem || !session) return [{ check: 'idle-timeout', pass: false, received: describeHead(head), detail: `could not open the socket to leave idle: ${problem ?? 'no session'}` }];
    const pong = await session.ping(timeoutMs);
    if (!pong.ok) return [{ check: 'idle-timeout', pass: false, received: pong.why, detail: `no pong before going silent: ${pong.why}` }];
    const last = session.lastReceivedAt();
    const closedAt = await session.waitClosed(expect.idleMs + expect.lateMs - (Date.now() - last));
    const window = `idle timeout ${expect.idleMs} ms, tolerance -${expect.earlyMs}/+${expect.lateMs} ms`;
    if (closedAt === null) return [{ check: 'idle-timeout', pass: false, received: 'still open', detail: `the silent socket was still open ${Date.now() - last} ms after the last frame (${window})` }];
    const after = closedAt - last;
    const why = session.closedWhy() ?? 'closed';
    if (after < expect.idleMs - expect.earlyMs) return [{ check: 'idle-timeout', pass: false, received: why, detail: `the gateway closed the silent socket after ${after} ms, too early (${window})` }];
    return [{ check: 'idle-timeout', pass: true, received: why, detail: `the gateway closed the silent socket after ${after} ms (${window})` }];
  } finally {
    await session?.close();
  }
}

async function overConnectionsCheck({ target, check, route, timeoutMs }: CheckRun, limit: number): Promise<Outcome[]> {
  const open: WsSession[] = [];
  try {
    for (let i = 0; i < limit; i++) {
      if (i > 0) await sleep(route.gapMs);
      const { key, head, session } = await send(target, check.request, true, timeoutMs);
      if (session) open.push(session);
      const problem = handshakeProblem(head, key);
      if (problem) return [{ check: 'stress-connections', pass: false, received: describeHead(head), detail: `socket ${i + 1} of ${limit} (connectionsPerClient): ${problem}` }];
    }
    await sleep(route.gapMs);
    const { head, session } = await send(target, check.request, true, timeoutMs);
    if (session) open.push(session);
    const pass = LIMIT_STATUSES.includes(head.status);
    return [{ check: 'stress-connections', pass, received: describeHead(head), detail: `with ${limit} sockets open (connectionsPerClient ${limit}) one more: expected ${LIMIT_STATUSES.join(' or ')}, ${got(head)}` }];
  } finally {
    await Promise.all(open.map((s) => s.close()));
  }
}

async function overHandshakesCheck({ target, check, timeoutMs }: CheckRun, expect: { count: number; rate: number; burst: number }): Promise<Outcome[]> {
  const statuses: number[] = [];
  const started = Date.now();
  for (let i = 0; i < expect.count; i++) {
    const { head, session } = await send(target, check.request, true, timeoutMs);
    await session?.close();
    statuses.push(head.status);
  }
  const ms = Date.now() - started;
  const refused = statuses.filter((s) => LIMIT_STATUSES.includes(s));
  const accepted = statuses.filter((s) => s === 101).length;
  const other = statuses.filter((s) => s !== 101 && !LIMIT_STATUSES.includes(s));
  const first = statuses.findIndex((s) => LIMIT_STATUSES.includes(s));
  const summary = `${expect.count} handshakes in ${ms} ms (limit ${expect.rate}/s, burst ${expect.burst}): ${accepted} accepted, ${refused.length} refused${other.length ? `, ${other.length} other (${[...new Set(other)].join(', ')})` : ''}`;
  const received = `statuses: ${statuses.join(' ')}`;
  if (refused.length === 0) return [{ check: 'stress-handshakes', pass: false, received, detail: `expected ${LIMIT_STATUSES.join(' or ')} once over the rate; ${summary}` }];
  if (accepted === 0) return [{ check: 'stress-handshakes', pass: false, received, detail: `even the first handshake was refused; ${summary}` }];
  return [{ check: 'stress-handshakes', pass: true, received, detail: `${summary}; the first refusal (${statuses[first] ?? 0}) was handshake ${first + 1}` }];
}

/** Runs one planned check (one or several connections) and returns its outcomes (the upgrade check gives two: upgrade, then echo or stays-open). */
export function runCheck(run: CheckRun): Promise<Outcome[]> {
  const expect = run.check.expect;
  switch (expect.kind) {
    case 'status':
      return statusCheck(run, expect.status);
    case 'upgrade':
      return upgradeCheck(run, expect.holdMs);
    case 'affinity':
      return affinityCheck(run, expect.connections, expect.identityHeader, expect.key);
    case 'idle':
      return idleCheck(run, expect);
    case 'over-connections':
      return overConnectionsCheck(run, expect.limit);
    case 'over-handshakes':
      return overHandshakesCheck(run, expect);
  }
}

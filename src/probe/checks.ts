/** The probe's checks: what each sends over one or several connections, and how its answer is judged. */
import { describeHead, got, handshakeProblem, send, sleep, type CheckRun, type Outcome } from './check-io.js';
import type { WsSession } from './session.js';
import { overConnectionsCheck, overGatewayConnectionsCheck, overHandshakesCheck } from './stress-checks.js';
import { idleCheck, maxDurationCheck } from './timed-checks.js';
import type { AffinityKey } from './types.js';

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
    case 'max-duration':
      return maxDurationCheck(run, expect);
    case 'over-connections':
      return overConnectionsCheck(run, expect.limit);
    case 'over-handshakes':
      return overHandshakesCheck(run, expect);
    case 'over-gateway-connections':
      return overGatewayConnectionsCheck(run, expect.limit, expect.gapMs);
  }
}

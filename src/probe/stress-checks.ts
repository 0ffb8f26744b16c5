/** The --stress checks: over the per-client and gateway-wide limits on purpose, expecting refusals. */
import { describeHead, got, handshakeProblem, send, sleep, type CheckRun, type Outcome } from './check-io.js';
import type { ResponseHead, WsSession } from './session.js';
import { LIMIT_STATUSES } from './types.js';

/** Opens `limit` sockets (gapMs apart) into `open`, then one more: the extra one's answer, or the first of the `limit` that failed. */
async function fillThenOneMore({ target, check, timeoutMs }: CheckRun, limit: number, gapMs: number, open: WsSession[]): Promise<{ head: ResponseHead; failedAt: number | null; problem: string | null }> {
  for (let i = 0; i < limit; i++) {
    if (i > 0 && gapMs > 0) await sleep(gapMs);
    const { key, head, session } = await send(target, check.request, true, timeoutMs);
    if (session) open.push(session);
    const problem = handshakeProblem(head, key);
    if (problem) return { head, failedAt: i + 1, problem };
  }
  if (gapMs > 0) await sleep(gapMs);
  const { head, session } = await send(target, check.request, true, timeoutMs);
  if (session) open.push(session);
  return { head, failedAt: null, problem: null };
}

/** connectionsPerClient sockets held open, then one more: it must get 429 or 503. */
export async function overConnectionsCheck(run: CheckRun, limit: number): Promise<Outcome[]> {
  const open: WsSession[] = [];
  try {
    const { head, failedAt, problem } = await fillThenOneMore(run, limit, run.route.gapMs, open);
    if (problem) return [{ check: 'stress-connections', pass: false, received: describeHead(head), detail: `socket ${failedAt ?? 0} of ${limit} (connectionsPerClient): ${problem}` }];
    const pass = LIMIT_STATUSES.includes(head.status);
    return [{ check: 'stress-connections', pass, received: describeHead(head), detail: `with ${limit} sockets open (connectionsPerClient ${limit}) one more: expected ${LIMIT_STATUSES.join(' or ')}, ${got(head)}` }];
  } finally {
    await Promise.all(open.map((s) => s.close()));
  }
}

/** Closed by the gateway without an HTTP answer (Envoy's overload manager does this over its limit), not a time-out. */
const closedUnanswered = (head: ResponseHead): boolean => head.status === 0 && /^the connection was closed$|ECONNRESET|EPIPE|socket hang up/.test(head.error ?? '');

/** limits.maxConnections sockets held open on the whole gateway, then one more: it must get 503 or be closed unanswered. */
export async function overGatewayConnectionsCheck(run: CheckRun, limit: number, gapMs: number): Promise<Outcome[]> {
  const open: WsSession[] = [];
  try {
    const { head, failedAt, problem } = await fillThenOneMore(run, limit, gapMs, open);
    if (problem) {
      const early = head.status === 503 ? ': refused before the probe filled the gateway, so other clients hold sockets or the limit is lower; the limit is not confirmed' : '';
      return [{ check: 'stress-max-connections', pass: false, received: describeHead(head), detail: `socket ${failedAt ?? 0} of ${limit} (limits.maxConnections): ${problem}${early}` }];
    }
    const pass = head.status === 503 || closedUnanswered(head);
    const answer = closedUnanswered(head) ? `closed without an answer (${head.error ?? ''})` : got(head);
    return [{ check: 'stress-max-connections', pass, received: describeHead(head), detail: `with ${limit} sockets open on the gateway (limits.maxConnections ${limit}) one more: expected 503 or a close without an answer, ${answer}` }];
  } finally {
    await Promise.all(open.map((s) => s.close()));
  }
}

/** count handshakes back to back, each closed at once, over rate + burst: the first accepted, at least one refused with 429 or 503. */
export async function overHandshakesCheck({ target, check, timeoutMs }: CheckRun, expect: { count: number; rate: number; burst: number }): Promise<Outcome[]> {
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

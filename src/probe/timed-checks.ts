/** The --slow checks: a socket left silent, or kept busy, must be closed by the gateway in time. */
import { describeHead, handshakeProblem, send, type CheckRun, type Outcome } from './check-io.js';

/** A silent socket (one ping, then nothing) is closed within the idle timeout's window after the last frame. */
export async function idleCheck({ target, check, timeoutMs }: CheckRun, expect: { idleMs: number; earlyMs: number; lateMs: number }): Promise<Outcome[]> {
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

/**
 * A busy socket (a ping every pingEveryMs, so no idle timeout fires) is closed within the max duration's
 * window after its 101; pings answered are counted, so a close the idle timeout caused shows up.
 */
export async function maxDurationCheck({ target, check, timeoutMs }: CheckRun, expect: { maxMs: number; earlyMs: number; lateMs: number; pingEveryMs: number }): Promise<Outcome[]> {
  const { key, head, session } = await send(target, check.request, true, timeoutMs);
  const opened = Date.now();
  try {
    const problem = handshakeProblem(head, key);
    if (problem || !session) return [{ check: 'max-duration', pass: false, received: describeHead(head), detail: `could not open the socket to keep busy: ${problem ?? 'no session'}` }];
    const deadline = opened + expect.maxMs + expect.lateMs;
    let pings = 0;
    let pongs = 0;
    let lastPongMs = 0;
    let closedAt: number | null = null;
    while (closedAt === null && Date.now() < deadline) {
      pings += 1;
      void session.ping(2 * expect.pingEveryMs).then((pong) => {
        if (!pong.ok) return;
        pongs += 1;
        lastPongMs = Date.now() - opened;
      });
      closedAt = await session.waitClosed(Math.max(1, Math.min(expect.pingEveryMs, deadline - Date.now())));
    }
    const answered = pongs === 0 ? 'none answered' : `${pongs} answered, the last ${lastPongMs} ms after the 101`;
    const window = `max duration ${expect.maxMs} ms, tolerance -${expect.earlyMs}/+${expect.lateMs} ms; ${pings} pings ${expect.pingEveryMs} ms apart, ${answered}`;
    if (closedAt === null) return [{ check: 'max-duration', pass: false, received: 'still open', detail: `the busy socket was still open ${Date.now() - opened} ms after its 101 (${window})` }];
    const after = closedAt - opened;
    const why = session.closedWhy() ?? 'closed';
    if (after < expect.maxMs - expect.earlyMs) return [{ check: 'max-duration', pass: false, received: why, detail: `the busy socket was closed after ${after} ms, too early (${window})` }];
    return [{ check: 'max-duration', pass: true, received: why, detail: `the gateway closed the busy socket after ${after} ms (${window})` }];
  } finally {
    await session?.close();
  }
}

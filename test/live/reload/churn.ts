/**
 * The churn scenario of issue #12, shared by the live test (short) and `npm run bench:churn` (long):
 * sockets echoing every second through a series of mixed changes (route added, timeout changed, balance
 * changed, endpoint added, endpoint removed), each applied with `wsctl reload` as a user would.
 */
import WebSocket from 'ws';
import type { GatewaySpec } from '../../../src/spec/types.generated.js';
import type { Endpoints } from '../parity/kit.js';
import { startFixture, type ReloadFixture, type ReloadTargetName } from './kit.js';

/** Options of one churn run. */
export interface ChurnOptions {
  /** Proxy. */
  target: ReloadTargetName;
  /** Work directory. */
  dir: string;
  /** Sockets held open and echoing through the whole run. */
  sockets: number;
  /** Changes applied, one `wsctl reload` each. */
  changes: number;
  /** Pause between changes, ms. */
  pauseMs: number;
  /** limits.drainTimeout. */
  drainTimeout: string;
  /** Sockets opened after each change and held to the end, so each reload leaves a generation behind (0 = none). */
  holdPerChange?: number;
  /** Progress lines (the bench prints them). */
  log?: (line: string) => void;
}

/** What a churn run measured. */
export interface ChurnResult {
  /** Proxy. */
  target: ReloadTargetName;
  /** Sockets opened at the start. */
  sockets: number;
  /** Changes applied. */
  changes: number;
  /** Sockets closed before the end of the run. */
  dropped: number;
  /** Sockets opened after the changes (holdPerChange) and held. */
  heldLater: number;
  /** Of those, closed before the end (a generation closed by the budget takes its sockets). */
  droppedLater: number;
  /** wsctl reload wall time per change applied by a reload, p50 and p95 ms. */
  reloadMs: { p50: number; p95: number };
  /** wsctl reload wall time per change applied through the Runtime API, p50 and p95 ms. */
  runtimeMs: { p50: number; p95: number };
  /** Most draining generations seen after any change. */
  maxDraining: number;
  /** Echoes on open sockets not answered within 5 s. */
  echoFailures: number;
  /** Echoes sent. */
  echoes: number;
  /** New connections (one after each change) that failed to upgrade or echo. */
  newConnectionFailures: number;
  /** Changes applied as a reload. */
  reloads: number;
  /** Changes applied through the Runtime API (no reload). */
  runtime: number;
  /** Changes refused or failed (should be none). */
  failed: string[];
  /** Draining generations closed by the budget. */
  budgetClosures: number;
  /** Proxy processes at the end (master and workers). */
  processes: number;
  /** Draining generations at the end. */
  draining: number;
  /** Resident memory of every worker at the end, bytes. */
  rssBytes: number;
  /** Wall time, ms. */
  durationMs: number;
}

const KINDS = ['route added', 'timeout changed', 'endpoint added', 'balance changed', 'endpoint removed'] as const;

/** The spec after `step` changes: the kinds cycle, each moving its own part of the spec. */
function specAt(port: number, all: Endpoints, step: number, drainTimeout: string): GatewaySpec {
  const count = (kind: number): number => Math.floor((step + (KINDS.length - 1 - kind)) / KINDS.length);
  const routes = count(0);
  const idle = 60 + count(1);
  // endpoints: added and removed in turn, between 2 and all of them
  const endpoints = all.slice(0, Math.min(all.length, 2 + count(2) - count(4)));
  const balance = count(3) % 2 === 0 ? 'leastConnections' : 'roundRobin';
  return {
    listeners: [{ name: 'public', port, address: '127.0.0.1' }],
    routes: [
      { name: 'ws', match: { path: '/ws' }, backend: 'app', websocket: { idleTimeout: `${idle}s` } },
      ...Array.from({ length: routes }, (_, i) => ({ name: `extra-${i}`, match: { path: `/extra-${i}` }, backend: 'app' })),
    ],
    backends: [{ name: 'app', balance, endpoints: endpoints as GatewaySpec['backends'][number]['endpoints'] }],
    limits: { drainTimeout, maxConnections: 4096 },
  };
}

/** Opens one socket, or null. */
function openSocket(url: string): Promise<WebSocket | null> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { handshakeTimeout: 10_000 });
    ws.once('open', () => resolve(ws));
    ws.once('error', () => resolve(null));
    ws.once('unexpected-response', () => resolve(null));
  });
}

/** One echo within timeoutMs. */
function echo(ws: WebSocket, text: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (ws.readyState !== WebSocket.OPEN) return resolve(false);
    const timer = setTimeout(() => (ws.off('message', onMessage), resolve(false)), timeoutMs);
    const onMessage = (data: WebSocket.RawData): void => {
      if (data.toString() !== text) return;
      clearTimeout(timer);
      ws.off('message', onMessage);
      resolve(true);
    };
    ws.on('message', onMessage);
    ws.send(text);
  });
}

/** Runs the scenario on one proxy and stops everything it started. */
export async function runChurn(options: ChurnOptions): Promise<ChurnResult> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const fixture: ReloadFixture = await startFixture(options.target, options.dir, 4, (port, eps) => specAt(port, eps, 0, options.drainTimeout));
  const result: ChurnResult = {
    target: options.target, sockets: options.sockets, changes: options.changes, dropped: 0, heldLater: 0, droppedLater: 0,
    reloadMs: { p50: 0, p95: 0 }, runtimeMs: { p50: 0, p95: 0 }, maxDraining: 0, echoFailures: 0, echoes: 0,
    newConnectionFailures: 0, reloads: 0, runtime: 0, failed: [], budgetClosures: 0, processes: 0, draining: 0, rssBytes: 0, durationMs: 0,
  };
  const held: WebSocket[] = [];
  const later: WebSocket[] = [];
  const timings: { reload: number[]; runtime: number[] } = { reload: [], runtime: [] };
  let ticker: NodeJS.Timeout | undefined;
  try {
    for (let i = 0; i < options.sockets; i += 50) {
      const batch = await Promise.all(Array.from({ length: Math.min(50, options.sockets - i) }, () => openSocket(`${fixture.base}/ws`)));
      for (const ws of batch) {
        if (!ws) throw new Error(`${options.target}: could not open the initial sockets`);
        ws.on('error', () => undefined);
        ws.once('close', () => (result.dropped += 1));
        held.push(ws);
      }
    }
    log(`${options.target}: ${held.length} sockets open`);
    let tick = 0;
    ticker = setInterval(() => {
      tick += 1;
      for (const [i, ws] of held.entries()) {
        // a closed socket is counted once, as dropped, not again at every tick
        if (ws.readyState !== WebSocket.OPEN) continue;
        result.echoes += 1;
        void echo(ws, `t${tick}-s${i}`, 5_000).then((ok) => ok || (result.echoFailures += 1));
      }
    }, 1_000);
    for (let step = 1; step <= options.changes; step++) {
      const t0 = Date.now();
      const { status, report } = await fixture.apply(specAt(fixture.port, fixture.endpoints, step, options.drainTimeout));
      if (report.decision === 'reload' || report.decision === 'runtime') timings[report.decision].push(Date.now() - t0);
      result.maxDraining = Math.max(result.maxDraining, report.status?.draining ?? 0);
      if (status !== 0 || !report.ok) result.failed.push(`change ${step}: ${report.decision}: ${report.reason}`);
      if (report.decision === 'reload') result.reloads += 1;
      if (report.decision === 'runtime') result.runtime += 1;
      result.budgetClosures += report.steps.filter((s) => s.kind === 'budget').length;
      const probe = await openSocket(`${fixture.base}/ws`);
      if (!probe || !(await echo(probe, `probe ${step}`, 5_000))) result.newConnectionFailures += 1;
      probe?.close();
      for (let i = 0; i < (options.holdPerChange ?? 0); i++) {
        const ws = await openSocket(`${fixture.base}/ws`);
        if (!ws) {
          result.newConnectionFailures += 1;
          continue;
        }
        ws.on('error', () => undefined);
        ws.once('close', () => (result.droppedLater += 1));
        later.push(ws);
      }
      result.heldLater = later.length;
      if (step % 10 === 0) log(`${options.target}: ${step} changes, ${result.reloads} reloads, ${result.runtime} runtime, ${result.dropped} dropped, ${result.echoFailures} echo failures`);
      await new Promise((r) => setTimeout(r, options.pauseMs));
    }
    // one more full echo round after the last change
    await new Promise((r) => setTimeout(r, 1_500));
    clearInterval(ticker);
    const last = await Promise.all(held.filter((ws) => ws.readyState === WebSocket.OPEN).map((ws, i) => echo(ws, `final ${i}`, 10_000)));
    result.echoes += last.length;
    result.echoFailures += last.filter((ok) => !ok).length;
    const status = (await fixture.apply(specAt(fixture.port, fixture.endpoints, options.changes, options.drainTimeout))).report.status;
    result.draining = status?.draining ?? 0;
    result.rssBytes = status?.rssBytes ?? 0;
    result.processes = 1 + (status?.generations.reduce((n, g) => n + g.pids.length, 0) ?? 0);
  } finally {
    clearInterval(ticker);
    for (const ws of [...held, ...later]) {
      ws.removeAllListeners('close');
      ws.terminate();
    }
    await fixture.stop();
  }
  result.reloadMs = percentiles(timings.reload);
  result.runtimeMs = percentiles(timings.runtime);
  result.durationMs = Date.now() - started;
  return result;
}

function percentiles(values: number[]): { p50: number; p95: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95) };
}

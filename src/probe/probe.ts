import { readFileSync } from 'node:fs';
import { loadGateway, lower } from '../api.js';
import { renderDiagnostics } from '../diag/render.js';
import type { IrGateway } from '../ir/types.js';
import { planGatewayStress } from './gateway-stress.js';
import { planProbe } from './plan.js';
import { reachOf, type ProbeUrl } from './reach.js';
import { runProbe, type ProbeLeg } from './run.js';
import type { ProbeReport } from './types.js';

/** Options of `wsctl probe`. */
export interface ProbeOptions {
  /** ws://, wss://, http:// or https:// URLs of the gateway's listeners (no path); each route is probed through every one whose port is one of its listeners'. */
  urls: string[];
  /** Route names to probe; empty = all. */
  routes: string[];
  /** File holding a valid token (one trailing newline dropped), or null. */
  tokenFile: string | null;
  /** Skip TLS certificate verification. */
  insecure: boolean;
  /** Milliseconds for the whole run. */
  timeLimitMs: number;
  /** Gateway (metadata.name) to probe when the file holds several, or null. */
  gateway?: string | null;
  /** File holding an expired JWT (checked to be refused with 401 on JWT routes), or null. */
  expiredTokenFile?: string | null;
  /** File holding a JWT with an audience the provider does not accept, or null. */
  wrongAudienceTokenFile?: string | null;
  /** Response header naming the backend instance on the 101, for the affinity check, or null. */
  identityHeader?: string | null;
  /** Connections of the affinity check (default 4). */
  reconnects?: number;
  /** Seconds a socket must stay open when the backend does not echo (default 2). */
  holdSeconds?: number;
  /** Check idle timeouts and max durations (slow: waits them out). */
  slow?: boolean;
  /** Exceed the per-client limits on purpose. */
  stress?: boolean;
}

/** Raised for input the probe refuses (bad URL, invalid spec, unknown route): a usage-level error. */
export class ProbeInputError extends Error {}

/** Parses --url into where to connect and the Host header for any-host routes. */
export function parseProbeUrl(url: string, insecure: boolean): ProbeUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ProbeInputError(`--url ${url} is not a URL`);
  }
  const tls = parsed.protocol === 'wss:' || parsed.protocol === 'https:';
  if (!tls && parsed.protocol !== 'ws:' && parsed.protocol !== 'http:') throw new ProbeInputError(`--url must be ws://, wss://, http:// or https://, not ${parsed.protocol}`);
  if ((parsed.pathname !== '/' && parsed.pathname !== '') || parsed.search) throw new ProbeInputError('--url takes no path or query: the paths come from the spec');
  const port = parsed.port ? Number(parsed.port) : tls ? 443 : 80;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  return { url, target: { tls, host, port, insecure }, authority: parsed.host };
}

/**
 * The gateway to probe: the one named by --gateway, else the file's only gateway, else the only one
 * with a listener on a probed port.
 */
export function pickGateway(file: string, ports: number[], name: string | null): IrGateway {
  const loaded = loadGateway(file);
  if (!loaded.ok) throw new ProbeInputError(`${file} is not a valid spec:\n${renderDiagnostics(loaded.diagnostics)}`);
  const irs = loaded.bundles.map((b) => lower(b));
  if (name !== null) {
    const named = irs.find((ir) => ir.name === name);
    if (!named) throw new ProbeInputError(`${file} holds no gateway named ${name} (it holds ${irs.map((ir) => ir.name).join(', ')})`);
    return named;
  }
  const candidates = irs.length === 1 ? irs : irs.filter((ir) => ir.listeners.some((l) => ports.includes(l.port)));
  const [ir, ...more] = candidates;
  if (!ir || more.length > 0) throw new ProbeInputError(`${file} holds ${irs.length} gateways (${irs.map((g) => g.name).join(', ')}) and ${candidates.length} listen on port ${ports.join(' or ')}: choose one with --gateway NAME`);
  return ir;
}

function readToken(file: string, flag: string): string {
  const token = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  if (token === '' || /[\r\n]/.test(token)) throw new ProbeInputError(`--${flag} ${file} must hold one token on one line`);
  return token;
}

const optionalToken = (file: string | null | undefined, flag: string): string | null => (file ? readToken(file, flag) : null);

/** Runs a planning step; its errors (an unknown route, no URL reaching any route) are input errors. */
function asInputError<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    throw new ProbeInputError((error as Error).message);
  }
}

/** Loads a spec, plans the checks its routes imply per --url and runs them against the gateway's listeners. */
export async function probeGateway(file: string, options: ProbeOptions): Promise<ProbeReport> {
  if (options.urls.length === 0) throw new ProbeInputError('give at least one --url');
  const urls = options.urls.map((url) => parseProbeUrl(url, options.insecure));
  const identity = options.identityHeader ?? null;
  if (identity !== null && !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(identity)) throw new ProbeInputError(`--identity-header ${identity} is not a header name`);
  const ir = pickGateway(file, urls.map((u) => u.target.port), options.gateway ?? null);
  const token = optionalToken(options.tokenFile, 'token-file');
  const expiredToken = optionalToken(options.expiredTokenFile, 'expired-token-file');
  const wrongAudienceToken = optionalToken(options.wrongAudienceTokenFile, 'wrong-audience-token-file');
  const { legs, notes } = asInputError(() => {
    const { reach, notes: reachNotes } = reachOf(ir, urls, options.routes);
    const plans = reach.map((r) =>
      planProbe(ir, {
        defaultHost: r.authority,
        listeners: r.listeners,
        routes: options.routes,
        token,
        expiredToken,
        wrongAudienceToken,
        identityHeader: identity,
        affinityConnections: options.reconnects ?? 4,
        holdMs: (options.holdSeconds ?? 2) * 1000,
        slow: options.slow ?? false,
        stress: options.stress ?? false,
        timeLimitMs: options.timeLimitMs,
      }),
    );
    const gateway = options.stress ? planGatewayStress(ir, plans) : { plans, note: null };
    const planned: ProbeLeg[] = reach.map((r, i) => ({ url: r.url, target: r.target, plan: gateway.plans[i] ?? [] }));
    return { legs: planned, notes: gateway.note === null ? reachNotes : [...reachNotes, gateway.note] };
  });
  const secrets = [token, expiredToken, wrongAudienceToken].filter((t): t is string => t !== null);
  return runProbe(legs, { timeLimitMs: options.timeLimitMs, requestTimeoutMs: 5_000, secrets, notes });
}

/** Human output: one line per check (PASS/FAIL route check: detail), then the notes, then a summary. */
export function formatProbeReport(report: ProbeReport): string {
  const via = (url: string): string => (report.urls.length > 1 ? ` via ${url}` : '');
  const lines = report.results.map((r) => `${r.pass ? 'PASS' : 'FAIL'}  ${r.route}  ${r.check}${via(r.url)}: ${r.detail}${r.pass ? '' : `\n      sent: ${r.sent.join(' | ')}\n      received: ${r.received}`}`);
  const notes = report.notes.map((n) => `note  ${n}`);
  const failed = report.results.filter((r) => !r.pass).length;
  const summary = report.results.length === 0 ? 'no checks ran' : `${report.results.length - failed} passed, ${failed} failed`;
  return `${[...lines, ...notes, `${report.urls.join(', ')}: ${summary}`].join('\n')}\n`;
}

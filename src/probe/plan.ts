import type { IrGateway, IrJwtProvider, IrRoute } from '../ir/types.js';
import type { PlannedCheck, PlannedRoute, ProbeRequest } from './types.js';

/** An Origin no allowlist holds (.invalid is reserved: it never names a real site). */
export const DISALLOWED_ORIGIN = 'https://wsctl-probe.invalid';

/** The probe's own pace: at least this long between two requests. */
export const MIN_GAP_MS = 100;

/** The gap between handshakes on a route: the default pace, or slower than its per-client handshake rate. */
function gapFor(route: IrRoute): number {
  const rate = route.rateLimit?.handshakesPerSecondPerClient ?? null;
  return rate === null ? MIN_GAP_MS : Math.max(MIN_GAP_MS, Math.ceil(1000 / rate) + 50);
}

/** What the plan needs besides the IR. */
export interface PlanOptions {
  /** Host header for routes that match any host (the --url authority). */
  defaultHost: string;
  /** Port of --url: routes not served on a listener with this port are skipped (null = do not filter). */
  port: number | null;
  /** Route names to probe; empty = every route. */
  routes: string[];
  /** A valid token supplied by the user, or null. Never forged. */
  token: string | null;
}

/**
 * A concrete path that the route's match accepts: a prefix itself, an exact path, or the literal of a
 * regex that is a plain path (optionally anchored); null when no sample can be derived safely.
 */
export function samplePath(route: IrRoute): string | null {
  if (route.path.type !== 'Regex') return route.path.value;
  const literal = /^\^?(\/[A-Za-z0-9_~/-]*)\$?$/.exec(route.path.value);
  return literal?.[1] ?? null;
}

/** The Host header for a route: its first host name (a wildcard's '*' replaced by 'probe'), else the default. */
export function sampleHost(route: IrRoute, defaultHost: string): string {
  const first = route.hosts[0];
  if (first === undefined) return defaultHost;
  return first.startsWith('*.') ? `probe.${first.slice(2)}` : first;
}

function hostMatches(route: IrRoute, host: string): boolean {
  if (route.hosts.length === 0) return true;
  return route.hosts.some((h) => (h.startsWith('*.') ? host.endsWith(h.slice(1)) && host.length > h.length - 1 : h === host));
}

function pathMatches(route: IrRoute, path: string): boolean {
  if (route.path.type === 'Exact') return route.path.value === path;
  if (route.path.type === 'Prefix') return path.startsWith(route.path.value);
  try {
    return new RegExp(route.path.value).test(path);
  } catch {
    return false; // an RE2 construct JavaScript lacks: treat as not matching
  }
}

/** The route that serves host+path (routes are in match-precedence order; host names are not ranked here). */
function servingRoute(ir: IrGateway, host: string, path: string): IrRoute | undefined {
  return ir.routes.find((r) => hostMatches(r, host) && pathMatches(r, path));
}

function provider(ir: IrGateway, name: string): IrJwtProvider | undefined {
  return ir.authProviders.find((p) => p.name === name);
}

/** Where the route's token goes: a header line or a query parameter. */
function tokenPlacement(ir: IrGateway, route: IrRoute, token: string): { header?: [string, string]; query?: string } {
  if (route.auth.type === 'bearer') return { header: ['Authorization', `Bearer ${token}`] };
  if (route.auth.type !== 'jwt') return {};
  const source = provider(ir, route.auth.provider)?.tokenFrom[0];
  if (!source) return {};
  if (source.type === 'queryParam') return { query: `${encodeURIComponent(source.name)}=${encodeURIComponent(token)}` };
  return { header: [source.name, source.bearer ? `Bearer ${token}` : token] };
}

function upgradeRequest(path: string, host: string, extra: [string, string][]): ProbeRequest {
  return { path, headers: [['Host', host], ['Connection', 'Upgrade'], ['Upgrade', 'websocket'], ['Sec-WebSocket-Version', '13'], ...extra] };
}

function planChecks(ir: IrGateway, route: IrRoute, path: string, host: string, token: string | null): PlannedCheck[] {
  const placed = token === null ? {} : tokenPlacement(ir, route, token);
  const withToken = placed.query ? `${path}${path.includes('?') ? '&' : '?'}${placed.query}` : path;
  const tokenHeaders: [string, string][] = placed.header ? [placed.header] : [];
  const allowed = route.allowedOrigins?.[0];
  const origin: [string, string][] = allowed ? [['Origin', allowed]] : [];
  const upgrade = (check: PlannedCheck['check'], headers: [string, string][], status: number | null, p = withToken): PlannedCheck => ({
    check,
    request: upgradeRequest(p, host, headers),
    upgrade: true,
    expect: status === null ? { kind: 'upgrade' } : { kind: 'status', status },
  });
  const checks: PlannedCheck[] = [];
  const authed = route.auth.type !== 'none';
  if (!authed || token !== null) {
    checks.push(upgrade('upgrade', [...origin, ...tokenHeaders], null));
    if (route.websocket.plainHttp === 'reject') {
      checks.push({ check: 'plain-http-426', request: { path: withToken, headers: [['Host', host], ...origin, ...tokenHeaders] }, upgrade: false, expect: { kind: 'status', status: 426 } });
    }
    if (allowed) {
      checks.push(upgrade('origin-disallowed', [['Origin', DISALLOWED_ORIGIN], ...tokenHeaders], 403));
      checks.push(upgrade('origin-duplicated', [['Origin', allowed], ['Origin', DISALLOWED_ORIGIN], ...tokenHeaders], 403));
      checks.push(upgrade('origin-comma-joined', [['Origin', `${allowed}, ${DISALLOWED_ORIGIN}`], ...tokenHeaders], 403));
    }
  }
  if (authed) checks.push(upgrade('auth-missing-token', origin, 401, path));
  return checks;
}

/**
 * The probe plan: per route, a concrete path and Host and the checks its spec implies. Routes whose
 * sample request another route would serve, regex routes without a literal sample, and routes not on
 * the probed port are skipped with a note; so are checks that need a token when none was given.
 */
export function planProbe(ir: IrGateway, options: PlanOptions): PlannedRoute[] {
  const unknown = options.routes.filter((name) => !ir.routes.some((r) => r.name === name));
  if (unknown.length > 0) throw new Error(`no route named ${unknown.join(', ')} in gateway ${ir.name}`);
  const listenerNames = options.port === null ? null : new Set(ir.listeners.filter((l) => l.port === options.port).map((l) => l.name));
  return ir.routes
    .filter((r) => options.routes.length === 0 || options.routes.includes(r.name))
    .map((route): PlannedRoute => {
      const host = sampleHost(route, options.defaultHost);
      const skip = (note: string): PlannedRoute => ({ route: route.name, path: null, host, checks: [], gapMs: 0, notes: [note] });
      if (listenerNames && listenerNames.size > 0 && !route.listeners.some((l) => listenerNames.has(l))) return skip(`skipped: not served on a listener with port ${String(options.port)}`);
      const path = samplePath(route);
      if (path === null) return skip(`skipped: no safe sample path for regex ${route.path.value}`);
      const serving = servingRoute(ir, host, path);
      if (serving && serving.name !== route.name) return skip(`skipped: ${host}${path} is served by route ${serving.name}`);
      const notes = route.auth.type !== 'none' && options.token === null ? ['only auth-missing-token ran: the other checks need a valid token (--token-file)'] : [];
      return { route: route.name, path, host, checks: planChecks(ir, route, path, host, options.token), gapMs: gapFor(route), notes };
    });
}

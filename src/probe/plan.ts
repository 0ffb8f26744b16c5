import type { IrGateway, IrJwtProvider, IrRoute } from '../ir/types.js';
import type { AffinityKey, PlannedCheck, PlannedRoute, ProbeRequest } from './types.js';

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
  /** Listeners the --url reaches (by port): routes served on none of them are left out (null = every route). */
  listeners: string[] | null;
  /** Route names to probe; empty = every route. */
  routes: string[];
  /** A valid token supplied by the user, or null. Never forged. */
  token: string | null;
  /** A JWT the user says has expired (sent to JWT routes, expecting 401), or null. */
  expiredToken?: string | null;
  /** A JWT whose aud the route's provider does not accept (expecting 401), or null. */
  wrongAudienceToken?: string | null;
  /** Response header the backend sets on its 101 naming itself, for the affinity check; null = no affinity check. */
  identityHeader?: string | null;
  /** Connections the affinity check makes (default 4). */
  affinityConnections?: number;
  /** Milliseconds a socket must stay open when the backend does not echo (default 2000). */
  holdMs?: number;
  /** --slow: check the idle timeout and max duration (sockets wait for the gateway to close them). */
  slow?: boolean;
  /** --stress: exceed the per-client limits on purpose and expect 429/503. */
  stress?: boolean;
  /** Milliseconds of the whole run (idle checks that cannot finish within it are skipped). */
  timeLimitMs?: number;
}

/** Most sockets the stress-connections check holds open at once. */
export const MAX_STRESS_CONNECTIONS = 64;
/** Most handshakes the stress-handshakes check sends. */
export const MAX_STRESS_HANDSHAKES = 200;

/** The claims of a JWT (its middle part), without verifying anything; null when it is not a JWT. */
export function jwtClaims(token: string): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return claims !== null && typeof claims === 'object' && !Array.isArray(claims) ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
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

/** The request of a route carrying a token where the route reads it (query parameter or header). */
function withTokenAt(ir: IrGateway, route: IrRoute, path: string, token: string | null): { path: string; headers: [string, string][] } {
  const placed = token === null ? {} : tokenPlacement(ir, route, token);
  return { path: placed.query ? `${path}${path.includes('?') ? '&' : '?'}${placed.query}` : path, headers: placed.header ? [placed.header] : [] };
}

/** Why a user-supplied bad token cannot be used on a JWT route (it would not prove anything), or null when it can. */
function badTokenProblem(ir: IrGateway, route: IrRoute, kind: 'expired' | 'wrong-audience', token: string): string | null {
  if (route.auth.type !== 'jwt') return `${kind === 'expired' ? 'auth-expired-token' : 'auth-wrong-audience'} not run: the route uses static bearer tokens, not JWT`;
  const p = provider(ir, route.auth.provider);
  const claims = jwtClaims(token);
  if (!p || !claims) return 'not a JWT';
  if (kind === 'expired') {
    const exp = typeof claims.exp === 'number' ? claims.exp * 1000 : null;
    if (exp === null) return 'auth-expired-token not run: the --expired-token-file token has no exp claim';
    if (exp + p.clockSkewMs >= Date.now()) return `auth-expired-token not run: the --expired-token-file token expires at ${new Date(exp).toISOString()}, not yet past with provider ${p.name}'s clock skew of ${p.clockSkewMs} ms`;
    return null;
  }
  if (p.audiences.length === 0) return `auth-wrong-audience not run: provider ${p.name} checks no audience`;
  const aud = Array.isArray(claims.aud) ? claims.aud : claims.aud === undefined ? [] : [claims.aud];
  const accepted = aud.filter((a): a is string => typeof a === 'string' && p.audiences.includes(a));
  if (accepted.length > 0) return `auth-wrong-audience not run: the --wrong-audience-token-file token has aud ${accepted.join(', ')}, which provider ${p.name} accepts`;
  return null;
}

/** The affinity key the probe sends on every reconnect to a route's backend, or null without affinity. */
function affinityKey(ir: IrGateway, route: IrRoute): AffinityKey | null {
  const affinity = ir.backends.find((b) => b.name === route.backend)?.affinity ?? null;
  if (!affinity) return null;
  if (affinity.type === 'cookie') return { type: 'cookie', name: affinity.name };
  if (affinity.type === 'header') return { type: 'header', name: affinity.name, value: `wsctl-probe-${route.name}` };
  if (affinity.type === 'queryParam') return { type: 'queryParam', name: affinity.name, value: `wsctl-probe-${route.name}` };
  return { type: 'sourceIp' };
}

/** How far a timed close may come before (earlyMs) or after (lateMs) its timeout and still pass: 10 % (at least 250 ms) early, 25 % (at least 2 s) late. */
export function tolerance(timeoutMs: number): { earlyMs: number; lateMs: number } {
  return { earlyMs: Math.max(250, Math.round(timeoutMs * 0.1)), lateMs: Math.max(2_000, Math.round(timeoutMs * 0.25)) };
}

/** The ping interval that keeps a socket busy: 500 ms, or a quarter of a shorter idle timeout (at least 100 ms). */
function pingEvery(idle: IrRoute['websocket']['idleTimeout']): number {
  return idle === 'off' ? 500 : Math.max(100, Math.min(500, Math.floor(idle / 4)));
}

/** What one route's plan needs besides the route. */
interface RouteContext {
  ir: IrGateway;
  route: IrRoute;
  path: string;
  host: string;
  options: PlanOptions;
  notes: string[];
}

function planChecks({ ir, route, path, host, options, notes }: RouteContext): PlannedCheck[] {
  const token = options.token;
  const valid = withTokenAt(ir, route, path, token);
  const allowed = route.allowedOrigins?.[0];
  const origin: [string, string][] = allowed ? [['Origin', allowed]] : [];
  const upgrade = (check: PlannedCheck['check'], headers: [string, string][], expect: PlannedCheck['expect'], p = valid.path): PlannedCheck => ({
    check,
    request: upgradeRequest(p, host, headers),
    upgrade: true,
    expect,
  });
  const refused = (status: number): PlannedCheck['expect'] => ({ kind: 'status', status });
  const checks: PlannedCheck[] = [];
  const authed = route.auth.type !== 'none';
  const withValid = !authed || token !== null;
  if (withValid) {
    checks.push(upgrade('upgrade', [...origin, ...valid.headers], { kind: 'upgrade', holdMs: options.holdMs ?? 2_000 }));
    if (route.websocket.plainHttp === 'reject') {
      checks.push({ check: 'plain-http-426', request: { path: valid.path, headers: [['Host', host], ...origin, ...valid.headers] }, upgrade: false, expect: refused(426) });
    }
    if (allowed) {
      checks.push(upgrade('origin-disallowed', [['Origin', DISALLOWED_ORIGIN], ...valid.headers], refused(403)));
      checks.push(upgrade('origin-duplicated', [['Origin', allowed], ['Origin', DISALLOWED_ORIGIN], ...valid.headers], refused(403)));
      checks.push(upgrade('origin-comma-joined', [['Origin', `${allowed}, ${DISALLOWED_ORIGIN}`], ...valid.headers], refused(403)));
    }
  }
  if (authed) {
    checks.push(upgrade('auth-missing-token', origin, refused(401), path));
    const bad: [PlannedCheck['check'], 'expired' | 'wrong-audience', string | null | undefined][] = [
      ['auth-expired-token', 'expired', options.expiredToken],
      ['auth-wrong-audience', 'wrong-audience', options.wrongAudienceToken],
    ];
    for (const [check, kind, badToken] of bad) {
      if (!badToken) continue;
      const problem = badTokenProblem(ir, route, kind, badToken);
      if (problem === 'not a JWT') throw new Error(`--${kind}-token-file does not hold a JWT (three base64url parts, JSON claims)`);
      if (problem) {
        notes.push(problem);
        continue;
      }
      const placed = withTokenAt(ir, route, path, badToken);
      checks.push(upgrade(check, [...origin, ...placed.headers], refused(401), placed.path));
    }
  }
  const key = affinityKey(ir, route);
  if (key && withValid) {
    const backend = ir.backends.find((b) => b.name === route.backend);
    if (!options.identityHeader) notes.push(`affinity not checked: give --identity-header NAME, a header backend ${route.backend} sets on its 101 naming the instance`);
    else {
      if (backend && backend.endpoints.length < 2) notes.push(`affinity holds trivially: backend ${route.backend} has one endpoint`);
      const request = key.type === 'header' ? upgradeRequest(valid.path, host, [...origin, ...valid.headers, [key.name, key.value]]) : upgradeRequest(key.type === 'queryParam' ? `${valid.path}${valid.path.includes('?') ? '&' : '?'}${encodeURIComponent(key.name)}=${encodeURIComponent(key.value)}` : valid.path, host, [...origin, ...valid.headers]);
      checks.push({ check: 'affinity', request, upgrade: true, expect: { kind: 'affinity', connections: options.affinityConnections ?? 4, identityHeader: options.identityHeader.toLowerCase(), key } });
    }
  }
  const { idleTimeout: idle, maxDuration: max } = route.websocket;
  if (options.slow && withValid) {
    const limit = options.timeLimitMs ?? 60_000;
    const fits = (ms: number, what: string, check: string): boolean => {
      const { lateMs } = tolerance(ms);
      if (ms + lateMs <= limit) return true;
      notes.push(`${check} not run: the ${what} (${ms} ms) and its tolerance (${lateMs} ms) do not fit in the time limit (${limit} ms)`);
      return false;
    };
    if (idle === 'off') notes.push('idle-timeout not run: the route has no idle timeout');
    else if (fits(idle, 'idle timeout', 'idle-timeout')) checks.push(upgrade('idle-timeout', [...origin, ...valid.headers], { kind: 'idle', idleMs: idle, ...tolerance(idle) }));
    if (max === 'off') notes.push('max-duration not run: the route has no max duration');
    else if (fits(max, 'max duration', 'max-duration')) checks.push(upgrade('max-duration', [...origin, ...valid.headers], { kind: 'max-duration', maxMs: max, ...tolerance(max), pingEveryMs: pingEvery(idle) }));
  }
  const limit = route.rateLimit;
  if (options.stress && withValid && limit) {
    const connections = limit.connectionsPerClient;
    if (connections !== null) {
      if (connections > MAX_STRESS_CONNECTIONS) notes.push(`stress-connections not run: connectionsPerClient ${connections} is above the probe's bound of ${MAX_STRESS_CONNECTIONS} sockets`);
      else checks.push(upgrade('stress-connections', [...origin, ...valid.headers], { kind: 'over-connections', limit: connections }));
    }
    const rate = limit.handshakesPerSecondPerClient;
    if (rate !== null) {
      const count = 2 * rate + limit.burst + 2;
      if (count > MAX_STRESS_HANDSHAKES) notes.push(`stress-handshakes not run: exceeding ${rate}/s with burst ${limit.burst} takes more than ${MAX_STRESS_HANDSHAKES} handshakes`);
      else checks.push(upgrade('stress-handshakes', [...origin, ...valid.headers], { kind: 'over-handshakes', count, rate, burst: limit.burst }));
    }
  }
  return checks;
}

/** The routes --route names (every route when none), in match order; throws on a name the gateway lacks. */
export function selectedRoutes(ir: IrGateway, names: string[]): IrRoute[] {
  const unknown = names.filter((name) => !ir.routes.some((r) => r.name === name));
  if (unknown.length > 0) throw new Error(`no route named ${unknown.join(', ')} in gateway ${ir.name}`);
  return ir.routes.filter((r) => names.length === 0 || names.includes(r.name));
}

/**
 * The probe plan for one --url: per route it reaches (routes on no listener it reaches are left out), a
 * concrete path and Host and the checks its spec implies. Routes whose sample request another route
 * would serve and regex routes without a literal sample are skipped with a note; so are checks that
 * need a token when none was given, and checks whose input is missing or would prove nothing (no
 * --identity-header, a bad token the provider would accept). Without --stress no check exceeds the
 * route's per-client limits.
 */
export function planProbe(ir: IrGateway, options: PlanOptions): PlannedRoute[] {
  const reached = options.listeners;
  return selectedRoutes(ir, options.routes)
    .filter((r) => reached === null || r.listeners.some((l) => reached.includes(l)))
    .map((route): PlannedRoute => {
      const host = sampleHost(route, options.defaultHost);
      const skip = (note: string): PlannedRoute => ({ route: route.name, path: null, host, checks: [], gapMs: 0, notes: [note] });
      const path = samplePath(route);
      if (path === null) return skip(`skipped: no safe sample path for regex ${route.path.value}`);
      const serving = servingRoute(ir, host, path);
      if (serving && serving.name !== route.name) return skip(`skipped: ${host}${path} is served by route ${serving.name}`);
      const notes = route.auth.type !== 'none' && options.token === null ? ['only the auth-* checks ran: the others need a valid token (--token-file)'] : [];
      const checks = planChecks({ ir, route, path, host, options, notes });
      return { route: route.name, path, host, checks, gapMs: gapFor(route), notes };
    });
}

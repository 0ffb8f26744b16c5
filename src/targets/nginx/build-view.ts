import { Codes } from '../../diag/codes.js';
import type { Diagnostic } from '../../diag/diagnostic.js';
import type { IrGateway } from '../../ir/types.js';
import type { EmitContext } from '../target.js';
import { bearerMapPath, buildNjsProviders, type NjsProvider } from './auth.js';
import { buildMetricsServer } from './metrics.js';
import { NJS_MODULE_PATH } from './njs-module.js';
import { buildServers } from './servers.js';
import { buildSharedMaps, type SharedMaps } from './shared-maps.js';
import { nginxSizing, TYPICAL_HARD_FD_LIMIT } from './sizing.js';
import { NGINX_MAX_TIMER_MS, capTimeout, nginxTime } from './timeouts.js';
import { buildBackendZones, buildCookieMaps, buildKeyMaps, buildUpstreams } from './upstreams.js';
import type { MainView, NginxView } from './view.js';

/** The file of the settings every proxied location shares, included by each (relative to nginx.conf). */
export const PROXY_INCLUDE = 'proxy.conf';

/** Process sizing (see sizing.ts) and the drain timeout. */
export function buildMain(ir: IrGateway): MainView {
  const sizing = nginxSizing(ir.limits.maxConnections, ir.backends.length);
  const drain = ir.limits.drainTimeout;
  return {
    workers: sizing.workers,
    workerConnections: sizing.workerConnections,
    rlimitNofile: sizing.rlimitNofile,
    shutdownTimeout: drain === 'off' ? null : nginxTime(Math.max(1, capTimeout(drain, NGINX_MAX_TIMER_MS).ms)),
  };
}

/** Smallest power of two, at least 64, that holds a hash key of this length plus nginx's overhead. */
function bucketSize(longest: number): number {
  let size = 64;
  while (size < longest + 32) size *= 2;
  return size;
}

function hashSizes(ir: IrGateway, ctx: EmitContext): NginxView['hashes'] {
  const keys = [
    ...ir.routes.flatMap((r) => r.allowedOrigins ?? []),
    ...ir.routes.flatMap((r) => (r.auth.type === 'bearer' ? r.auth.tokens.map((token) => `Bearer ${token}`) : [])),
  ];
  const longest = keys.reduce((m, k) => Math.max(m, k.length), 0);
  let maxSize = 2048;
  while (maxSize < keys.length * 2) maxSize *= 2;
  const names = ir.routes.flatMap((r) => r.hosts);
  // a hash too small for the names makes nginx retry every size up to the maximum, then warn; with
  // thousands of names, 64-byte buckets (two names each) need a table far larger than the names
  let namesMaxSize = 512;
  while (namesMaxSize < names.length * 2) namesMaxSize *= 2;
  const longestName = names.reduce((m, n) => Math.max(m, n.length), 0);
  return { mapBucketSize: bucketSize(longest), mapMaxSize: maxSize, serverNamesBucketSize: Math.max(bucketSize(longestName), names.length > 256 ? 128 : 64), serverNamesMaxSize: namesMaxSize };
}

/**
 * nginx OSS resolves an upstream host name once, when it loads the config (re-resolving is `resolve`, an
 * NGINX Plus parameter): say so where a backend names endpoints by DNS, since an IP change is not followed.
 */
function dnsEndpointWarnings(ir: IrGateway, ctx: EmitContext): Diagnostic[] {
  return ir.backends
    .filter((b) => b.endpoints.some((e) => /[a-z]/i.test(e.address) && !e.address.includes(':')))
    .map((b) =>
      ctx.diagnostic(
        Codes.DEGRADED_FEATURE,
        'warning',
        `target nginx: backend ${b.name} names endpoints by DNS; nginx OSS resolves them once per start or reload (and refuses to start when one does not resolve), so reload after their addresses change`,
        { element: 'backend', name: b.name, field: ['endpoints'] },
      ),
    );
}

/** A warning when each worker needs more file descriptors than a typical host gives a process. */
function fdLimitWarnings(ir: IrGateway, ctx: EmitContext): Diagnostic[] {
  const sizing = nginxSizing(ir.limits.maxConnections, ir.backends.length);
  if (sizing.rlimitNofile <= TYPICAL_HARD_FD_LIMIT) return [];
  return [
    ctx.diagnostic(
      Codes.HOST_LIMIT,
      'warning',
      `target nginx: limits.maxConnections ${ir.limits.maxConnections} needs ${sizing.rlimitNofile} file descriptors in each of nginx's ${sizing.workers} workers, more than the ${TYPICAL_HARD_FD_LIMIT} a typical host allows a process; nginx/run.sh refuses to start below that hard limit (raise it with ulimit -Hn or systemd LimitNOFILE, or lower limits.maxConnections)`,
      { element: 'gateway', name: ir.name, field: ['limits', 'maxConnections'] },
    ),
  ];
}

/** Everything the nginx templates print, decided here; diagnostics collect what nginx cannot do exactly. */
export function buildNginxView(ir: IrGateway, ctx: EmitContext): { view: NginxView; providers: NjsProvider[]; diagnostics: Diagnostic[]; shared: SharedMaps } {
  const diagnostics: Diagnostic[] = [];
  const providers = buildNjsProviders(ir);
  const shared = buildSharedMaps(ir);
  const needsNjs = ir.routes.some((r) => r.allowedOrigins !== null || r.auth.type === 'jwt') || ir.backends.some((b) => b.affinity?.type === 'cookie');
  const routeIndexed = <T>(pick: (index: number) => T | null): T[] =>
    ir.routes.flatMap((_, index) => {
      const item = pick(index);
      return item === null ? [] : [item];
    });
  const { servers, anyHostFiles } = buildServers({ ir, ctx, providers, diagnostics, shared, routeIndex: new Map(ir.routes.map((r, i) => [r, i])) });
  const view: NginxView = {
    specName: ctx.specName,
    proxyInclude: PROXY_INCLUDE,
    njsModulePath: needsNjs ? NJS_MODULE_PATH : null,
    main: buildMain(ir),
    hashes: hashSizes(ir, ctx),
    accessLog: ir.accessLog.enabled ? { json: ir.accessLog.format === 'json' } : null,
    originMaps: shared.origins.maps.map(({ index, values }) => ({ index, origins: values })),
    bearerMaps: shared.tokens.maps.map(({ index }) => ({ index, file: bearerMapPath(index) })),
    cookieMaps: buildCookieMaps(ir),
    keyMaps: buildKeyMaps(ir),
    zones: {
      conn: routeIndexed((index) => (ir.routes[index]?.rateLimit?.connectionsPerClient ? { index } : null)),
      req: routeIndexed((index) => {
        const rate = ir.routes[index]?.rateLimit?.handshakesPerSecondPerClient;
        return rate ? { index, rate } : null;
      }),
      backend: buildBackendZones(ir),
    },
    upstreams: buildUpstreams(ir),
    servers,
    anyHostFiles,
    metrics: buildMetricsServer(ir.metrics),
  };
  diagnostics.push(...dnsEndpointWarnings(ir, ctx), ...fdLimitWarnings(ir, ctx));
  return { view, providers, diagnostics, shared };
}

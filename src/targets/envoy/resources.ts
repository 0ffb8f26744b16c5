import type { IrGateway } from '../../ir/types.js';
import { parseTokens } from '../../spec/tokens.js';
import type { EmitContext } from '../target.js';
import { buildCluster, usesEds } from './cluster.js';
import { buildLoadAssignment } from './endpoints.js';
import { jwtAuthnConfig } from './filters/jwt-authn.js';
import { adminPort } from './bootstrap.js';
import { buildListener } from './listener.js';
import { buildAdminCluster, buildMetricsListener, buildMetricsRouteConfig } from './metrics.js';
import { HTTP_FILTERS } from './names.js';
import { buildRouteConfig, type TokensOf } from './route-config.js';
import { buildSecrets, type SecretMode } from './secret.js';
import type { EnvoyResources } from './types.js';

/** How resources are built: for xDS (RDS, EDS, SDS over ADS, secrets inline) or for the static bootstrap. */
export interface BuildOptions {
  /** xds (default) or static. */
  mode?: SecretMode;
}

function byName<T>(name: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0);
}

/** Reads each bearer route's tokens file once: distinct tokens, sorted, so file order never changes output. */
export function tokenReader(ctx: EmitContext): TokensOf {
  const cache = new Map<string, string[]>();
  return (route) => {
    if (route.auth.type !== 'bearer') return [];
    const file = route.auth.tokensFile;
    let tokens = cache.get(file);
    if (!tokens) {
      tokens = [...new Set(parseTokens(ctx.readFile(file)).map((t) => t.token))].sort();
      cache.set(file, tokens);
    }
    return tokens;
  };
}

/**
 * Every Envoy resource of a gateway as plain proto3-JSON data, each list sorted by name: what
 * `wsctl serve` sends over xDS and what the static bootstrap embeds. Listeners never contain routes
 * (RDS) nor JWT providers (ECDS), so a route edit changes RouteConfigurations (and the jwt_authn
 * extension config) only.
 */
export function buildEnvoyResources(ir: IrGateway, ctx: EmitContext, options: BuildOptions = {}): EnvoyResources {
  const mode = options.mode ?? 'xds';
  const tokensOf = tokenReader(ctx);
  const metrics = ir.metrics;
  return {
    listeners: [
      ...ir.listeners.map((l) => buildListener(l, ir, ctx, { kind: 'rds' }, mode)),
      ...(metrics ? [buildMetricsListener(metrics, { kind: 'rds' })] : []),
    ].sort(byName((l) => l.name)),
    routes: [...ir.listeners.map((l) => buildRouteConfig(l, ir, tokensOf)), ...(metrics ? [buildMetricsRouteConfig(metrics)] : [])].sort(byName((r) => r.name)),
    clusters: [...ir.backends.map((b) => buildCluster(b, ir, mode)), ...(metrics ? [buildAdminCluster(adminPort(ir))] : [])].sort(byName((c) => c.name)),
    endpoints: mode === 'xds' ? ir.backends.filter(usesEds).map(buildLoadAssignment).sort(byName((e) => e.cluster_name)) : [],
    secrets: buildSecrets(ir, ctx, mode),
    extensions: mode === 'xds' ? [{ name: HTTP_FILTERS.jwtAuthn, typed_config: jwtAuthnConfig(ir.authProviders, ctx) }] : [],
  };
}

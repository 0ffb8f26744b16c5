// tenants.ts — one route and one backend per tenant, made from a list: what YAML cannot do.
// Adding a tenant is one line in `tenants`; every tenant gets the same policy (an idle timeout scaled by
// plan, per-client limits by plan, an Origin allowlist on its own host), and a plan change is one edit.
// `wsctl validate examples/tenants.ts` · `wsctl compile examples/tenants.ts --target nginx --out out/`
import { backend, duration, file, gateway, listener, route, type DurationString, type RateLimitProps } from 'wsctl';

type Plan = 'free' | 'pro' | 'enterprise';

interface Tenant {
  /** DNS-label name: the route, the backend and the host name's first label. */
  readonly name: string;
  readonly plan: Plan;
  /** Upstream servers, host:port. */
  readonly servers: readonly string[];
  /** Clients present one of the static tokens in auth/tokens.txt. */
  readonly tokens?: boolean;
}

const tenants: readonly Tenant[] = [
  { name: 'acme', plan: 'enterprise', servers: ['10.1.0.10:9000', '10.1.0.11:9000'] },
  { name: 'globex', plan: 'pro', servers: ['10.2.0.10:9000'], tokens: true },
  { name: 'initech', plan: 'free', servers: ['10.3.0.10:9000'] },
];

const limits: Record<Plan, RateLimitProps> = {
  free: { connectionsPerClient: 2, handshakesPerSecondPerClient: 1 },
  pro: { connectionsPerClient: 20, handshakesPerSecondPerClient: 10, burst: 20 },
  enterprise: { connectionsPerClient: 100, handshakesPerSecondPerClient: 50, burst: 100 },
};

const idle: Record<Plan, DurationString> = { free: duration.minutes(1), pro: duration.minutes(10), enterprise: duration.hours(1) };

const publicListener = listener({ name: 'public', port: 8080 });

function tenantRoute(tenant: Tenant) {
  const host = `${tenant.name}.example.com`;
  const servers = backend({
    name: tenant.name,
    endpoints: tenant.servers.map((server) => {
      const [address = '', port = ''] = server.split(':');
      return { address, port: Number(port) };
    }),
  });
  return route({
    name: `${tenant.name}-ws`,
    listeners: [publicListener],
    match: { hosts: [host], path: '/ws' },
    backend: servers, // by object: the gateway collects the backends its routes use
    websocket: { idleTimeout: idle[tenant.plan], plainHttp: 'reject' },
    allowedOrigins: [`https://${host}`],
    auth: tenant.tokens ? { bearer: { tokensFile: file('auth/tokens.txt') } } : undefined,
    rateLimit: limits[tenant.plan],
  });
}

export default gateway({
  name: 'tenants',
  listeners: [publicListener],
  routes: tenants.map(tenantRoute),
  limits: { maxConnections: 4096, drainTimeout: duration.minutes(2) },
});

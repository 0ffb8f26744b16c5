import type { IrGateway } from '../ir/types.js';
import { MAX_STRESS_CONNECTIONS } from './plan.js';
import type { PlannedCheck, PlannedRoute } from './types.js';

/**
 * --stress, gateway-wide: limits.maxConnections sockets held open, then one more. The limit counts every
 * listener together, so the check is planned once, on the first probed route (of the first --url that
 * reaches one) where no smaller per-client or backend limit would refuse first; and only for a limit of
 * at most MAX_STRESS_CONNECTIONS, since filling the gateway refuses every other client meanwhile.
 * Returns the plans with the check added, or unchanged with a note saying why it is not run.
 */
export function planGatewayStress(ir: IrGateway, plans: PlannedRoute[][]): { plans: PlannedRoute[][]; note: string | null } {
  const limit = ir.limits.maxConnections;
  const notRun = (why: string): { plans: PlannedRoute[][]; note: string } => ({ plans, note: `gateway ${ir.name}: stress-max-connections not run: ${why}` });
  if (limit > MAX_STRESS_CONNECTIONS) {
    return notRun(`limits.maxConnections ${limit} is above the probe's bound of ${MAX_STRESS_CONNECTIONS} sockets (filling a gateway refuses every other client meanwhile)`);
  }
  for (const [i, plan] of plans.entries()) {
    for (const [j, planned] of plan.entries()) {
      const route = ir.routes.find((r) => r.name === planned.route);
      const upgrade = planned.checks.find((c) => c.check === 'upgrade');
      if (!route || !upgrade) continue;
      const perClient = route.rateLimit?.connectionsPerClient ?? null;
      const backendCap = ir.backends.find((b) => b.name === route.backend)?.maxConnections ?? null;
      if ((perClient !== null && perClient <= limit) || (backendCap !== null && backendCap <= limit)) continue;
      const gapMs = (route.rateLimit?.handshakesPerSecondPerClient ?? null) === null ? 0 : planned.gapMs;
      const check: PlannedCheck = { check: 'stress-max-connections', request: upgrade.request, upgrade: true, expect: { kind: 'over-gateway-connections', limit, gapMs } };
      const withCheck = plans.map((p, pi) => (pi !== i ? p : p.map((r, ri) => (ri !== j ? r : { ...r, checks: [...r.checks, check] }))));
      return { plans: withCheck, note: null };
    }
  }
  return notRun(`every probed route has a per-client or backend connection limit of at most ${limit}, which would refuse first`);
}

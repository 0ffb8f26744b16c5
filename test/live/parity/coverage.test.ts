import { describe, expect, it } from 'vitest';
import { FEATURES, type Feature } from '../../../src/targets/features.js';
import { haproxyCapabilities } from '../../../src/targets/haproxy/capabilities.js';
import { SCENARIOS } from './scenarios.js';
import { DOCKER_ONLY_TARGETS, NATIVE_TARGETS, proxyTargets, unprovenClaims } from './targets.js';

describe('parity coverage', () => {
  it('has a scenario proving every feature a target claims', () => {
    const gaps = proxyTargets().map((t) => ({ target: t.name, unproven: unprovenClaims(t.capabilities, SCENARIOS) }));
    expect(gaps.filter((g) => g.unproven.length)).toEqual([]);
  });

  it('knows how to run every target: natively here, or through the docker runner', () => {
    const known = new Set<string>([...NATIVE_TARGETS, ...DOCKER_ONLY_TARGETS]);
    expect(proxyTargets().map((t) => t.name).filter((name) => !known.has(name))).toEqual([]);
  });

  it('tags scenarios with real feature ids only', () => {
    const unknown = SCENARIOS.flatMap((s) => s.features).filter((f) => !(f in FEATURES));
    expect(unknown).toEqual([]);
  });

  it('catches a claim without a scenario', () => {
    const overclaiming = { ...haproxyCapabilities, 'max-duration': { level: 'yes', how: 'pretend' } } as const;
    const withoutMaxDuration = SCENARIOS.filter((s) => !s.features.includes('max-duration' as Feature));
    expect(unprovenClaims(overclaiming, withoutMaxDuration)).toEqual(['max-duration']);
  });
});

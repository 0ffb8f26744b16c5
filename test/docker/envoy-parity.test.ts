/**
 * The parity scenarios on Envoy, which has no native binary here: run in Docker (see test/docker/run.mjs).
 * Skipped, with the reason printed, where no Docker engine answers.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, describe, it } from 'vitest';
import { makeWorkDir } from '../live/harness/gateway.js';
import type { ParityContext } from '../live/parity/kit.js';
import { SCENARIOS } from '../live/parity/scenarios.js';
import { claims } from '../live/parity/targets.js';
import { envoyCapabilities } from '../../src/targets/envoy/capabilities.js';
import { dockerUnavailable } from './docker.js';
import { envoyDockerRunner } from './envoy-runner.js';

const unavailable = dockerUnavailable();
if (unavailable) process.stdout.write(`skipping Envoy parity scenarios: ${unavailable}\n`);

const work = makeWorkDir('envoy-docker');
let counter = 0;
afterAll(() => work.cleanup());

describe.skipIf(unavailable !== undefined)('parity on envoy (docker)', () => {
  for (const scenario of SCENARIOS.filter((s) => claims(envoyCapabilities, s))) {
    it(`${scenario.name} [${scenario.features.join(', ')}]`, { timeout: 60_000 }, async () => {
      const steps: (() => Promise<void> | void)[] = [];
      const ctx: ParityContext = { runner: envoyDockerRunner, dir: `${work.dir}/envoy-${++counter}`, defer: (step) => steps.push(step) };
      mkdirSync(ctx.dir, { recursive: true });
      try {
        await scenario.run(ctx);
      } finally {
        for (const step of steps.reverse()) await step();
      }
    });
  }
});

/**
 * The parity suite: every scenario runs against every native target whose capability table claims all
 * of its features. A target's claims and the scenarios that run on it come from the same declaration.
 */
import { afterAll, describe, it } from 'vitest';
import { cloudflareRunner, workerdUnavailable } from '../cloudflare/runner.js';
import { envoyRunner } from '../envoy/runner.js';
import { envoyUnavailable } from '../harness/binaries.js';
import type { GatewayRunner } from '../harness/gateway.js';
import { makeWorkDir } from '../harness/gateway.js';
import { stopAllProcesses } from '../harness/processes.js';
import { haproxyRunner } from '../haproxy/runner.js';
import { nginxRunner } from '../nginx/runner.js';
import type { ParityContext } from './kit.js';
import { SCENARIOS } from './scenarios.js';
import { claims, proxyTargets } from './targets.js';

const RUNNERS: Record<string, GatewayRunner> = { cloudflare: cloudflareRunner, envoy: envoyRunner, haproxy: haproxyRunner, nginx: nginxRunner };
/** Why a target cannot run here (only Envoy and workerd can be missing, and only outside CI: under CI=true this throws). */
const UNAVAILABLE: Record<string, string | undefined> = { envoy: envoyUnavailable(), cloudflare: workerdUnavailable() };
const work = makeWorkDir('parity');
let counter = 0;

afterAll(async () => {
  await stopAllProcesses();
  work.cleanup();
});

/** Runs one scenario with its own directory and teardown. */
async function runScenario(runner: GatewayRunner, scenario: (typeof SCENARIOS)[number]): Promise<void> {
  const steps: (() => Promise<void> | void)[] = [];
  const ctx: ParityContext = { runner, dir: `${work.dir}/${runner.target}-${++counter}`, defer: (step) => steps.push(step) };
  const { mkdirSync } = await import('node:fs');
  mkdirSync(ctx.dir, { recursive: true });
  try {
    await scenario.run(ctx);
  } finally {
    for (const step of steps.reverse()) await step();
  }
}

const only = process.env.PARITY_TARGET;
for (const target of proxyTargets()) {
  const runner = RUNNERS[target.name];
  if (!runner || (only && only !== target.name)) continue;
  const unavailable = UNAVAILABLE[target.name];
  if (unavailable) process.stdout.write(`skipping parity on ${target.name}: ${unavailable}\n`);
  describe.skipIf(unavailable !== undefined)(`parity on ${target.name}`, () => {
    for (const scenario of SCENARIOS.filter((s) => claims(target.capabilities, s))) {
      it(`${scenario.name} [${scenario.features.join(', ')}]`, { timeout: 30_000 }, () => runScenario(runner, scenario));
    }
  });
}

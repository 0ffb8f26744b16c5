import type { RunningProxy } from './apply.js';
import { isAlive } from './proc.js';
import type { Generation, GenerationStatus, ReloadStep } from './types.js';

/** The generations of a running proxy, summed up against the budget. */
export async function generationStatus(proxy: RunningProxy, budget: number): Promise<GenerationStatus> {
  const generations = await proxy.generations();
  return {
    generations,
    draining: generations.filter((g) => !g.current).length,
    budget,
    rssBytes: generations.reduce((sum, g) => sum + g.rssBytes, 0),
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Holds a proxy to limits.maxDrainingGenerations: past the budget, the oldest draining generations are
 * closed on purpose (SIGTERM to their workers: nginx's fast shutdown and haproxy's hard stop close their
 * sockets) and logged as a step. Only generations still alive count: one whose sockets are gone has
 * exited. (HAProxy's mworker-max-reloads would count reloads instead, and close a worker holding the
 * only draining sockets after N reloads: the very drop of issue #12.)
 */
export async function enforceBudget(proxy: RunningProxy, budget: number, steps: ReloadStep[]): Promise<GenerationStatus> {
  const status = await generationStatus(proxy, budget);
  if (status.draining <= budget) return status;
  const draining = status.generations.filter((g) => !g.current);
  const closing = draining.slice(0, draining.length - budget);
  for (const generation of closing) {
    for (const pid of generation.pids) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    steps.push({ kind: 'budget', message: `closed the oldest draining generation (workers ${generation.pids.join(', ')}, ${describe(generation)}): ${draining.length} draining generations exceed limits.maxDrainingGenerations ${budget}` });
  }
  const pids = closing.flatMap((g) => g.pids);
  const deadline = Date.now() + 5_000;
  while (pids.some(isAlive) && Date.now() < deadline) await sleep(20);
  return generationStatus(proxy, budget);
}

function describe(generation: Generation): string {
  return `${(generation.rssBytes / 1048576).toFixed(1)} MiB, ${generation.ageSeconds} s old`;
}

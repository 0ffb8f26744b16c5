import { join } from 'node:path';
import { findRunningProxy } from './apply.js';
import { enforceBudget, generationStatus } from './budget.js';
import { readLiveState } from './live-state.js';
import { acquireReloadLock } from './lock.js';
import type { ReloadReport, ReloadStep, ReloadTarget } from './types.js';

/** How often `wsctl reload --watch` holds the running proxy to its budget between spec changes, by default. */
export const BUDGET_CHECK_MS = 5_000;

/**
 * One periodic budget check: when the proxy running on DIR has more draining generations than the
 * budget (reloads by anyone: `nginx -s reload`, systemd, the haproxy master CLI), closes the oldest past
 * it, as `wsctl reload` does after a change. The reload lock is taken only then, and never waited for: a
 * check that finds another run holding it is skipped (that run enforces the budget itself when done), so
 * a quiet watch never makes a concurrent `wsctl reload` refuse. Returns the report when it closed a
 * generation, else null.
 */
export async function checkBudgetOnce(target: ReloadTarget, outDir: string, budget: number): Promise<ReloadReport | null> {
  const configDir = join(outDir, target);
  const seen = await findRunningProxy(target, configDir);
  if (!seen || (await generationStatus(seen, budget)).draining <= budget) return null;
  const lock = acquireReloadLock(configDir);
  if ('heldBy' in lock) return null;
  try {
    // found again under the lock: a run that held it may have reloaded or closed generations meanwhile
    const proxy = await findRunningProxy(target, configDir);
    if (!proxy) return null;
    const steps: ReloadStep[] = [];
    const status = await enforceBudget(proxy, budget, steps);
    if (steps.length === 0) return null;
    const version = readLiveState(outDir, target)?.version ?? null;
    const reason = `periodic budget check: more than ${budget} draining generations (reloads made outside this watch), the oldest past the budget closed; the config is unchanged`;
    return { ok: true, target, decision: 'unchanged', reason, steps, version, previousVersion: version, changedFiles: [], status };
  } finally {
    lock.release();
  }
}

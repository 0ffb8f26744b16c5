import { watch } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { BUDGET_CHECK_MS, checkBudgetOnce } from './budget-check.js';
import { reloadGateway, type ReloadOptions, type ReloadRun } from './reload.js';
import type { ReloadReport } from './types.js';

/** A run in watch mode: a spec run (at start, or after changes) or a periodic budget check that closed generations. */
export interface WatchRun extends ReloadRun {
  /** File change events coalesced into this run (0 for the first run at start and for budget checks). */
  events: number;
  /** What started it: the spec (at start or after changes), or the periodic budget check. */
  trigger: 'spec' | 'budget';
}

/**
 * Applies FILE once, then again whenever the spec's directory changes, coalescing bursts: a run starts
 * only after `quietMs` without any further change, and changes that arrive during a run lead to exactly
 * one more run after it. So a burst of edits (an editor's save, a CI checkout, a script writing several
 * files) costs one check and at most one reload. Every `budgetEveryMs` (5 s by default) between runs it
 * also holds the running proxy to limits.maxDrainingGenerations of the last applied spec, so reloads made
 * by something else keep within budget too; a check is reported only when it closed a generation.
 * Runs and checks never overlap. Stops when the signal aborts.
 */
export async function watchAndReload(options: ReloadOptions, quietMs: number, onRun: (run: WatchRun) => void, signal: AbortSignal, budgetEveryMs = BUDGET_CHECK_MS): Promise<void> {
  let budget: number | null = null;
  const applied = (run: ReloadRun, events: number): void => {
    // the live version's budget: a refused spec's own does not apply
    if (run.budget !== null && (run.report.ok || budget === null)) budget = run.budget;
    onRun({ ...run, events, trigger: 'spec' });
  };
  applied(await reloadGateway(options), 0);
  const dir = dirname(resolve(options.file));
  let events = 0;
  let timer: NodeJS.Timeout | undefined;
  let busy: Promise<void> | null = null;
  const idle = (): void => {
    busy = null;
    if (events > 0 && !timer) timer = setTimeout(start, quietMs);
  };
  const start = (): void => {
    timer = undefined;
    if (busy) return;
    const taken = events;
    events = 0;
    busy = reloadGateway(options)
      .then((run) => applied(run, taken))
      .finally(idle);
  };
  const checkBudget = (): void => {
    if (busy || budget === null) return;
    const limit = budget;
    busy = checkBudgetOnce(options.target, options.outDir, limit)
      .catch((error: unknown): ReloadReport => budgetCheckFailed(options, error))
      .then((report) => {
        if (report) onRun({ report, diagnostics: [], budget: limit, events: 0, trigger: 'budget' });
      })
      .finally(idle);
  };
  const ticker = setInterval(checkBudget, budgetEveryMs);
  const watcher = watch(dir, (_event, name) => {
    // the state file and outputs may live under the spec's directory: only spec-side changes count
    if (name && basename(String(name)).endsWith('.tmp')) return;
    if (name && resolve(dir, String(name)).startsWith(resolve(options.outDir))) return;
    events += 1;
    if (timer) clearTimeout(timer);
    if (!busy) timer = setTimeout(start, quietMs);
  });
  await new Promise<void>((done) => {
    if (signal.aborted) done();
    signal.addEventListener('abort', () => done(), { once: true });
  });
  clearInterval(ticker);
  watcher.close();
  if (timer) clearTimeout(timer);
  await busy;
}

/** The report of a budget check that could not run (the proxy's state could not be read): the watch goes on. */
function budgetCheckFailed(options: ReloadOptions, error: unknown): ReloadReport {
  const reason = `periodic budget check failed: ${error instanceof Error ? error.message : String(error)}`;
  return { ok: false, target: options.target, decision: 'unchanged', reason, steps: [], version: null, previousVersion: null, changedFiles: [], status: null };
}

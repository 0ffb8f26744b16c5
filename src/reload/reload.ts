import { join } from 'node:path';
import { compileFile } from '../compile/compile-file.js';
import { hasErrors, type Diagnostic } from '../diag/diagnostic.js';
import { planOutputs, settleOutputs, stageOutputs } from '../output/replace.js';
import { findRunningProxy, type RunningProxy } from './apply.js';
import { enforceBudget, generationStatus } from './budget.js';
import { checkHaproxy } from './haproxy-proxy.js';
import { bundleVersion, contentHash, hashFiles, readLiveState, writeLiveState, type LiveState } from './live-state.js';
import { acquireReloadLock, reloadLockPath } from './lock.js';
import { checkNginx } from './nginx-proxy.js';
import { restoreSnapshot, snapshotFiles } from './snapshot.js';
import type { ReloadReport, ReloadStep, ReloadTarget } from './types.js';

/** Options of `wsctl reload`. */
export interface ReloadOptions {
  /** Spec file. */
  file: string;
  /** Proxy target. */
  target: ReloadTarget;
  /** Output directory the running proxy was started from (DIR, holding DIR/<target>). */
  outDir: string;
  /** Which gateway, when the file holds several. */
  gateway?: string;
  /** Accept documented fallbacks for degraded features. */
  allowDegraded?: boolean;
  /** Only report the live generations against the budget: nothing is written, applied or closed. */
  statusOnly?: boolean;
}

/** What a reload run produced: the report, and the spec's diagnostics. */
export interface ReloadRun {
  /** What was done. */
  report: ReloadReport;
  /** Validation and compile diagnostics. */
  diagnostics: Diagnostic[];
  /** limits.maxDrainingGenerations of the spec, null when it did not compile. */
  budget: number | null;
}

/**
 * Recompiles FILE into DIR and applies it to the proxy running there with the least disruption: nothing
 * when the live files already match; endpoint-only changes through HAProxy's Runtime API; anything else
 * checked by the proxy (`nginx -t`, `haproxy -c`) and then one graceful reload. A refused check or a
 * failed reload puts the running version's files back on disk. Files an earlier run generated that the
 * spec no longer does are removed only once the proxy took the new config (a refused one keeps them).
 * Afterwards, draining generations past limits.maxDrainingGenerations are closed, oldest first.
 */
export async function reloadGateway(options: ReloadOptions): Promise<ReloadRun> {
  if (options.statusOnly) return reloadLocked(options);
  const configDir = join(options.outDir, options.target);
  const lock = acquireReloadLock(configDir);
  if ('heldBy' in lock) {
    const reason = `another wsctl reload (pid ${lock.heldBy}) is applying a change to ${configDir}; nothing was written or reloaded. Run again when it is done (a lock whose process is gone is taken over: ${reloadLockPath(configDir)})`;
    const report: ReloadReport = { target: options.target, steps: [], version: null, previousVersion: null, changedFiles: [], status: null, ok: false, decision: 'refused', reason };
    return { report, diagnostics: [], budget: null };
  }
  try {
    return await reloadLocked(options);
  } finally {
    lock.release();
  }
}

/** reloadGateway's work, under the folder's reload lock (or read-only, for --status). */
async function reloadLocked(options: ReloadOptions): Promise<ReloadRun> {
  const { target, outDir } = options;
  const steps: ReloadStep[] = [];
  const report = (fields: Pick<ReloadReport, 'ok' | 'decision' | 'reason'> & Partial<ReloadReport>): ReloadReport => ({
    target, steps, version: null, previousVersion: null, changedFiles: [], status: null, ...fields,
  });
  const compiled = compileFile(options.file, { target, outDir, gateway: options.gateway, allowDegraded: options.allowDegraded, check: true });
  if (!compiled.ir || hasErrors(compiled.diagnostics) || compiled.files.length === 0) {
    return { report: report({ ok: false, decision: 'refused', reason: `${options.file} does not compile for ${target}; nothing was written or reloaded` }), diagnostics: compiled.diagnostics, budget: null };
  }
  const ir = compiled.ir;
  const next = new Map(compiled.files.map((f) => [f.path, f.content]));
  const version = bundleVersion(hashFiles(compiled.files));
  const state = readLiveState(outDir, target);
  const plan = planOutputs(outDir, compiled.files);
  // the manifests too, so a refused config brings back the old list of generated files with them
  const snapshot = snapshotFiles(outDir, [...next.keys(), ...plan.pending.map((m) => m.path)]);
  const running = new Map([...snapshot.files].flatMap(([path, f]) => (f && next.has(path) ? [[path, f.content] as const] : [])));
  const changedFiles = [...next.keys()].filter((p) => running.get(p) !== next.get(p));
  const configDir = join(outDir, target);
  const proxy = await findRunningProxy(target, configDir);
  const drifted = state ? Object.entries(state.files).some(([path, hash]) => next.has(path) && running.has(path) && contentHash(running.get(path) ?? '') !== hash) : false;
  const previousVersion = state && !drifted ? state.version : null;
  const base = { version, previousVersion, changedFiles };
  const finish = async (fields: Pick<ReloadReport, 'ok' | 'decision' | 'reason'>, via?: LiveState['via']): Promise<ReloadRun> => {
    // stale files go last, once the proxy accepted the new set (or none runs): a refused one keeps them
    const removed = fields.ok ? settleOutputs(outDir, plan) : [];
    if (removed.length) steps.push({ kind: 'remove', message: `removed files the spec no longer generates: ${removed.join(', ')}` });
    if (via && proxy) writeLiveState(outDir, { target, version, files: hashFiles(compiled.files), appliedAt: new Date().toISOString(), via });
    const status = proxy ? await enforceBudget(proxy, ir.limits.maxDrainingGenerations, steps) : null;
    return { report: report({ ...fields, ...base, status }), diagnostics: compiled.diagnostics, budget: ir.limits.maxDrainingGenerations };
  };
  if (options.statusOnly) {
    const status = proxy ? await generationStatus(proxy, ir.limits.maxDrainingGenerations) : null;
    const reason = proxy ? `status only; ${changedFiles.length} generated file(s) differ from ${configDir}` : `no ${target} runs on ${configDir}`;
    return { report: report({ ok: true, decision: proxy ? 'unchanged' : 'not-running', reason, version, previousVersion, changedFiles, status }), diagnostics: compiled.diagnostics, budget: ir.limits.maxDrainingGenerations };
  }
  if (drifted) steps.push({ kind: 'state', message: `the files in ${configDir} are not the live version ${state?.version ?? ''} that wsctl-live.json records; what runs is unknown, so the change is checked and reloaded` });
  if (changedFiles.length === 0 && !drifted) {
    if (!proxy) return finish({ ok: true, decision: 'not-running', reason: `no ${target} runs on ${configDir}; its files are already up to date` });
    // endpoints left in maintenance by an earlier run (their sockets were still open) are deleted now
    const cleanup = await proxy.applyLive(running, next, () => undefined);
    if (cleanup?.length) steps.push(...cleanup);
    if (!state) steps.push({ kind: 'state', message: `no wsctl-live.json yet: the files in ${configDir} are taken as what runs (version ${version})` });
    return finish({ ok: true, decision: 'unchanged', reason: `the running ${target} already serves version ${version}` }, state ? undefined : 'adopted');
  }
  stageOutputs(outDir, plan);
  steps.push({ kind: 'write', message: `wrote ${changedFiles.join(', ')}` });
  const refuse = (reason: string): Promise<ReloadRun> => {
    const restored = restoreSnapshot(snapshot);
    steps.push({ kind: 'restore', message: `put the running version's files back: ${restored.join(', ')}` });
    return finish({ ok: false, decision: 'refused', reason });
  };
  const checked = (proxy ?? checkOnly(target, configDir)).check();
  if (checked.status !== 0) return refuse(`${target} refused the new config, so the running one stays:\n${checked.output.trim()}`);
  steps.push({ kind: 'check', message: `${target === 'nginx' ? 'nginx -t' : 'haproxy -c'}: the new config is valid` });
  if (!proxy) return finish({ ok: true, decision: 'not-running', reason: `no ${target} runs on ${configDir}: files written and checked, nothing to apply` });
  let why = drifted ? 'the live files are unknown' : '';
  const live = drifted ? null : await proxy.applyLive(running, next, (reason) => (why = reason));
  if (live) {
    steps.push(...live);
    return finish({ ok: true, decision: 'runtime', reason: `only endpoints changed: applied through the Runtime API, no reload` }, 'runtime');
  }
  try {
    await proxy.reload();
  } catch (error) {
    return refuse(`the reload failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  steps.push({ kind: 'reload', message: `one graceful reload of ${target} (master ${proxy.masterPid}) because ${why}` });
  return finish({ ok: true, decision: 'reload', reason: `reloaded once because ${why}` }, 'reload');
}

/** A stand-in that can only check, for a proxy that is not running. */
function checkOnly(target: ReloadTarget, configDir: string): Pick<RunningProxy, 'check'> {
  return { check: () => (target === 'nginx' ? checkNginx(configDir) : checkHaproxy(configDir)) };
}

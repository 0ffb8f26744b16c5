import type { CommandResult } from './binaries.js';
import { configSkeleton } from './haproxy-servers.js';
import { planServerChanges, runServerChanges, verifyServers } from './haproxy-runtime.js';
import { checkHaproxy, haproxyGenerations, haproxyMaster, masterSocket, reloadHaproxy } from './haproxy-proxy.js';
import { checkNginx, nginxGenerations, nginxMaster, reloadNginx } from './nginx-proxy.js';
import type { Generation, ReloadStep, ReloadTarget } from './types.js';

/** A running proxy wsctl reload can check, reload and inspect. */
export interface RunningProxy {
  /** Master PID. */
  masterPid: number;
  /** The proxy's own check of the config on disk. */
  check(): CommandResult;
  /** One graceful reload; resolves once new workers serve. */
  reload(): Promise<void>;
  /** Worker generations, oldest first. */
  generations(): Promise<Generation[]>;
  /**
   * Applies a change without a reload when the proxy can: returns the steps taken, or null when a
   * reload is needed (with the reason in `why`).
   */
  applyLive(running: Map<string, string>, next: Map<string, string>, why: (reason: string) => void): Promise<ReloadStep[] | null>;
}

/** The proxy running on DIR/<target>, or null when none answers. */
export async function findRunningProxy(target: ReloadTarget, configDir: string): Promise<RunningProxy | null> {
  return target === 'nginx' ? nginxProxy(configDir) : haproxyProxy(configDir);
}

function nginxProxy(prefix: string): RunningProxy | null {
  const master = nginxMaster(prefix);
  if (master === null) return null;
  return {
    masterPid: master,
    check: () => checkNginx(prefix),
    reload: () => reloadNginx(prefix, master),
    generations: async () => nginxGenerations(master, prefix),
    async applyLive(_running, _next, why) {
      why('nginx OSS applies any config change by a reload');
      return null;
    },
  };
}

const CONFIG = 'haproxy/haproxy.cfg';

async function haproxyProxy(configDir: string): Promise<RunningProxy | null> {
  const procs = await haproxyMaster(configDir);
  if (procs === null) return null;
  const socket = masterSocket(configDir);
  return {
    masterPid: procs.masterPid,
    check: () => checkHaproxy(configDir),
    async reload() {
      const before = await haproxyMaster(configDir);
      if (!before) throw new Error(`the haproxy master on ${socket} stopped answering`);
      await reloadHaproxy(configDir, before);
    },
    async generations() {
      const now = await haproxyMaster(configDir);
      return now ? haproxyGenerations(now) : [];
    },
    async applyLive(running, next, why) {
      const changed = [...new Set([...running.keys(), ...next.keys()])].filter((p) => running.get(p) !== next.get(p));
      const others = changed.filter((p) => p !== CONFIG);
      if (others.length) return (why(`files besides haproxy.cfg changed (${others.join(', ')})`), null);
      const before = running.get(CONFIG) ?? '';
      const after = next.get(CONFIG) ?? '';
      if (configSkeleton(before) !== configSkeleton(after)) return (why('haproxy.cfg changed beyond its server lines'), null);
      const plan = await planServerChanges(socket, before, after);
      if (!plan.ok) return (why(plan.reason), null);
      const outcome = await runServerChanges(socket, plan.commands);
      if (outcome.error) return (why(`the Runtime API refused a change: ${outcome.error}`), null);
      const mismatch = await verifyServers(socket, after);
      if (mismatch) return (why(`after the Runtime API changes, ${mismatch}`), null);
      const steps: ReloadStep[] = outcome.applied.map((command) => ({ kind: 'runtime', message: command }));
      for (const p of outcome.pending) {
        steps.push({ kind: 'runtime', message: `${p.command}: refused while live sockets remain ("${p.answer}"); the server stays in maintenance (no new connections) and the next wsctl reload deletes it` });
      }
      return steps;
    },
  };
}

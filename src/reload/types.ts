/** Targets `wsctl reload` can apply to a running proxy. */
export type ReloadTarget = 'nginx' | 'haproxy';

/** How a change was applied, from least to most disruptive. */
export type ReloadDecision =
  /** The running proxy already serves these files. */
  | 'unchanged'
  /** Endpoint-only change applied through HAProxy's Runtime API: no reload. */
  | 'runtime'
  /** Config checked, then one graceful reload. */
  | 'reload'
  /** No proxy runs on DIR: files written and checked, nothing to apply. */
  | 'not-running'
  /** Invalid spec or a config the proxy's own check refused: the files of the running version are back on disk. */
  | 'refused';

/** One step taken, in order, with why. */
export interface ReloadStep {
  /** What kind of step. */
  kind: 'compile' | 'write' | 'check' | 'runtime' | 'reload' | 'remove' | 'restore' | 'budget' | 'state';
  /** What was done, and why. */
  message: string;
}

/** A generation of proxy worker processes: the current one, or one still draining after a reload. */
export interface Generation {
  /** Worker PIDs of this generation. */
  pids: number[];
  /** True for the generation serving new connections. */
  current: boolean;
  /** Resident memory of its workers, bytes. */
  rssBytes: number;
  /** Seconds since its oldest worker started. */
  ageSeconds: number;
}

/** Live worker generations of a proxy and the budget they are held to. */
export interface GenerationStatus {
  /** Every worker generation, oldest first. */
  generations: Generation[];
  /** Generations still draining after a reload. */
  draining: number;
  /** limits.maxDrainingGenerations of the live version. */
  budget: number;
  /** Resident memory of every worker, bytes. */
  rssBytes: number;
}

/** What `wsctl reload` did. */
export interface ReloadReport {
  /** True unless the change was refused or applying failed. */
  ok: boolean;
  /** Proxy target. */
  target: ReloadTarget;
  /** How the change was applied. */
  decision: ReloadDecision;
  /** Why, in one sentence. */
  reason: string;
  /** Steps in order. */
  steps: ReloadStep[];
  /** Content version live after this run (sha256 of the generated files). */
  version: string | null;
  /** Content version live before it, when known. */
  previousVersion: string | null;
  /** Generated files that changed. */
  changedFiles: string[];
  /** Generations after this run (null when the proxy does not run). */
  status: GenerationStatus | null;
}

import type { GenerationStatus, ReloadReport } from './types.js';

const mib = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MiB`;

/** The generations line of a report: how many drain, their memory, and the budget. */
export function formatStatus(status: GenerationStatus): string {
  const lines = [`generations: ${status.draining} draining of at most ${status.budget} (limits.maxDrainingGenerations), ${mib(status.rssBytes)} resident in all workers`];
  for (const g of status.generations) {
    lines.push(`  ${g.current ? 'current ' : 'draining'} workers ${g.pids.join(',')}  ${mib(g.rssBytes)}  ${g.ageSeconds} s old`);
  }
  return `${lines.join('\n')}\n`;
}

/** A reload report for people: the decision and why, each step, then the generations. */
export function formatReport(report: ReloadReport): string {
  const head = `${report.target}: ${report.decision}${report.version ? ` (version ${report.previousVersion ?? '?'} -> ${report.version})` : ''}: ${report.reason}`;
  const steps = report.steps.map((s) => `  ${s.kind}: ${s.message}`);
  return `${[head, ...steps].join('\n')}\n${report.status ? formatStatus(report.status) : ''}`;
}

import { Args, Flags } from '@oclif/core';
import { parseDuration } from '../../spec/duration.js';
import { formatReport } from '../../reload/format.js';
import { reloadGateway, type ReloadOptions } from '../../reload/reload.js';
import type { ReloadTarget } from '../../reload/types.js';
import { watchAndReload } from '../../reload/watch.js';
import { ExpectedError, WsctlCommand } from '../base.js';
import { stopWhenNpmParentDies } from '../npm-parent.js';

/** wsctl reload FILE --target nginx|haproxy --out DIR [--watch]. */
export default class Reload extends WsctlCommand {
  static override description =
    'Recompile a spec into DIR and apply it to the proxy running there with the least disruption: endpoint-only changes through the HAProxy Runtime API (no reload), anything else checked by the proxy, then one graceful reload; a refused config leaves the running files in place. Closes the oldest draining generations past limits.maxDrainingGenerations (with --watch also every --budget-interval, whoever reloaded the proxy) and prints the live ones (count, memory).';
  static override examples = [
    '<%= config.bin %> reload gateway.yaml --target haproxy --out out/',
    '<%= config.bin %> reload gateway.yaml --target nginx --out out/ --watch --debounce 1s',
    '<%= config.bin %> reload gateway.yaml --target nginx --out out/ --status',
  ];
  static override args = { file: Args.string({ description: 'spec file', required: true }) };
  static override flags = {
    target: Flags.string({ char: 't', description: 'the running proxy', options: ['nginx', 'haproxy'], required: true }),
    out: Flags.string({ char: 'o', description: 'output directory the proxy was started from', required: true }),
    gateway: Flags.string({ description: 'gateway name, when the file holds several' }),
    'allow-degraded': Flags.boolean({ description: 'accept documented fallbacks for features a target cannot honour exactly', default: false }),
    status: Flags.boolean({ description: 'only print the live worker generations (count, memory) against limits.maxDrainingGenerations; change nothing', default: false, exclusive: ['watch'] }),
    watch: Flags.boolean({ description: "keep running: apply again whenever the spec's directory changes, one run per burst of changes", default: false }),
    debounce: Flags.string({ description: 'with --watch: quiet time that ends a burst of changes', default: '500ms' }),
    'budget-interval': Flags.string({ description: 'with --watch: how often the running proxy is held to limits.maxDrainingGenerations between changes (reloads made by others included)', default: '5s' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Reload);
    const options: ReloadOptions = { file: args.file, target: flags.target as ReloadTarget, outDir: flags.out, gateway: flags.gateway, allowDegraded: flags['allow-degraded'], statusOnly: flags.status };
    if (!flags.watch) {
      const { report, diagnostics } = await reloadGateway(options);
      if (flags.json) this.printJson({ ...report, diagnostics });
      else {
        this.printDiagnostics(diagnostics);
        process.stdout.write(formatReport(report));
      }
      return this.finish(report.ok ? 0 : 1);
    }
    const quiet = positiveDuration('--debounce', flags.debounce);
    const every = positiveDuration('--budget-interval', flags['budget-interval']);
    const abort = new AbortController();
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => abort.abort());
    stopWhenNpmParentDies(() => abort.abort());
    await watchAndReload(options, quiet, (run) => {
      if (flags.json) process.stdout.write(`${JSON.stringify({ ...run.report, trigger: run.trigger, events: run.events, diagnostics: run.diagnostics })}\n`);
      else {
        this.printDiagnostics(run.diagnostics);
        const why = run.trigger === 'budget' ? 'periodic budget check' : `${run.events} change event(s)`;
        process.stdout.write(`${new Date().toISOString()} (${why})\n${formatReport(run.report)}`);
      }
    }, abort.signal, every);
  }
}

/** A flag's duration in ms; exit 2 unless it is a positive duration. */
function positiveDuration(flag: string, value: string): number {
  let ms: number | 'off' = 0;
  try {
    ms = parseDuration(value);
  } catch {
    ms = 0;
  }
  if (typeof ms !== 'number' || ms <= 0) throw new ExpectedError(`${flag} ${value} is not a positive duration`, 2);
  return ms;
}

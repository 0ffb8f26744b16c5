import { Args, Flags } from '@oclif/core';
import { formatProbeReport, probeGateway, ProbeInputError } from '../../probe/probe.js';
import { ExpectedError, WsctlCommand } from '../base.js';

/** wsctl probe FILE --url URL: checks a running gateway against what its spec says, from outside. */
export default class Probe extends WsctlCommand {
  static override description = 'Check a running gateway against its spec: upgrade, 426, Origin allowlist, missing token; exit 1 on any failure.';
  static override examples = [
    '<%= config.bin %> probe gateway.yaml --url ws://127.0.0.1:8080',
    '<%= config.bin %> probe gateway.yaml --url wss://chat.example.com --route chat --token-file token.txt --json',
  ];
  static override args = { file: Args.string({ description: 'spec file the gateway was compiled from', required: true }) };
  static override flags = {
    url: Flags.string({ description: 'gateway address, ws[s]://host[:port] (paths and Host headers come from the spec)', required: true }),
    route: Flags.string({ description: 'probe only this route (repeatable)', multiple: true }),
    'token-file': Flags.string({ description: 'file with a valid token for auth routes (never forged by wsctl)' }),
    insecure: Flags.boolean({ description: 'do not verify the TLS certificate', default: false }),
    'time-limit': Flags.integer({ description: 'seconds for the whole run', default: 60, min: 1 }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Probe);
    let report;
    try {
      report = await probeGateway(args.file, {
        url: flags.url,
        routes: flags.route ?? [],
        tokenFile: flags['token-file'] ?? null,
        insecure: flags.insecure,
        timeLimitMs: flags['time-limit'] * 1000,
      });
    } catch (error) {
      if (error instanceof ProbeInputError || (error as NodeJS.ErrnoException).code === 'ENOENT') throw new ExpectedError((error as Error).message);
      throw error;
    }
    if (flags.json) this.printJson(report);
    else process.stdout.write(formatProbeReport(report));
    this.finish(report.ok ? 0 : 1);
  }
}

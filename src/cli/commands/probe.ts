import { Args, Flags } from '@oclif/core';
import { formatProbeReport, probeGateway, ProbeInputError } from '../../probe/probe.js';
import { ExpectedError, WsctlCommand } from '../base.js';

/** wsctl probe FILE --url URL: checks a running gateway against what its spec says, from outside. */
export default class Probe extends WsctlCommand {
  static override description = 'Check a running gateway against its spec: upgrade and echo, 426, Origin allowlist, tokens, affinity, idle timeout and max duration (--slow), limits (--stress); exit 1 on any failure.';
  static override examples = [
    '<%= config.bin %> probe gateway.yaml --url ws://127.0.0.1:8080',
    '<%= config.bin %> probe gateway.yaml --url wss://chat.example.com --route chat --token-file token.txt --json',
    '<%= config.bin %> probe gateway.yaml --url ws://127.0.0.1:8080 --url wss://127.0.0.1:8443 --insecure --slow',
  ];
  static override args = { file: Args.string({ description: 'spec file the gateway was compiled from', required: true }) };
  static override flags = {
    url: Flags.string({ description: 'gateway address, ws[s]://host[:port] (repeatable: one per listener; paths and Host headers come from the spec)', required: true, multiple: true }),
    route: Flags.string({ description: 'probe only this route (repeatable)', multiple: true }),
    'token-file': Flags.string({ description: 'file with a valid token for auth routes (never forged by wsctl)' }),
    insecure: Flags.boolean({ description: 'do not verify the TLS certificate', default: false }),
    'expired-token-file': Flags.string({ description: 'file with an expired JWT: JWT routes must refuse it with 401' }),
    'wrong-audience-token-file': Flags.string({ description: 'file with a JWT whose aud the provider does not accept: refused with 401' }),
    'identity-header': Flags.string({ description: 'response header the backend sets on its 101 naming itself: enables the affinity check' }),
    reconnects: Flags.integer({ description: 'connections the affinity check makes', default: 4, min: 2, max: 20 }),
    hold: Flags.integer({ description: 'seconds a socket must stay open when the backend does not echo', default: 2, min: 1, max: 60 }),
    gateway: Flags.string({ description: 'gateway (metadata.name) to probe when the file holds several' }),
    slow: Flags.boolean({ description: 'also check idle timeouts and max durations: a silent or busy socket must be closed in time (waits them out)', default: false }),
    stress: Flags.boolean({ description: 'exceed the per-client limits (and a gateway limit of at most 64 sockets) on purpose and expect refusals (never without this flag)', default: false }),
    'time-limit': Flags.integer({ description: 'seconds for the whole run', default: 60, min: 1 }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Probe);
    let report;
    try {
      report = await probeGateway(args.file, {
        urls: flags.url,
        routes: flags.route ?? [],
        tokenFile: flags['token-file'] ?? null,
        insecure: flags.insecure,
        timeLimitMs: flags['time-limit'] * 1000,
        gateway: flags.gateway ?? null,
        expiredTokenFile: flags['expired-token-file'] ?? null,
        wrongAudienceTokenFile: flags['wrong-audience-token-file'] ?? null,
        identityHeader: flags['identity-header'] ?? null,
        reconnects: flags.reconnects,
        holdSeconds: flags.hold,
        slow: flags.slow,
        stress: flags.stress,
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

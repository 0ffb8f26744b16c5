import { Flags } from '@oclif/core';
import { loadGateway } from '../../api.js';
import { serializeBundle } from '../../bundle/bundle.js';
import { waitForRollout } from '../../control/wait.js';
import { parseDuration } from '../../spec/duration.js';
import { ExpectedError, WsctlCommand } from '../base.js';
import { clientFor, expectOk, gatewayPath, remoteFlags } from '../remote.js';

function durationMs(text: string): number | undefined {
  try {
    const ms = parseDuration(text);
    return ms === 'off' ? undefined : ms;
  } catch {
    return undefined;
  }
}

interface ApplyAnswer {
  applied: boolean;
  unchanged: boolean;
  version: string;
  snapshotVersion: string;
  connectedNodes?: number;
  diff: { changed: boolean; drainsListeners: boolean; types: Record<string, { added: string[]; changed: string[]; removed: string[] }> };
}

/** wsctl apply -f FILE... --server URL [--dry-run] [--wait [--timeout 2m]]. */
export default class Apply extends WsctlCommand {
  static override description = 'Send gateways to a running wsctl serve (validated here first, then by the server); --wait follows the rollout to the connected nodes.';
  static override examples = ['<%= config.bin %> apply -f chat.yaml --server http://127.0.0.1:18001 --token-file token --wait'];
  static override flags = {
    ...remoteFlags,
    file: Flags.string({ char: 'f', description: 'spec file (repeatable)', required: true, multiple: true }),
    'dry-run': Flags.boolean({ description: 'validate and diff on the server; change nothing', default: false }),
    wait: Flags.boolean({ description: 'wait until every connected node ACKed every type (exit 1 on a NACK or the timeout)', default: false }),
    timeout: Flags.string({ description: 'how long --wait waits', default: '2m' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Apply);
    const timeout = durationMs(flags.timeout);
    if (timeout === undefined) throw new ExpectedError(`--timeout must be a duration like 30s or 2m, not ${flags.timeout}`, 2);
    const client = clientFor(flags);
    const out = flags.json ? process.stderr : process.stdout;
    // on a terminal the progress line is redrawn in place; elsewhere every change is a line of its own
    const live = out.isTTY === true;
    let redraw = false;
    const say = (line: string, kind: 'progress' | 'nack' | 'result' = 'result'): void => {
      if (redraw) out.write(kind === 'progress' ? '\r\x1b[K' : '\n');
      redraw = live && kind === 'progress';
      out.write(redraw ? line : `${line}\n`);
    };
    const results: (ApplyAnswer & { gateway: string; rollout?: string })[] = [];
    for (const file of flags.file) {
      const loaded = loadGateway(file);
      if (!flags.json) this.printDiagnostics(loaded.diagnostics);
      if (!loaded.ok) throw new ExpectedError(`${file} is invalid; nothing was applied from it`);
      for (const bundle of loaded.bundles) {
        const name = bundle.gateway.metadata.name;
        const response = await client.request('PUT', `${gatewayPath(name)}${flags['dry-run'] ? '?dryRun=true' : ''}`, serializeBundle(bundle));
        const answer = expectOk(response, (d) => this.printDiagnostics(d)) as ApplyAnswer;
        results.push({ gateway: name, ...answer });
        const what = flags['dry-run'] ? (answer.diff.changed ? 'would change' : 'would not change') : answer.unchanged ? 'unchanged' : 'applied';
        say(`gateway ${name}: ${what} (version ${answer.version}${answer.diff.drainsListeners ? ', drains listeners' : ''})`);
      }
    }
    let failed = false;
    if (flags.wait && !flags['dry-run']) {
      for (const result of results) {
        const outcome = await waitForRollout(client, result.gateway, result.snapshotVersion, timeout, say);
        result.rollout = outcome.result;
        if (outcome.result === 'converged') say(`gateway ${result.gateway}: rolled out to ${outcome.status?.nodes.length ?? 0} node(s)`);
        else {
          failed = true;
          say(`gateway ${result.gateway}: ${outcome.result === 'nack' ? 'rejected by a node' : `not rolled out within ${flags.timeout}`}`);
        }
      }
    }
    if (redraw) out.write('\n');
    if (flags.json) this.printJson({ ok: !failed, gateways: results });
    this.finish(failed ? 1 : 0);
  }
}

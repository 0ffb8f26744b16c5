import { Flags } from '@oclif/core';
import { loadGateway } from '../../api.js';
import { serializeBundle } from '../../bundle/bundle.js';
import { ExpectedError, WsctlCommand } from '../base.js';
import { clientFor, expectOk, gatewayPath, remoteFlags } from '../remote.js';

interface DiffAnswer {
  changed: boolean;
  types: Record<string, { added: string[]; changed: string[]; removed: string[] }>;
  drainsListeners: boolean;
  drainedListeners: string[];
  connectedNodes: number;
  liveVersion: string | null;
}

/** wsctl diff -f FILE: what applying would change, per xDS resource; exit 1 when anything would. */
export default class Diff extends WsctlCommand {
  static override description = 'Show what applying a spec would change on a running wsctl serve, per xDS resource; exit 1 when something differs (like kubectl diff).';
  static override examples = ['<%= config.bin %> diff -f chat.yaml --server http://127.0.0.1:18001 --token-file token'];
  static override flags = { ...remoteFlags, file: Flags.string({ char: 'f', description: 'spec file (repeatable)', required: true, multiple: true }) };

  async run(): Promise<void> {
    const { flags } = await this.parse(Diff);
    const client = clientFor(flags);
    const diffs: (DiffAnswer & { gateway: string })[] = [];
    for (const file of flags.file) {
      const loaded = loadGateway(file);
      if (!flags.json) this.printDiagnostics(loaded.diagnostics);
      if (!loaded.ok) throw new ExpectedError(`${file} is invalid`);
      for (const bundle of loaded.bundles) {
        const name = bundle.gateway.metadata.name;
        const answer = expectOk(await client.request('POST', gatewayPath(name, '/diff'), serializeBundle(bundle)), (d) => this.printDiagnostics(d)) as DiffAnswer;
        diffs.push({ gateway: name, ...answer });
      }
    }
    if (flags.json) this.printJson({ ok: true, changed: diffs.some((d) => d.changed), gateways: diffs });
    else {
      for (const d of diffs) {
        process.stdout.write(`gateway ${d.gateway} (live version ${d.liveVersion ?? 'none'}): ${d.changed ? 'differs' : 'no change'}\n`);
        for (const [type, t] of Object.entries(d.types)) {
          for (const [mark, names] of [['+', t.added], ['~', t.changed], ['-', t.removed]] as const) for (const n of names) process.stdout.write(`  ${mark} ${type} ${n}\n`);
        }
        if (d.drainsListeners) process.stdout.write(`  listeners ${d.drainedListeners.join(', ')} drain on ${d.connectedNodes} connected node(s): open WebSockets close after the drain time\n`);
      }
    }
    this.finish(diffs.some((d) => d.changed) ? 1 : 0);
  }
}

import { Args } from '@oclif/core';
import type { GatewayView } from '../../control/gateways.js';
import { WsctlCommand } from '../base.js';
import { clientFor, expectOk, gatewayPath, remoteFlags } from '../remote.js';

/** wsctl get [NAME]: the gateways a server manages, or one of them (spec, file digests, versions). */
export default class Get extends WsctlCommand {
  static override description = 'List the gateways applied to a wsctl serve, or show one: spec, versions, file digests (never file contents).';
  static override examples = ['<%= config.bin %> get --server http://127.0.0.1:18001', '<%= config.bin %> get chat --json'];
  static override args = { name: Args.string({ description: 'gateway name' }) };
  static override flags = { ...remoteFlags };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Get);
    const client = clientFor(flags);
    if (args.name) {
      const gateway = expectOk(await client.request('GET', gatewayPath(args.name))) as GatewayView;
      if (flags.json) return this.printJson(gateway);
      process.stdout.write(`gateway ${gateway.name}\n  version ${gateway.version} (snapshot ${gateway.snapshotVersion ?? 'none'}), applied ${gateway.appliedAt}\n`);
      for (const [type, t] of Object.entries(gateway.types)) process.stdout.write(`  ${type}: ${t.resources} resource(s), version ${t.version}\n`);
      for (const [ref, f] of Object.entries(gateway.files)) process.stdout.write(`  file ${ref}: ${f.bytes} bytes, sha256 ${f.sha256}\n`);
      return;
    }
    const list = expectOk(await client.request('GET', '/v1/gateways')) as { gateways: GatewayView[] };
    if (flags.json) return this.printJson(list);
    if (list.gateways.length === 0) process.stdout.write('no gateways applied\n');
    for (const g of list.gateways) process.stdout.write(`${g.name}\t${g.version}\t${g.appliedAt}\n`);
  }
}

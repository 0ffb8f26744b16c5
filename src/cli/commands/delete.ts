import { Args } from '@oclif/core';
import { WsctlCommand } from '../base.js';
import { clientFor, expectOk, gatewayPath, remoteFlags } from '../remote.js';

/** wsctl delete NAME: stop serving an applied gateway. */
export default class Delete extends WsctlCommand {
  static override description = 'Stop serving a gateway applied with wsctl apply and forget it (its nodes keep the configuration they have).';
  static override examples = ['<%= config.bin %> delete chat --server http://127.0.0.1:18001'];
  static override args = { name: Args.string({ description: 'gateway name', required: true }) };
  static override flags = { ...remoteFlags };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Delete);
    expectOk(await clientFor(flags).request('DELETE', gatewayPath(args.name)));
    if (flags.json) this.printJson({ ok: true, deleted: args.name });
    else process.stdout.write(`gateway ${args.name}: deleted\n`);
  }
}

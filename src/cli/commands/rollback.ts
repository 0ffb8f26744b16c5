import { Args, Flags } from '@oclif/core';
import { WsctlCommand } from '../base.js';
import { clientFor, expectOk, gatewayPath, remoteFlags } from '../remote.js';

/** wsctl rollback NAME --to VERSION: serve an earlier version of a gateway again. */
export default class Rollback extends WsctlCommand {
  static override description = 'Serve an earlier version of a gateway again, byte for byte (see its versions with --json on get, or the history endpoint).';
  static override examples = ['<%= config.bin %> rollback chat --to 0cbb9e81cad406e3 --server http://127.0.0.1:18001'];
  static override args = { name: Args.string({ description: 'gateway name', required: true }) };
  static override flags = { ...remoteFlags, to: Flags.string({ description: 'version to restore', required: true }) };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Rollback);
    const answer = expectOk(await clientFor(flags).request('POST', gatewayPath(args.name, '/rollback'), JSON.stringify({ to: flags.to }))) as { version: string };
    if (flags.json) this.printJson({ ok: true, ...answer });
    else process.stdout.write(`gateway ${args.name}: rolled back to version ${answer.version}\n`);
  }
}

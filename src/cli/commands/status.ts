import { Args } from '@oclif/core';
import type { GatewayRollout } from '../../control/rollout.js';
import { progressLine } from '../../control/wait.js';
import { WsctlCommand } from '../base.js';
import { clientFor, expectOk, gatewayPath, remoteFlags } from '../remote.js';

/** wsctl status NAME: the rollout of a gateway to its connected nodes; exit 1 while it has not converged. */
export default class Status extends WsctlCommand {
  static override description = 'Show a gateway\'s rollout: per connected node and type, the version ACKed, the last NACK and Envoy\'s error; exit 1 when not converged.';
  static override examples = ['<%= config.bin %> status chat --server http://127.0.0.1:18001'];
  static override args = { name: Args.string({ description: 'gateway name', required: true }) };
  static override flags = { ...remoteFlags };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Status);
    const status = expectOk(await clientFor(flags).request('GET', gatewayPath(args.name, '/status'))) as GatewayRollout & { version: string | null };
    if (flags.json) this.printJson(status);
    else {
      process.stdout.write(`${progressLine(status)}; ${status.converged ? 'converged' : 'not converged'} (snapshot ${status.snapshotVersion ?? 'none'})\n`);
      if (status.fleet?.stale) process.stdout.write(`  fleet view unavailable: ${status.fleet.stale}\n`);
      for (const node of status.nodes) {
        const where = node.replica === undefined ? '' : ` (replica ${node.replica}${node.behind ? ', which has not served this snapshot yet' : ''})`;
        process.stdout.write(`  node ${node.id}${where}: ${node.converged ? 'converged' : 'pending'}\n`);
        for (const [type, t] of Object.entries(node.types)) {
          const nack = t.lastNack?.current ? `; NACK: ${t.lastNack.error}` : '';
          process.stdout.write(`    ${type}: sent ${t.sentVersion ?? '-'}, ACKed ${t.ackedVersion ?? '-'}${nack}\n`);
        }
      }
    }
    this.finish(status.converged ? 0 : 1);
  }
}

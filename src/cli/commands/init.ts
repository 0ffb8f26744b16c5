import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { Args, Flags } from '@oclif/core';
import { writeOutputs } from '../../output/write.js';
import { ExpectedError, WsctlCommand } from '../base.js';

/** wsctl init [FILE]: writes a commented starter spec. */
export default class Init extends WsctlCommand {
  static override description = 'Write a commented starter spec (default gateway.yaml).';
  static override args = { file: Args.string({ description: 'file to create', default: 'gateway.yaml' }) };
  static override flags = { force: Flags.boolean({ description: 'overwrite an existing file', default: false }) };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Init);
    if (existsSync(args.file) && !flags.force) throw new ExpectedError(`${args.file} already exists; use --force to overwrite it`);
    const starter = readFileSync(new URL('../../../templates/init/gateway.yaml', import.meta.url), 'utf8');
    writeOutputs(dirname(args.file), [{ path: basename(args.file), content: starter }]);
    if (flags.json) this.printJson({ ok: true, written: [args.file] });
    else process.stdout.write(`wrote ${args.file}; next: wsctl validate ${args.file}\n`);
  }
}

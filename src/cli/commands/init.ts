import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { Args, Flags } from '@oclif/core';
import { writeOutputs } from '../../output/write.js';
import { ExpectedError, WsctlCommand } from '../base.js';

/** wsctl init [FILE] [--ts]: writes a commented starter spec (YAML, or a TypeScript gateway module). */
export default class Init extends WsctlCommand {
  static override description = 'Write a commented starter spec (default gateway.yaml; with --ts, gateway.ts using the typed DSL).';
  static override examples = ['<%= config.bin %> init', '<%= config.bin %> init --ts'];
  static override args = { file: Args.string({ description: 'file to create (default gateway.yaml, or gateway.ts with --ts)' }) };
  static override flags = {
    force: Flags.boolean({ description: 'overwrite an existing file', default: false }),
    ts: Flags.boolean({ description: 'write a TypeScript gateway module (the typed DSL) instead of YAML', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Init);
    const file = args.file ?? (flags.ts ? 'gateway.ts' : 'gateway.yaml');
    if (existsSync(file) && !flags.force) throw new ExpectedError(`${file} already exists; use --force to overwrite it`);
    const starter = readFileSync(new URL(`../../../templates/init/gateway.${flags.ts ? 'ts' : 'yaml'}`, import.meta.url), 'utf8');
    writeOutputs(dirname(file), [{ path: basename(file), content: starter }]);
    if (flags.json) this.printJson({ ok: true, written: [file] });
    else process.stdout.write(`wrote ${file}; next: wsctl validate ${file}\n`);
  }
}

import { Args } from '@oclif/core';
import { validateFiles } from '../../spec/validate.js';
import { WsctlCommand } from '../base.js';

/** wsctl validate FILE...: schema and semantic checks, all problems at once. */
export default class Validate extends WsctlCommand {
  static override description = 'Check spec files: schema, references, files; errors as file:line:col.';
  static override examples = ['<%= config.bin %> validate examples/*.yaml', '<%= config.bin %> validate gateway.yaml --json'];
  static override strict = false;
  static override args = { file: Args.string({ description: 'spec files (YAML or JSON)', required: true }) };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Validate);
    const files = argv as string[];
    const result = validateFiles(files);
    if (flags.json) {
      this.printJson({ ok: result.ok, gateways: result.gateways.map((g) => ({ name: g.gateway.metadata.name, file: g.file })), diagnostics: result.diagnostics });
    } else {
      this.printDiagnostics(result.diagnostics);
      if (result.ok) {
        for (const file of files) {
          const names = result.gateways.filter((g) => g.file === file).map((g) => g.gateway.metadata.name);
          process.stdout.write(`${file}: ok (${names.length === 1 ? 'gateway' : 'gateways'} ${names.join(', ')})\n`);
        }
      }
    }
    this.finish(result.ok ? 0 : 1);
  }
}

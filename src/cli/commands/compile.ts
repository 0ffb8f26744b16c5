import { Args, Flags } from '@oclif/core';
import { compileFile } from '../../compile/compile-file.js';
import type { Drift } from '../../output/check.js';
import { targetNames } from '../../targets/registry.js';
import { WsctlCommand } from '../base.js';

/** wsctl compile FILE --target T --out DIR [--check]. */
export default class Compile extends WsctlCommand {
  static override description = 'Compile a spec into proxy configs (or the IR), removing files an earlier compile generated that the spec no longer produces (listed in DIR/<target>/.wsctl-manifest); --check reports drift, stale files included, and writes nothing.';
  static override examples = [
    '<%= config.bin %> compile examples/chat.yaml --target nginx --out out/',
    '<%= config.bin %> compile examples/chat.yaml --target all --out deploy/ --check',
  ];
  static override args = { file: Args.string({ description: 'spec file', required: true }) };
  static override flags = {
    target: Flags.string({ char: 't', description: 'what to generate', options: targetNames(), required: true }),
    out: Flags.string({ char: 'o', description: 'output directory', required: true }),
    check: Flags.boolean({ description: 'write nothing; exit 1 with a diff when the output directory differs (stale files included)', default: false }),
    gateway: Flags.string({ description: 'gateway name, when the file holds several' }),
    'allow-degraded': Flags.boolean({ description: 'accept documented fallbacks for features a target cannot honour exactly', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Compile);
    const result = compileFile(args.file, {
      target: flags.target,
      outDir: flags.out,
      gateway: flags.gateway,
      check: flags.check,
      allowDegraded: flags['allow-degraded'],
    });
    if (flags.json) {
      this.printJson({
        ok: result.exitCode === 0,
        diagnostics: result.diagnostics,
        files: result.files.map((f) => f.path),
        written: result.written,
        removed: result.removed,
        drift: result.drift,
      });
      return this.finish(result.exitCode);
    }
    this.printDiagnostics(result.diagnostics);
    if (flags.check) {
      for (const drift of result.drift) process.stdout.write(drift.diff);
      if (result.drift.length) process.stderr.write(`wsctl: ${result.drift.length} file(s) in ${flags.out} differ from the spec (${describeDrift(result.drift)}); run without --check to regenerate\n`);
      else if (result.exitCode === 0) process.stdout.write(`${flags.out}: up to date (${result.files.length} files)\n`);
    } else {
      for (const path of result.written) process.stdout.write(`wrote ${path}\n`);
      for (const path of result.removed) process.stdout.write(`removed ${path} (no longer generated)\n`);
    }
    this.finish(result.exitCode);
  }
}

/** Which files drifted, by kind: "changed: a, b; stale: c". */
function describeDrift(drift: readonly Drift[]): string {
  const kinds = ['changed', 'missing', 'stale'] as const;
  return kinds
    .map((kind) => [kind, drift.filter((d) => d.kind === kind).map((d) => d.path)] as const)
    .filter(([, paths]) => paths.length > 0)
    .map(([kind, paths]) => `${kind}: ${paths.join(', ')}`)
    .join('; ');
}

import { join } from 'node:path';
import { Codes } from '../diag/codes.js';
import { sortDiagnostics, type Diagnostic } from '../diag/diagnostic.js';
import type { IrGateway } from '../ir/types.js';
import { checkOutputs, type Drift } from '../output/check.js';
import { replaceOutputs } from '../output/replace.js';
import { validateFiles } from '../spec/validate.js';
import { resolveTargets } from '../targets/registry.js';
import type { OutputFile } from '../targets/target.js';
import { compileGateway } from './compile.js';

/** Options of `wsctl compile`. */
export interface CompileFileOptions {
  /** --target: a target name or 'all'. */
  target: string;
  /** --out: output directory. */
  outDir: string;
  /** --gateway: which gateway, when the file holds several. */
  gateway?: string;
  /** --check: write nothing, report drift. */
  check?: boolean;
  /** --allow-degraded: degraded features become warnings. */
  allowDegraded?: boolean;
}

/** Outcome of `wsctl compile`. */
export interface CompileFileResult {
  /** Everything found, sorted. */
  diagnostics: Diagnostic[];
  /** The IR, when validation passed. */
  ir?: IrGateway;
  /** Generated files (written unless check). */
  files: OutputFile[];
  /** Paths written (empty with check). */
  written: string[];
  /** Stale files of an earlier compile removed (empty with check). */
  removed: string[];
  /** With check: files that differ from what would be generated. */
  drift: Drift[];
  /** 0 ok, 1 invalid input or drift. */
  exitCode: 0 | 1;
}

/**
 * Validates FILE, compiles one gateway for the target(s), then writes or checks the output directory.
 * Writing removes, last, the files an earlier compile generated that this one no longer does.
 */
export function compileFile(file: string, options: CompileFileOptions): CompileFileResult {
  const targets = resolveTargets(options.target);
  const validation = validateFiles([file]);
  const failed = (diagnostics: Diagnostic[]): CompileFileResult => ({ diagnostics, files: [], written: [], removed: [], drift: [], exitCode: 1 });
  if (!validation.ok) return failed(validation.diagnostics);
  const names = validation.gateways.map((g) => g.gateway.metadata.name);
  const chosen = options.gateway
    ? validation.gateways.find((g) => g.gateway.metadata.name === options.gateway)
    : validation.gateways.length === 1
      ? validation.gateways[0]
      : undefined;
  if (!chosen) {
    const message = options.gateway
      ? `no gateway named "${options.gateway}" in ${file}; it holds ${names.join(', ')}`
      : `${file} holds ${names.length} gateways (${names.join(', ')}); choose one with --gateway`;
    return failed([...validation.diagnostics, { code: Codes.GATEWAY_CHOICE, severity: 'error', message, path: '', file, line: 0, col: 0 }]);
  }
  const compiled = compileGateway(chosen, targets, { outDir: options.outDir, allowDegraded: options.allowDegraded ?? false });
  const diagnostics = sortDiagnostics([...validation.diagnostics, ...compiled.diagnostics]);
  if (!compiled.ok) return { ...failed(diagnostics), ir: compiled.ir };
  if (options.check) {
    const drift = checkOutputs(options.outDir, compiled.files);
    return { diagnostics, ir: compiled.ir, files: compiled.files, written: [], removed: [], drift, exitCode: drift.length ? 1 : 0 };
  }
  const { written, removed } = replaceOutputs(options.outDir, compiled.files);
  return { diagnostics, ir: compiled.ir, files: compiled.files, written, removed: removed.map((p) => join(options.outDir, p)), drift: [], exitCode: 0 };
}

import { basename, relative, resolve } from 'node:path';
import { Codes } from '../diag/codes.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../diag/diagnostic.js';
import { lowerGateway } from '../ir/lower.js';
import type { IrGateway } from '../ir/types.js';
import { resolveSpecPath } from '../spec/files.js';
import type { SourcedGateway } from '../spec/validate.js';
import type { EmitContext, OutputFile, SpecElement, Target } from '../targets/target.js';
import { checkCapabilities } from './capability-check.js';
import { diagnosticAt } from './locate-element.js';

/** Options of one compilation. */
export interface CompileOptions {
  /** Output directory: generated paths are relative to it, and configs refer to spec files relative to it. */
  outDir: string;
  /** Accept degraded features with a warning instead of failing. */
  allowDegraded?: boolean;
}

/** What a compilation produced: files only when there is no error. */
export interface CompileResult {
  /** The IR the targets read. */
  ir: IrGateway;
  /** Files to write (empty when any error was found). */
  files: OutputFile[];
  /** Capability and emitter diagnostics. */
  diagnostics: Diagnostic[];
  /** True when there is no error. */
  ok: boolean;
}

/** Where diagnostics point: the spec element in its source file, or (IR input) nowhere in particular. */
type Locate = (code: string, severity: Diagnostic['severity'], message: string, at?: SpecElement) => Diagnostic;

function pathFromOutput(specDir: string, outDir: string): EmitContext['pathFromOutput'] {
  const absOut = resolve(outDir);
  return (ref, targetDir) => relative(resolve(absOut, targetDir), resolveSpecPath(specDir, ref)).split('\\').join('/');
}

/** The emit context for a validated gateway: diagnostics located in its spec file. */
export function emitContextFor(source: SourcedGateway, outDir: string): EmitContext {
  return {
    pathFromOutput: pathFromOutput(source.specDir, outDir),
    specName: basename(source.file),
    diagnostic: (code, severity, message, at) => diagnosticAt(source, code, severity, message, at),
  };
}

/** The emit context for an IR given directly: referenced paths resolve against specDir, diagnostics name the element. */
export function emitContextForIr(ir: IrGateway, options: { outDir: string; specDir?: string; specName?: string }): EmitContext {
  return {
    pathFromOutput: pathFromOutput(resolve(options.specDir ?? '.'), options.outDir),
    specName: options.specName ?? `${ir.name} (IR)`,
    diagnostic: (code, severity, message, at) => ({ code, severity, message, path: at ? `${at.element} ${at.name} ${at.field.join('.')}`.trim() : '', file: options.specName ?? '', line: 0, col: 0 }),
  };
}

/** Checks capabilities and emits every target from one IR; files only when nothing failed. */
export function emitTargets(ir: IrGateway, targets: readonly Target[], ctx: EmitContext, locate: Locate, allowDegraded: boolean): CompileResult {
  const diagnostics: Diagnostic[] = [];
  const files: OutputFile[] = [];
  for (const target of targets) {
    const refused = checkCapabilities(ir, target, locate, allowDegraded);
    diagnostics.push(...refused);
    if (hasErrors(refused)) continue;
    try {
      const output = target.emit(ir, ctx);
      diagnostics.push(...output.diagnostics);
      files.push(...output.files);
    } catch (error) {
      // an emitter that throws has a bug or met input the validator should have refused: say so plainly
      const detail = error instanceof Error ? error.message : String(error);
      diagnostics.push(locate(Codes.TARGET_INTERNAL, 'error', `target ${target.name} failed (a wsctl bug; please report it with the spec): ${detail}`));
    }
  }
  const ok = !hasErrors(diagnostics);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { ir, files: ok ? files : [], diagnostics: sortDiagnostics(diagnostics), ok };
}

/** Compiles one validated gateway for the given targets: lower its bundle once, check capabilities, emit each. */
export function compileGateway(source: SourcedGateway, targets: readonly Target[], options: CompileOptions): CompileResult {
  const ir = lowerGateway(source.bundle.gateway, source.bundle.files);
  const ctx = emitContextFor(source, options.outDir);
  return emitTargets(ir, targets, ctx, (code, severity, message, at) => diagnosticAt(source, code, severity, message, at), options.allowDegraded ?? false);
}

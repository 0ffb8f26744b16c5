import { readFileSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import { Codes } from '../diag/codes.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../diag/diagnostic.js';
import { lowerGateway } from '../ir/lower.js';
import type { IrGateway } from '../ir/types.js';
import { resolveSpecPath } from '../spec/files.js';
import type { SourcedGateway } from '../spec/validate.js';
import type { EmitContext, OutputFile, Target } from '../targets/target.js';
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

/** The emit context for a gateway: spec files resolved against the spec directory. */
export function emitContextFor(source: SourcedGateway, outDir: string): EmitContext {
  const absOut = resolve(outDir);
  return {
    readFile: (ref) => readFileSync(resolveSpecPath(source.specDir, ref), 'utf8'),
    pathFromOutput: (ref, targetDir) => {
      const rel = relative(resolve(absOut, targetDir), resolveSpecPath(source.specDir, ref));
      return rel.split('\\').join('/');
    },
    specName: basename(source.file),
    diagnostic: (code, severity, message, at) => diagnosticAt(source, code, severity, message, at),
  };
}

/** Key types (kty) in a JWKS file, for capability checks that depend on the algorithm. */
function jwksKeyTypes(ctx: EmitContext): (file: string) => string[] {
  return (file) => {
    const parsed = JSON.parse(ctx.readFile(file)) as { keys?: { kty?: string }[] };
    return (parsed.keys ?? []).map((k) => String(k.kty));
  };
}

/** Compiles one validated gateway for the given targets: lower once, check capabilities, emit each. */
export function compileGateway(source: SourcedGateway, targets: readonly Target[], options: CompileOptions): CompileResult {
  const ir = lowerGateway(source.gateway);
  const ctx = emitContextFor(source, options.outDir);
  const diagnostics: Diagnostic[] = [];
  const files: OutputFile[] = [];
  for (const target of targets) {
    const refused = checkCapabilities(ir, target, source, options.allowDegraded ?? false, jwksKeyTypes(ctx));
    diagnostics.push(...refused);
    if (hasErrors(refused)) continue;
    try {
      const output = target.emit(ir, ctx);
      diagnostics.push(...output.diagnostics);
      files.push(...output.files);
    } catch (error) {
      // an emitter that throws has a bug or met input the validator should have refused: say so plainly
      const detail = error instanceof Error ? error.message : String(error);
      diagnostics.push(diagnosticAt(source, Codes.TARGET_INTERNAL, 'error', `target ${target.name} failed (a wsctl bug; please report it with the spec): ${detail}`));
    }
  }
  const ok = !hasErrors(diagnostics);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { ir, files: ok ? files : [], diagnostics: sortDiagnostics(diagnostics), ok };
}

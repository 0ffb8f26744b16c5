import { BUNDLE_API_VERSION, type GatewayBundle } from './bundle/types.js';
import { compileGateway, emitContextForIr, emitTargets, type CompileResult } from './compile/compile.js';
import { renderDiagnostics } from './diag/render.js';
import type { Diagnostic } from './diag/diagnostic.js';
import { lowerGateway } from './ir/lower.js';
import type { IrGateway } from './ir/types.js';
import { validateBundle, validateFiles, type SourcedGateway, type ValidationResult } from './spec/validate.js';
import { resolveTargets } from './targets/registry.js';

/** What loading a spec file found: one bundle per gateway in it, or the diagnostics that refused it. */
export interface LoadedGateways {
  /** True when the file and every file it references passed every check. */
  ok: boolean;
  /** One bundle per gateway (empty when anything failed). */
  bundles: GatewayBundle[];
  /** Every problem found, errors and warnings, sorted. */
  diagnostics: Diagnostic[];
  /** The bundles with their source documents, for diagnostics located in the file. */
  sources: SourcedGateway[];
}

/** Loads a spec file (YAML or JSON) and every file it references, validated: the gateways as bundles. */
export function loadGateway(path: string): LoadedGateways {
  const result = validateFiles([path]);
  return { ok: result.ok, bundles: result.gateways.map((g) => g.bundle), diagnostics: result.diagnostics, sources: result.gateways };
}

/** Validates a bundle without touching the disk: the same checks and diagnostics as `wsctl validate`. */
export function validateGateway(bundle: GatewayBundle): ValidationResult {
  return validateBundle(bundle);
}

function validOne(bundle: GatewayBundle): SourcedGateway {
  const result = validateBundle(bundle);
  const source = result.gateways[0];
  if (!result.ok || !source) throw new Error(`the bundle is not valid:\n${renderDiagnostics(result.diagnostics)}`);
  return source;
}

/** Lowers a bundle to the IR (validating it first; throws with the diagnostics when it is invalid). */
export function lower(bundle: GatewayBundle): IrGateway {
  const source = validOne(bundle);
  return lowerGateway(source.bundle.gateway, source.bundle.files);
}

/** Options of `compile`. */
export interface CompileApiOptions {
  /** A target name (nginx, haproxy, envoy, ir) or 'all'. */
  target: string;
  /** Accept degraded features with a warning. */
  allowDegraded?: boolean;
  /** Where the files will be written (configs that read files at start-up refer to them relative to it); default `out`. */
  outDir?: string;
  /** Where the spec's relative file paths are rooted; default the working directory. */
  specDir?: string;
}

/** What `compile` produced: the IR is null when the bundle was refused before lowering. */
export type CompiledGateway = Omit<CompileResult, 'ir'> & { /** The IR, or null for an invalid bundle. */ ir: IrGateway | null };

function isBundle(input: GatewayBundle | IrGateway): input is GatewayBundle {
  return (input as Partial<GatewayBundle>).apiVersion === BUNDLE_API_VERSION;
}

/**
 * Compiles a bundle (validated first) or an IR for a target, in memory: the files and diagnostics,
 * nothing written. The same bytes as `wsctl compile` for the same input.
 */
export function compile(input: GatewayBundle | IrGateway, options: CompileApiOptions): CompiledGateway {
  const targets = resolveTargets(options.target);
  const outDir = options.outDir ?? 'out';
  if (isBundle(input)) {
    const result = validateBundle(input, { specDir: options.specDir });
    const source = result.gateways[0];
    if (!result.ok || !source) return { ir: null, files: [], diagnostics: result.diagnostics, ok: false };
    return compileGateway(source, targets, { outDir, allowDegraded: options.allowDegraded });
  }
  const ctx = emitContextForIr(input, { outDir, specDir: options.specDir });
  return emitTargets(input, targets, ctx, ctx.diagnostic, options.allowDegraded ?? false);
}

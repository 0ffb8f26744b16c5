import type { Diagnostic, Severity } from '../diag/diagnostic.js';
import type { PathSegment } from '../diag/path.js';
import type { IrGateway } from '../ir/types.js';
import type { CapabilityTable } from './capabilities.js';

/** One generated file, relative to the output directory (e.g. nginx/nginx.conf). */
export interface OutputFile {
  /** Path relative to the output directory, with forward slashes. */
  path: string;
  /** File content. */
  content: string;
  /** File mode (default 0o644); secrets get 0o600. */
  mode?: number;
}

/** A place in the spec named the way the IR knows it: an element by kind and name, and a field under it. */
export interface SpecElement {
  /** Which list the element is in ('gateway' for gateway-wide settings). */
  element: 'listener' | 'route' | 'backend' | 'authProvider' | 'gateway';
  /** Element name (the gateway name for gateway-wide settings). */
  name: string;
  /** Field path under the element, e.g. ['tls', 'serverName']. */
  field: PathSegment[];
}

/**
 * What a target needs besides the IR (which carries every file's content): where configs that read
 * files at start-up find them, the spec's name for headers, and how to locate a diagnostic.
 */
export interface EmitContext {
  /**
   * The path a generated config should use for a referenced file, relative to the directory the
   * target's config is written to (e.g. DIR/nginx), so the output tree stays relocatable.
   */
  pathFromOutput(ref: string, targetDir: string): string;
  /** The spec file name (for generated headers); never an absolute path. */
  specName: string;
  /** A diagnostic about the spec, located at the element's line and column when `at` is given. */
  diagnostic(code: string, severity: Severity, message: string, at?: SpecElement): Diagnostic;
}

/** What a target produced. */
export interface TargetOutput {
  /** Files to write. */
  files: OutputFile[];
  /** Warnings or errors found while emitting. */
  diagnostics: Diagnostic[];
}

/** A compile target: a capability table and a pure emitter from IR to files. */
export interface Target {
  /** Target name used by --target. */
  name: string;
  /** One-line description. */
  description: string;
  /** What this target honours; checked before emit. */
  capabilities: CapabilityTable | null;
  /** Turns the IR into files. Pure: same IR and files in, same bytes out. */
  emit(ir: IrGateway, ctx: EmitContext): TargetOutput;
}

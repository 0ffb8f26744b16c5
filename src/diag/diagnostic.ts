/** Severity of a diagnostic: errors fail the command, warnings are printed only. */
export type Severity = 'error' | 'warning';

/** A problem found in a spec, as plain data: rendered as text or JSON by the CLI. */
export interface Diagnostic {
  /** Stable code, e.g. WS0103 (see src/diag/codes.ts). */
  code: string;
  /** error or warning. */
  severity: Severity;
  /** Human-readable message, without the location. */
  message: string;
  /** Field path inside the document, e.g. spec.routes[0].backend ('' for the whole file). */
  path: string;
  /** File the problem is in, as given on the command line. */
  file: string;
  /** 1-based line, 0 when unknown. */
  line: number;
  /** 1-based column, 0 when unknown. */
  col: number;
}

/** Raised for an expected failure that should stop the command with the given diagnostics. */
export class DiagnosticsError extends Error {
  /** The diagnostics that stopped the command. */
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => `${d.code}: ${d.message}`).join('; '));
    this.name = 'DiagnosticsError';
    this.diagnostics = diagnostics;
  }
}

/** True when any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/**
 * Orders diagnostics by file, line, column, then code, so output does not depend on check order, and
 * drops exact repeats: an emitter that meets the same problem in each of 10,000 places (a backend's
 * capped timeout in every location) reports it once.
 */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const unique = diagnostics.filter((d) => {
    const key = JSON.stringify(d);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.code.localeCompare(b.code) ||
      a.message.localeCompare(b.message),
  );
}

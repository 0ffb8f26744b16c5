import { readFileSync } from 'node:fs';
import type { Diagnostic } from './diagnostic.js';

/** Source texts by file name, used to show the offending line; missing files are read on demand. */
export type SourceLookup = (file: string) => string | undefined;

/** Reads a source file for rendering, or undefined when it cannot be read. */
export const readSource: SourceLookup = (file) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

/** The first line of a diagnostic, compiler style: file:line:col: severity CODE: path: message. */
export function formatDiagnosticLine(d: Diagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.col}` : d.file;
  const path = d.path ? `${d.path}: ` : '';
  return `${where}: ${d.severity} ${d.code}: ${path}${d.message}`;
}

/** Renders diagnostics like a compiler: one line each, then the source line and a caret under the column. */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], lookup: SourceLookup = readSource): string {
  const cache = new Map<string, string[] | undefined>();
  const linesOf = (file: string): string[] | undefined => {
    if (!cache.has(file)) cache.set(file, lookup(file)?.split(/\r?\n/));
    return cache.get(file);
  };
  const out: string[] = [];
  for (const d of diagnostics) {
    out.push(formatDiagnosticLine(d));
    const source = d.line > 0 ? linesOf(d.file)?.[d.line - 1] : undefined;
    if (source === undefined) continue;
    const gutter = String(d.line).padStart(5);
    const shown = source.length > 200 ? `${source.slice(0, 200)}...` : source;
    out.push(`${gutter} | ${shown}`);
    out.push(`${' '.repeat(gutter.length)} | ${' '.repeat(Math.max(0, Math.min(d.col - 1, 200)))}^`);
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

/** A one-line summary: "2 errors, 1 warning". */
export function summarize(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}

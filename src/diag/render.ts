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

/** Warnings shown in full per kind before the rest are counted on one line. */
export const WARNINGS_SHOWN_PER_KIND = 3;

/** What makes warnings alike: code and message, and the field path with its list indexes left out. */
function kindOf(d: Diagnostic): string {
  return JSON.stringify([d.code, d.message, d.path.replace(/\[\d+\]/g, '[*]')]);
}

/**
 * Renders diagnostics like a compiler: one line each, then the source line and a caret under the column.
 * Every error is shown; of warnings alike (one degraded default in each of 10,000 routes) the first few
 * are, and one line counts the rest (`--json` lists every one).
 */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], lookup: SourceLookup = readSource): string {
  const cache = new Map<string, string[] | undefined>();
  const linesOf = (file: string): string[] | undefined => {
    if (!cache.has(file)) cache.set(file, lookup(file)?.split(/\r?\n/));
    return cache.get(file);
  };
  const total = new Map<string, number>();
  for (const d of diagnostics) if (d.severity === 'warning') total.set(kindOf(d), (total.get(kindOf(d)) ?? 0) + 1);
  const shown = new Map<string, number>();
  const out: string[] = [];
  for (const d of diagnostics) {
    if (d.severity === 'warning') {
      const kind = kindOf(d);
      const count = (shown.get(kind) ?? 0) + 1;
      shown.set(kind, count);
      const rest = (total.get(kind) ?? 0) - WARNINGS_SHOWN_PER_KIND;
      // a count line stands for two or more: a single one more is shown instead
      if (rest >= 2 && count > WARNINGS_SHOWN_PER_KIND) continue;
      if (rest >= 2 && count === WARNINGS_SHOWN_PER_KIND) {
        renderOne(d, linesOf, out);
        out.push(`... and ${rest.toLocaleString('en-US')} more warning${rest === 1 ? '' : 's'} ${d.code} like it at ${d.path.replace(/\[\d+\]/g, '[*]') || d.file} (--json lists every one)`);
        continue;
      }
    }
    renderOne(d, linesOf, out);
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

/** One diagnostic: its line, then the source line and a caret under the column when the source is known. */
function renderOne(d: Diagnostic, linesOf: (file: string) => string[] | undefined, out: string[]): void {
  out.push(formatDiagnosticLine(d));
  const source = d.line > 0 ? linesOf(d.file)?.[d.line - 1] : undefined;
  if (source === undefined) return;
  const gutter = String(d.line).padStart(5);
  const shown = source.length > 200 ? `${source.slice(0, 200)}...` : source;
  out.push(`${gutter} | ${shown}`);
  out.push(`${' '.repeat(gutter.length)} | ${' '.repeat(Math.max(0, Math.min(d.col - 1, 200)))}^`);
}

/** A one-line summary: "2 errors, 1 warning". */
export function summarize(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}
